/**
 * sigctx.test.ts — swapcontext from a signal handler on every library (clib/host/ucontext.ts,
 * test/c/programs/sigctx.c): the OS-course user-level thread library whose SIGALRM handler
 * preempts its threads with swapcontext (setitimer ITIMER_REAL, makecontext'd threads on
 * malloc'ed stacks, sigprocmask around critical sections, the last thread setcontext'ing back
 * to main), and the same with SIGVTALRM (ITIMER_VIRTUAL, kernel/itimer_cpu.ts); a context saved in a handler resumed after the handler was left (the signal stays
 * blocked in the resumed handler until it returns, then sigreturn's mask and the interrupted
 * call's result come back); a handler's context resumed from another invocation of the
 * handler; from a handler to a context main saved outside any handler, and back.
 * Every expected output is gcc 12 -O2 + glibc 2.36's on Linux (the program prints only lines
 * that do not depend on where the timer cut the threads); a blocking read interrupted by a
 * handler that switched to a writer and back fails with EINTR, or with SA_RESTART restarts
 * when the handler returns and reads the byte; switches from a handler nested in another (also
 * one taken inside the first handler's swapcontext, when its switch unblocks a pending signal).
 * The lab's own: a switch from a fault's (SIGSEGV) handler ends the process with SIGABRT and one line.
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';

const COMPILE = 180_000;
const PROG = 'test/c/programs/sigctx.c';

/** gcc 12 -O2 + glibc 2.36's output, mode by mode. */
const NATIVE: Record<string, string> = { // uthreads: `uthreads real`; virtual: `uthreads virtual 10`
  uthreads: 'main: all 3 threads finished, 12 units\nthread 0: sum 1054913696, preempted yes\nthread 1: sum 326533728, preempted yes\nthread 2: sum 2838207360, preempted yes\nswitches from the handler: many\nmain: timer signal blocked 0\nmain returns\n',
  virtual: 'main: all 3 threads finished, 12 units\nthread 0: sum 2547154496, preempted yes\nthread 1: sum 2813601728, preempted yes\nthread 2: sum 532894464, preempted yes\nswitches from the handler: many\nmain: timer signal blocked 0\nmain returns\n',
  nested: "outer handler: raising USR2\ninner handler: switching\nn: running\nmain: back after both handlers\nmain returns\n",
  inswap: "usr1: switching to a\nusr2: switching to b\nb: running\nusr2: resumed, USR2 blocked 1\na: running, USR2 blocked 0\nusr1: resumed, USR1 blocked 1, USR2 blocked 1\nmain: stage 0\nb: resumed\nmain: stage 1\na: resumed\nmain: stage 2\nmain: done\nmain returns\n",
  eintr: "handler: to the writer\nwriter: writing\nhandler: back\nmain: read -1 (Interrupted system call)\nmain: read 1 'x'\nmain returns\n",
  restart: "handler: to the writer\nwriter: writing\nhandler: back\nmain: read 1 (a byte)\nmain: read 1 'x'\nmain returns\n",
  mask: 'handler: USR1 blocked 1, switching\nother: USR1 blocked 0\nhandler: resumed, USR1 blocked 1\nmain: raise = 0\nmain: after the handler, USR1 blocked 0\nother: resumed by main, USR1 blocked 0\nmain: back through uc_link\nmain returns\n',
  cross: 'invocation 0: enter\nb: raising again\ninvocation 1: enter\ninvocation 0: resumed, USR2 blocked 1\nmain: raise returned 0, USR2 blocked 0\ninvocation 1: resumed, USR2 blocked 1\nb: raise returned 0, USR2 blocked 0\nmain: done, 2 invocations\nmain returns\n',
  outside: "k: raising\nhandler: to main's saved context\nmain: resumed from the handler, stage 1, USR1 blocked 0\nhandler: back, stage 2, USR1 blocked 1\nk: after the handler returned, stage 2, USR1 blocked 0\nmain: k finished, stage 2\nmain returns\n",
};

describe.each(libraryNames())('swapcontext from signal handlers on %s', (lib) => {
  it('a handler\'s context resumed after the handler was left: the signal stays blocked until it returns, then sigreturn\'s mask and raise\'s 0', async () => {
    const r = await runC(PROG, lib, ['mask']);
    expect(r.stdout).toBe(NATIVE.mask);
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('a handler\'s context resumed from another invocation of the handler; each returns to the code it interrupted', async () => {
    const r = await runC(PROG, lib, ['cross']);
    expect(r.stdout).toBe(NATIVE.cross);
    expect(r.exitCode).toBe(0);
  });

  it('from a handler to a context main saved outside any handler, and back into the handler', async () => {
    const r = await runC(PROG, lib, ['outside']);
    expect(r.stdout).toBe(NATIVE.outside);
    expect(r.exitCode).toBe(0);
  });

  it('a preemptive user-level thread library: SIGALRM (setitimer ITIMER_REAL) handler swapcontext between three threads', async () => {
    const r = await runC(PROG, lib, ['uthreads', 'real'], { cpus: 2 });
    expect(r.stdout).toBe(NATIVE.uthreads);
    expect(r.exitCode).toBe(0);
  }, 120_000);

  it('the same library preempted by SIGVTALRM (setitimer ITIMER_VIRTUAL: the process\'s user time), ten times the work', async () => {
    const r = await runC(PROG, lib, ['uthreads', 'virtual', '10'], { cpus: 2 });
    expect(r.stdout).toBe(NATIVE.virtual);
    expect(r.exitCode).toBe(0);
  }, 120_000);

  it('a read interrupted by a handler (no SA_RESTART) that switched to a writer and back fails with EINTR when the handler returns', async () => {
    const r = await runC(PROG, lib, ['eintr']);
    expect(r.stdout).toBe(NATIVE.eintr);
    expect(r.exitCode).toBe(0);
  });

  it('with SA_RESTART the read restarts only when the handler\'s context is resumed and returns: it gets the byte the writer wrote meanwhile', async () => {
    const r = await runC(PROG, lib, ['restart']);
    expect(r.stdout).toBe(NATIVE.restart);
    expect(r.exitCode).toBe(0);
  });

  it('from a handler nested in another handler: its context keeps both, and its uc_link resume runs the inner rest, then the outer\'s, then main', async () => {
    const r = await runC(PROG, lib, ['nested']);
    expect(r.stdout).toBe(NATIVE.nested);
    expect(r.exitCode).toBe(0);
  });

  it('a signal the first switch unblocks is taken inside that swapcontext (nested) and switches again; each context resumes where it was', async () => {
    const r = await runC(PROG, lib, ['inswap']);
    expect(r.stdout).toBe(NATIVE.inswap);
    expect(r.exitCode).toBe(0);
  });

  it('the lab\'s limit: swapcontext from a fault\'s handler (SIGSEGV) ends the process (SIGABRT, one line; Linux runs the other context)', async () => {
    const r = await runC(PROG, lib, ['fault']);
    expect(r.stdout).toBe('segv handler: switching\n');
    expect(r.statusText).toBe('killed by SIGABRT (core dumped)');
    expect(r.dmesg.join('\n')).toMatch(/swapcontext from a fault's signal handler .*not supported in the lab/);
  });
});
