/**
 * posix_join.test.ts — pthread_join's deadlock answer when the joiner's own cancellation is
 * pending (test/c/posix/join_cancelled_joiner.c, glibc 2.3.6's nptl/tst-join5.c's case), NPTL
 * on one CPU, where the cancelled thread starts only after main joins it. glibc ≥ 2.34's
 * pthread_join_common.c tests `!cancel_enabled_and_canceled (self)` before EDEADLK, so the join
 * acts on the cancellation (gcc 12 + glibc 2.36 print "cancelled"); glibc 2.3's pthread_join.c
 * answered EDEADLK, and the lab's NPTL 2.3 keeps that.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const FILE = 'test/c/posix/join_cancelled_joiner.c';
const SELF = 'join self: Resource deadlock avoided\n';

beforeAll(async () => { await cprog(FILE); }, 600_000);

describe('C on nptl: a cancelled thread joining its joiner', () => {
  it('glibc 2.36: cancelled in pthread_join, as natively (it was EDEADLK before)', async () => {
    const r = await runC(FILE, 'nptl', [], { libOptions: { glibc: '2.36' } });
    expect(r.stdout).toBe(SELF + 'the joiner of main: cancelled in pthread_join\n');
  });
  it('glibc 2.3: EDEADLK, as 2.3\'s pthread_join.c answered', async () => {
    const r = await runC(FILE, 'nptl');
    expect(r.stdout).toBe(SELF + 'the joiner of main: pthread_join returned Resource deadlock avoided\n');
  });
});
