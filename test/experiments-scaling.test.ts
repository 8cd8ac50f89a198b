// scaling: a 1:1 library runs N CPU-bound threads on N kernel tasks the scheduler spreads over
// all CPUs; a many-to-one library has one kernel task, so one CPU's worth at most.

import { describe, expect, it } from 'vitest';
import { num, one, quick, select } from './experiments-helpers.js';

describe('experiment scaling (--quick)', () => {
  it('NPTL throughput grows with CPUs; green stays at one CPU', async () => {
    const { rows } = await quick('scaling', ['nptl', 'green']);
    expect(num(one(rows, { library: 'nptl', threads: 8, cpus: 4 }), 'throughput')).toBeGreaterThan(3.5);
    expect(num(one(rows, { library: 'nptl', threads: 8, cpus: 2 }), 'throughput')).toBeGreaterThan(1.8);
    for (const r of select(rows, { library: 'green' })) expect(num(r, 'throughput')).toBeLessThanOrEqual(1.0);
  });

  it('one thread never uses more than one CPU, whatever the library', async () => {
    const { rows } = await quick('scaling', ['nptl', 'green']);
    for (const r of select(rows, { threads: 1 })) expect(num(r, 'throughput')).toBeLessThanOrEqual(1.0);
  });
});
