/**
 * posix_clock.test.ts — the clock calls from C (clib/runtime/clock.c, clib/host/io.ts) on every
 * library: a clockid_t naming no clock is EINVAL (not a trap), clock_nanosleep returns EINTR
 * with the time left and honours TIMER_ABSTIME, nanosleep refuses an invalid tv_nsec, and
 * CLOCKS_PER_SEC is XSI's 1000000 — as LTP's clock_gettime, clock_getres, clock_nanosleep,
 * nanosleep and clock tests expect of glibc on Linux.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();

const EXPECTED = [
  'CLOCKS_PER_SEC 1000000',
  'gettime(9999) -1 Invalid argument',
  'getres(INT_MIN) -1 Invalid argument',
  'nanosleep(99999) Invalid argument',
  'nanosleep(thread cpu) Invalid argument',
  'nanosleep(nsec -1) -1 Invalid argument',
  'nanosleep(nsec 1e9) -1 Invalid argument',
  'clock_nanosleep(nsec 1e9) Invalid argument',
  'interrupted Interrupted system call, rem 4 s left',
  'abs past 0',
  'abs 2 s 0, woke at or after the deadline',
  '',
].join('\n');

beforeAll(async () => { await cprog('test/c/posix/clock.c'); }, 600_000);

describe.each(LIBS)('C on %s: clocks', (lib) => {
  it('bad clock ids and timespecs are EINVAL; clock_nanosleep is interruptible and absolute', async () => {
    const r = await runC('test/c/posix/clock.c', lib);
    expect(r.stdout).toBe(EXPECTED);
    expect(r.exitCode).toBe(0);
  });
});
