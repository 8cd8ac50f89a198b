/**
 * posix_clockid_int.test.ts — a clock id written as a plain number compiles, as with gcc 12
 * (a -Wint-conversion warning: glibc's clockid_t is int, the lab's — wasi-libc's — a pointer;
 * clang 15+ would stop with an error, build.ts keeps it a warning), and timer_create and
 * clock_gettime answer EINVAL for it — LTP's timer_create/16-1 did not compile on the lab.
 * Expected stdout: gcc 12 -O2 + glibc 2.36.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const PROG = 'test/c/posix/clockid_int.c';

beforeAll(async () => { await cprog(PROG); }, 180_000);

describe.each(libraryNames())('C on %s: a number as a clockid_t', (lib) => {
  it('compiles with a warning, and an id that names no clock is EINVAL', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe('timer_create(99999) = -1 Invalid argument\nclock_gettime(99999) = -1 Invalid argument\n');
    expect(r.exitCode).toBe(0);
  });
});
