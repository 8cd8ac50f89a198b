/**
 * sigframe_uc.test.ts — a SA_SIGINFO handler's third argument is the signal frame's ucontext_t
 * (arch/x86/kernel/signal.c setup_rt_frame; kernel/signal.ts handleSignal, clib/host/signals.ts):
 * uc_sigmask the mask of the code the signal interrupted (a nested handler's: the outer
 * handler's mask), uc_stack the alternate stack as sigaltstack set it — SS_DISABLE after a
 * disable or in a new thread (sas_ss_reset) — and uc_link NULL. It was NULL in the lab.
 * Expected output: gcc 12 -O2 + glibc 2.36 on this Linux as uid 1000, on every library.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/programs/sigframe_uc.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

const NATIVE =
      '1: User defined signal 1: ucontext given, uc_link NULL, si_signo 10\n' +
      '   uc_sigmask: SIGUSR2 0 SIGTERM 0 SIGHUP 0, User defined signal 1 0\n' +
      '   uc_stack: ss_sp NULL, ss_size 0, ss_flags 0\n' +
      '   running mask: User defined signal 1 1, SIGHUP (sa_mask) 1\n' +
      '2: User defined signal 1: ucontext given, uc_link NULL, si_signo 10\n' +
      '   uc_sigmask: SIGUSR2 1 SIGTERM 1 SIGHUP 0, User defined signal 1 0\n' +
      '   uc_stack: ss_sp NULL, ss_size 0, ss_flags 0\n' +
      '   running mask: User defined signal 1 1, SIGHUP (sa_mask) 1\n' +
      '3: User defined signal 1: ucontext given, uc_link NULL, si_signo 10\n' +
      '   uc_sigmask: SIGUSR2 0 SIGTERM 0 SIGHUP 0, User defined signal 1 0\n' +
      '   uc_stack: ss_sp altstack, ss_size 65536, ss_flags 0\n' +
      '   running mask: User defined signal 1 1, SIGHUP (sa_mask) 1\n' +
      '4: User defined signal 2: ucontext given, uc_link NULL, si_signo 12\n' +
      '   uc_sigmask: SIGUSR2 0 SIGTERM 0 SIGHUP 1, User defined signal 2 0\n' +
      '   uc_stack: ss_sp altstack, ss_size 65536, ss_flags 0\n' +
      '   running mask: User defined signal 2 1, SIGHUP (sa_mask) 1\n' +
      '6: User defined signal 2: ucontext given, uc_link NULL, si_signo 12\n' +
      '   uc_sigmask: SIGUSR2 0 SIGTERM 0 SIGHUP 0, User defined signal 2 0\n' +
      '   uc_stack: ss_sp NULL, ss_size 0, ss_flags 2\n' +
      '   running mask: User defined signal 2 1, SIGHUP (sa_mask) 1\n' +
      '5: User defined signal 1: ucontext given, uc_link NULL, si_signo 10\n' +
      '   uc_sigmask: SIGUSR2 0 SIGTERM 0 SIGHUP 0, User defined signal 1 0\n' +
      '   uc_stack: ss_sp NULL, ss_size 0, ss_flags 2\n' +
      '   running mask: User defined signal 1 1, SIGHUP (sa_mask) 1\n';

/**
 * NGPT and green (test/conformance/deviations.ts 'proc:sigaltstack-thread', rule 34): the
 * alternate stack is the native's, so a user thread's frame shows the main thread's stack.
 */
const SHARED_ALTSTACK = NATIVE.replace('6: User defined signal 2: ucontext given, uc_link NULL, si_signo 12\n   uc_sigmask: SIGUSR2 0 SIGTERM 0 SIGHUP 0, User defined signal 2 0\n   uc_stack: ss_sp NULL, ss_size 0, ss_flags 2',
  '6: User defined signal 2: ucontext given, uc_link NULL, si_signo 12\n   uc_sigmask: SIGUSR2 0 SIGTERM 0 SIGHUP 0, User defined signal 2 0\n   uc_stack: ss_sp altstack, ss_size 65536, ss_flags 0');

describe.each(LIBS)('C on %s: a SA_SIGINFO handler\'s ucontext', (lib) => {
  it('uc_sigmask is the interrupted mask, uc_stack the alternate stack, uc_link NULL', async () => {
    const r = await runC(PROG, lib);
    expect(SHARED_ALTSTACK).not.toBe(NATIVE);
    expect(r.stdout).toBe(lib === 'ngpt' || lib === 'green' ? SHARED_ALTSTACK : NATIVE);
    expect(r.exitCode).toBe(0);
  }, 180_000);
});
