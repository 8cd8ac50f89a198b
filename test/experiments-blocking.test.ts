// blocking: a 1:1 library blocks only the reader's kernel task; a green library's unwrapped
// read blocks its one kernel task and with it every thread; NGPT's unwrapped read blocks one
// native, so the siblings' progress depends on how many natives there are.

import { describe, expect, it } from 'vitest';
import { num, one, quick } from './experiments-helpers.js';

describe('experiment blocking (--quick)', () => {
  it('NPTL siblings keep computing while one thread is blocked; unwrapped green siblings do not', async () => {
    const { rows } = await quick('blocking', ['nptl', 'green']);
    const nptl = one(rows, { library: 'nptl' });
    const unwrapped = one(rows, { library: 'green', io: 'unwrapped' });
    const wrapped = one(rows, { library: 'green', io: 'wrapped' });
    expect(num(nptl, 'block_ns')).toBeGreaterThan(1e6);
    expect(num(nptl, 'progress_pct')).toBeGreaterThan(90);
    expect(num(unwrapped, 'block_ns')).toBeGreaterThan(1e6);
    expect(num(unwrapped, 'sibling_chunks_during_block')).toBe(0);
    expect(num(wrapped, 'sibling_chunks_during_block')).toBeGreaterThan(0);
  });

  it('NGPT siblings progress during an unwrapped block only when there is more than one native', async () => {
    const { rows } = await quick('blocking', ['ngpt']);
    const one1 = one(rows, { library: 'ngpt', io: 'unwrapped', natives: 1 });
    const three = one(rows, { library: 'ngpt', io: 'unwrapped', natives: 3 });
    expect(num(one1, 'sibling_chunks_during_block')).toBe(0);
    expect(num(three, 'sibling_chunks_during_block')).toBeGreaterThan(0);
    expect(num(three, 'progress_pct')).toBeGreaterThan(num(one1, 'progress_pct'));
  });
});
