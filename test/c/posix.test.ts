/**
 * posix.test.ts — what the outside C tester (LTP's open_posix_testsuite, compiled unchanged)
 * found missing or wrong, as small C cases on every library (DESIGN.md 5a).
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';

const LIBS = libraryNames();

describe.each(LIBS)('C cancellation on %s', (lib) => {
  it('cleanup handlers run newest first, then key destructors; PTHREAD_CANCELED; pop(1); cancel state', async () => {
    const r = await runC('test/c/posix/cancel.c', lib);
    expect(r.stdout).toBe(
      'cancelled: PTHREAD_CANCELED, 21D\n' +
      'pthread_exit: 7, XD\n' +
      'pop(1): P\n' +
      'disabled then testcancel: PTHREAD_CANCELED, ed\n');
    expect(r.exitCode).toBe(0);
  });
});

describe('NPTL of glibc 2.36', () => {
  it('pthread_exit runs the cleanup handlers (__do_cancel unwinds), then the key destructors', async () => {
    const r = await runC('test/c/posix/cancel.c', 'nptl', ['exit'], { libOptions: { glibc: '2.36' } });
    expect(r.stdout).toBe('pthread_exit: 7, XD\n');
  });
});
