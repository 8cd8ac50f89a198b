/**
 * setjmp.test.ts — <setjmp.h> on every library (clib/host/setjmp.ts, test/c/programs/setjmp.c):
 * plain and nested jumps, longjmp(env, 0), jumps out of SIGINT/SIGUSR1/SIGSEGV/SIGALRM handlers
 * with and without a saved mask, a blocking read cut short by SIGALRM (a later read works),
 * threads with a jmp_buf each, a fork child jumping to its parent's setjmp, a jump off the
 * alternate signal stack, a nested handler jumping into the one it interrupted, a pending signal
 * that siglongjmp's mask restore unblocks (its handler runs before the jump lands). Every expected output is gcc 12 -O2 + glibc 2.36's on Linux 6.18;
 * the program prints only volatile and global variables after a jump (a non-volatile local
 * changed after setjmp is indeterminate in C, C11 7.13.2.1: gcc -O0 and -O2 differ there).
 * The undefined jumps (to a setjmp whose function or handler returned, or another thread's)
 * are the lab's own: the process ends with SIGABRT and one line saying why.
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';

const COMPILE = 180_000;
const PROG = 'test/c/programs/setjmp.c';

const PROMPT_PLAIN = [
  'prompt 1> ', 'handler: Interrupt, blocked in handler: 1', 'back at the prompt (2), SIGINT blocked: 1',
  'prompt 2> ', 'raise returned, SIGINT pending: 1', 'prompt 3> ', 'raise returned, SIGINT pending: 1',
  'end, SIGINT blocked: 1', 'main returns', '',
].join('\n');
const PROMPT_MASK = [
  'prompt 1> ', 'handler: Interrupt, blocked in handler: 1', 'back at the prompt (2), SIGINT blocked: 0',
  'prompt 2> ', 'handler: Interrupt, blocked in handler: 1', 'back at the prompt (2), SIGINT blocked: 0',
  'prompt 3> ', 'handler: Interrupt, blocked in handler: 1', 'back at the prompt (2), SIGINT blocked: 0',
  'end, SIGINT blocked: 0', 'main returns', '',
].join('\n');

describe.each(libraryNames())('setjmp/longjmp on %s', (lib) => {
  it('a setjmp/longjmp loop, nested levels, longjmp(env, 0) returning 1', async () => {
    const cases: [string, string][] = [
      ['loop', [0, 1, 2, 3, 4, 5].map((i) => `setjmp returned ${i} (count ${i + 1})\n`).join('') + 'done after 6 returns\nmain returns\n'],
      ['nested', 'level1: inner setjmp returned 21, x=1\nmain: outer setjmp returned 11 (how 1)\nmain: outer setjmp returned 12 (how 2)\nmain returns\n'],
      ['zero', 'setjmp returned 0\nsetjmp returned 1\nthen -7\nmain returns\n'],
    ];
    for (const [mode, out] of cases) {
      const r = await runC(PROG, lib, [mode]);
      expect(r.stdout, mode).toBe(out);
      expect(r.exitCode, mode).toBe(0);
    }
  }, COMPILE);

  it('out of a SIGINT handler back to the prompt: setjmp leaves SIGINT blocked, sigsetjmp(env, 1) restores the mask', async () => {
    for (const [mode, out] of [['prompt', PROMPT_PLAIN], ['prompt-sig', PROMPT_PLAIN], ['prompt-sigmask', PROMPT_MASK]]) {
      const r = await runC(PROG, lib, [mode]);
      expect(r.stdout, mode).toBe(out);
    }
  });

  it('out of pause() by a SIGUSR1 another thread sends', async () => {
    for (const [mode, b] of [['usr1-sig', 1], ['usr1-sigmask', 0]] as const) {
      const r = await runC(PROG, lib, [mode]);
      expect(r.stdout, mode).toBe(`handler: User defined signal 1, blocked in handler: 1\njumped out of pause, SIGUSR1 blocked: ${b}\nmain returns\n`);
    }
  });

  it('SIGSEGV recovery: every fault caught with a saved mask; without it the second fault kills (SIGSEGV stays blocked)', async () => {
    const rec = (i: number, b: number) => `fault ${i}\ncaught Segmentation fault\nrecovered from fault ${i}, SIGSEGV blocked: ${b}\n`;
    const m = await runC(PROG, lib, ['segv-mask']);
    expect(m.stdout).toBe(rec(1, 0) + rec(2, 0) + rec(3, 0) + 'main returns\n');
    const p = await runC(PROG, lib, ['segv']);
    expect(p.stdout).toBe(rec(1, 1) + 'fault 2\n');
    expect(p.statusText).toBe('killed by SIGSEGV (core dumped)');
  });

  it('SIGALRM cuts a blocking read short (no restart); later blocking calls work', async () => {
    const m = await runC(PROG, lib, ['alarm-mask']);
    expect(m.stdout).toBe("read timed out, SIGALRM blocked: 0\nsecond read returned 1 'x'\nsecond alarm caught, SIGALRM blocked: 0\nmain returns\n");
    const p = await runC(PROG, lib, ['alarm']);
    expect(p.stdout).toBe("read timed out, SIGALRM blocked: 1\nsecond read returned 1 'x'\nmain returns\n");
  });

  it('threads with a jmp_buf each, preempted between their jumps; a fork child jumps to its parent\'s setjmp', async () => {
    const t = await runC(PROG, lib, ['threads'], { cpus: 2 });
    const lines = t.stdout.trim().split('\n').sort();
    expect(lines).toEqual(THREADS);
    const f = await runC(PROG, lib, ['fork']);
    expect(f.stdout).toBe('child: back at setjmp, where=2\nparent: where=0\nmain returns\n');
  });

  it('a jump off the alternate signal stack leaves it (SS_ONSTACK clear, sigaltstack may change it)', async () => {
    const r = await runC(PROG, lib, ['altstack']);
    expect(r.stdout).toBe('handler: User defined signal 2, on the alternate stack: 1\n'
      + 'after the jump, on the alternate stack: 0, sigaltstack can change: 1\n'
      + 'handler: User defined signal 2, on the alternate stack: 1\nmain returns\n');
  });

  it('a nested handler jumps into the handler it interrupted; a signal siglongjmp unblocks runs before the jump lands', async () => {
    const h = await runC(PROG, lib, ['handlers']);
    expect(h.stdout).toBe('SIGUSR2 handler jumps\nSIGUSR1 handler: sigsetjmp returned 7, USR1 blocked 1, USR2 blocked 1\n'
      + 'after SIGUSR1: USR1 blocked 0, USR2 blocked 0\nmain returns\n');
    const r = await runC(PROG, lib, ['restore']);
    expect(r.stdout).toBe('SIGUSR1 handler: USR2 pending, jumping\nSIGUSR2 handler runs\nlanded, USR1 blocked 0, USR2 blocked 0\nmain returns\n');
  });

  it('after a jump out of a handler the thread is in none: sem_post posts at once (LinuxThreads clears p_in_sighandler, as ptlongjmp.c does)', async () => {
    const r = await runC(PROG, lib, ['sempost-sig']);
    expect(r.stdout).toBe('handler: User defined signal 1, blocked in handler: 1\nafter the jump, sem_post made the value 1\nmain returns\n');
  });

  it('undefined jumps end the process with SIGABRT and one line: a returned handler\'s or function\'s setjmp, another thread\'s', async () => {
    const cases: [string, string, RegExp][] = [
      ['ub-handler', 'handler set its jmp_buf and returns\n', /setjmp is no longer active/],
      ['ub-returned', '', /setjmp is no longer active/],
      ['ub-thread', '', /another thread's setjmp/],
    ];
    for (const [mode, out, msg] of cases) {
      const r = await runC(PROG, lib, [mode]);
      expect(r.stdout, mode).toBe(out);
      expect(r.statusText, mode).toBe('killed by SIGABRT (core dumped)');
      expect(r.dmesg.join('\n'), mode).toMatch(msg);
    }
  });
});

/** gcc's output for the threads mode, sorted (the threads' order is the scheduler's). */
const THREADS = ['main returns', 'thread 0: 10 jumps, sum 660022', 'thread 1: 11 jumps, sum 721130', 'thread 2: 12 jumps, sum 782439', 'thread 3: 13 jumps, sum 843949'];
