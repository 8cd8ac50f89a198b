/**
 * posix_sigqueue.test.ts — sigqueue and sigwaitinfo from C (clib/runtime/timer.c) on every
 * library: the value and SI_QUEUE in the handler's siginfo.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();

beforeAll(async () => { await cprog('test/c/posix/sigqueue.c'); await cprog('test/c/posix/si_int.c'); }, 600_000);

describe.each(LIBS)('C on %s: sigqueue', (lib) => {
  it('carries its value to the handler\'s siginfo (si_code SI_QUEUE)', async () => {
    const r = await runC('test/c/posix/sigqueue.c', lib);
    expect(r.stdout).toBe('sigqueue 0 value 77 SI_QUEUE 1\n');
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBS)('C on %s: si_int and si_ptr', (lib) => {
  it('name the value sigqueue sent, as glibc\'s <signal.h> (nptl/tst-getpid1.c did not compile)', async () => {
    const r = await runC('test/c/posix/si_int.c', lib);
    expect(r.stdout).toBe('si_int 1234\nsi_ptr is the pointer sent: 1\n'); // gcc 12 + glibc 2.36
    expect(r.exitCode).toBe(0);
  });
});
