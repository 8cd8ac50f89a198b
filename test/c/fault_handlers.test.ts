/**
 * fault_handlers.test.ts — a C program's handler for a hardware fault runs, as force_sig_fault
 * runs it (clib/host/fault_signal.ts): a null pointer, a division by zero, a stack overflow on
 * an alternate stack, a fault in a created thread. Blocked, or a stack overflow without an
 * alternate stack: fatal, as on Linux. The outputs and statuses are gcc's on Linux 6.18; the
 * handler that returns is the lab's one difference (Linux faults again, forever).
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';

const COMPILE = 180_000;
const PROG = 'test/c/programs/fault_handlers.c';

describe.each(libraryNames())('hardware-fault handlers on %s', (lib) => {
  it('SIGSEGV and SIGFPE handlers run and _exit; in a created thread too; SA_ONSTACK takes a stack overflow', async () => {
    const cases: [string, string, number][] = [
      ['segv', 'segv: about to fault\ncaught Segmentation fault\n', 21],
      ['fpe', 'fpe: about to fault\ncaught Floating point exception\n', 18],
      ['thread', 'thread: about to fault\nthe new thread faults\ncaught Segmentation fault\n', 21],
      ['overflow-altstack', 'overflow-altstack: about to fault\ncaught Segmentation fault\n', 21],
    ];
    for (const [mode, out, code] of cases) {
      const r = await runC(PROG, lib, [mode]);
      expect(r.stdout, mode).toBe(out);
      expect(r.exitCode, mode).toBe(code);
    }
  }, COMPILE);

  it('a blocked SIGSEGV, or a stack overflow with no alternate stack, kills the process as on Linux', async () => {
    for (const mode of ['blocked', 'overflow']) {
      const r = await runC(PROG, lib, [mode]);
      expect(r.stdout, mode).toBe(`${mode}: about to fault\n`);
      expect(r.statusText, mode).toBe('killed by SIGSEGV (core dumped)');
    }
  }, COMPILE);

  it('a handler that returns: the process is killed by the signal, and the message says Linux would fault again', async () => {
    const r = await runC(PROG, lib, ['return']);
    expect(r.stdout).toBe('return: about to fault\ncaught Segmentation fault, returning\n');
    expect(r.statusText).toBe('killed by SIGSEGV (core dumped)');
    expect(r.dmesg.join('\n')).toMatch(/null pointer dereference — its handler returned: Linux would run the faulting instruction again/);
  }, COMPILE);
});
