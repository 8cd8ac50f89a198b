// pingpong: a hand-off between green threads is a user-level switch; between NPTL threads it
// is a futex wake, a futex wait and a kernel context switch each way.

import { describe, expect, it } from 'vitest';
import { num, one, quick } from './experiments-helpers.js';

describe('experiment pingpong (--quick)', () => {
  it("a green round trip is cheaper than NPTL's futex round trip", async () => {
    const { rows, reading } = await quick('pingpong', ['nptl', 'green']);
    const g = one(rows, { library: 'green', pairs: 1 });
    const n = one(rows, { library: 'nptl', pairs: 1 });
    expect(num(g, 'ns_per_round_trip')).toBeLessThan(num(n, 'ns_per_round_trip'));
    expect(reading).toMatch(/The cheapest is green/);
  });

  it('green switches in user space, NPTL in the kernel (two switches per round trip)', async () => {
    const { rows } = await quick('pingpong', ['nptl', 'green']);
    const g = one(rows, { library: 'green', pairs: 1 });
    const n = one(rows, { library: 'nptl', pairs: 1 });
    expect(num(g, 'user_switches_per_round_trip')).toBeGreaterThanOrEqual(1.9);
    expect(num(g, 'kernel_switches_per_round_trip')).toBeLessThan(0.1);
    expect(num(n, 'kernel_switches_per_round_trip')).toBeGreaterThanOrEqual(1.9);
    expect(num(n, 'user_switches_per_round_trip')).toBe(0);
    expect(String(n.syscall_mix)).toMatch(/^futex /);
  });
});
