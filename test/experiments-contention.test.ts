// contention: fewer regions mean more waiters; a futex-based lock shows it as system calls per
// entry. A many-to-one library never contends: one thread runs at a time and is never
// preempted inside the critical region, so the number of regions changes nothing.

import { describe, expect, it } from 'vitest';
import { num, one, quick, select } from './experiments-helpers.js';

describe('experiment contention (--quick)', () => {
  it('NPTL makes more futex calls per entry with 1 region than with 32', async () => {
    const { rows } = await quick('contention', ['nptl']);
    for (const inside of [1000, 10000]) {
      const few = one(rows, { library: 'nptl', regions: 1, inside_ns: inside });
      const many = one(rows, { library: 'nptl', regions: 32, inside_ns: inside });
      expect(num(few, 'futex_per_entry')).toBeGreaterThan(num(many, 'futex_per_entry'));
    }
  });

  it('green threads make no lock system calls and take the same time whatever the regions', async () => {
    const { rows } = await quick('contention', ['green']);
    for (const r of rows) expect(num(r, 'futex_per_entry')).toBe(0);
    for (const inside of [1000, 10000]) {
      const times = select(rows, { inside_ns: inside }).map((r) => num(r, 'ns_per_entry'));
      expect(new Set(times).size).toBe(1);
      // one kernel task: at best one CPU's worth of the work per entry (inside + 4 × inside)
      expect(times[0]).toBeGreaterThanOrEqual(5 * inside);
    }
  });
});
