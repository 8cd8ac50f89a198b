/**
 * ucontext.test.ts — <ucontext.h> on every library (clib/host/ucontext.ts, test/c/programs/ucontext.c):
 * two coroutines ping-ponging with swapcontext and back to main through uc_link; a round-robin
 * scheduler of three user threads on malloc'ed stacks (yield = swapcontext to the scheduler,
 * a signal handled on a coroutine's stack), in main and in a created thread; getcontext
 * returning again after setcontext; uc_sigmask restored by setcontext and by a context's start;
 * a makecontext'd function returning with uc_link NULL (exit(0)); setcontext out of a signal
 * handler; fork in a coroutine; a context's stack overflowing (SIGSEGV). Every expected output is gcc 12 -O2 + glibc 2.36's on Linux.
 * The lab's own: a context another thread saved, or one never saved, ends the process with
 * SIGABRT and one line (undefined in C). swapcontext from a signal handler (preemptive user
 * threads): sigctx.test.ts.
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';

const COMPILE = 180_000;
const PROG = 'test/c/programs/ucontext.c';

/** gcc 12 -O2 + glibc 2.36's output, mode by mode. */
const NATIVE: Record<string, string> = {
  pingpong: "main: swapcontext to ping\nping 1: round 0\npong 2: round 0\nping 1: round 1\npong 2: round 1\nping 1: round 2\npong 2: round 2\nping 1: round 3\npong 2: round 3\nping done\nmain: back\nmain returns\n",
  sched: "thread 0: step 1 of 2\nthread 1: step 1 of 3\nthread 2: step 1 of 4\nthread 0: step 2 of 2\nthread 1: step 2 of 3\nhandler: User defined signal 1\nthread 2: step 2 of 4\nthread 0: finished\nthread 1: step 3 of 3\nthread 2: step 3 of 4\nthread 1: finished\nthread 2: step 4 of 4\nthread 2: finished\nscheduler: all done after 12 switches\nmain returns\n",
  twice: "getcontext returned 0, count 1\ngetcontext returned 0, count 2\ngetcontext returned 0, count 3\ngetcontext returned 0, count 4\ngetcontext returned 0, count 5\ndone after 5 returns\nmain returns\n",
  mask: "pass 1: USR1 blocked 1, USR2 blocked 0\nchanged: USR1 blocked 0, USR2 blocked 1\npass 2: USR1 blocked 1, USR2 blocked 0\nbefore the switch: USR1 blocked 1\nhandler: User defined signal 1\ngetcontext returned 0, count 1\ngetcontext returned 0, count 2\ngetcontext returned 0, count 3\ngetcontext returned 0, count 4\ngetcontext returned 0, count 5\ndone after 5 returns\nback: USR1 blocked 1\nmain returns\n",
  nolink: "last: 7 -8 9\n",
  handler: "pass 1, USR2 blocked 0\npass 2, USR2 blocked 0\npass 3, USR2 blocked 0\nticks 2\nmain returns\n",
  fork: "child: in the coroutine\nchild: back in main\nparent: child exited 3\nparent: back in main\nmain returns\n",
};

describe.each(libraryNames())('ucontext on %s', (lib) => {
  it('two coroutines ping-pong with swapcontext; the first to finish returns to main through uc_link', async () => {
    const r = await runC(PROG, lib, ['pingpong']);
    expect(r.stdout).toBe(NATIVE.pingpong);
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('a round-robin scheduler of three user threads (malloc\'ed stacks, yield = swapcontext), in main and in a created thread', async () => {
    for (const mode of ['sched', 'sched-thread']) {
      const r = await runC(PROG, lib, [mode], { cpus: 2 });
      expect(r.stdout, mode).toBe(NATIVE.sched);
      expect(r.exitCode, mode).toBe(0);
    }
  });

  it('getcontext returns again (0) each time setcontext resumes it', async () => {
    const r = await runC(PROG, lib, ['twice']);
    expect(r.stdout).toBe(NATIVE.twice);
  });

  it('setcontext restores uc_sigmask; a context started with an empty mask takes the pending signal first', async () => {
    const r = await runC(PROG, lib, ['mask']);
    expect(r.stdout).toBe(NATIVE.mask);
  });

  it('a makecontext\'d function (three int arguments) returning with uc_link NULL exits the process with 0', async () => {
    const r = await runC(PROG, lib, ['nolink']);
    expect(r.stdout).toBe(NATIVE.nolink);
    expect(r.exitCode).toBe(0);
  });

  it('setcontext out of a signal handler to the context it interrupted leaves the handler (its mask goes)', async () => {
    const r = await runC(PROG, lib, ['handler']);
    expect(r.stdout).toBe(NATIVE.handler);
  });

  it('fork in a coroutine: the child goes on in it, then back in main through uc_link', async () => {
    const r = await runC(PROG, lib, ['fork']);
    expect(r.stdout).toBe(NATIVE.fork);
  });

  it('recursion past the bottom of a context\'s stack (uc_stack.ss_sp) is a stack overflow: SIGSEGV, as on Linux', async () => {
    const r = await runC(PROG, lib, ['overflow']);
    expect(r.stdout).toBe('to a context on a 8192-byte stack\n');
    expect(r.statusText).toBe('killed by SIGSEGV (core dumped)');
    expect(r.dmesg.join('\n')).toMatch(/segfault in C function deep: stack overflow/);
  });

  it('the lab\'s errors (SIGABRT and one line): another thread\'s context, one never saved', async () => {
    const cases: [string, string, RegExp][] = [
      ['ub-thread', '', /setcontext to a ucontext_t another thread saved/],
      ['ub-never', '', /no getcontext, swapcontext or makecontext of this thread filled/],
    ];
    for (const [mode, out, msg] of cases) {
      const r = await runC(PROG, lib, [mode]);
      expect(r.stdout, mode).toBe(out);
      expect(r.statusText, mode).toBe('killed by SIGABRT (core dumped)');
      expect(r.dmesg.join('\n'), mode).toMatch(msg);
    }
  });
});
