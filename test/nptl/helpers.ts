/**
 * helpers.ts — running a program on NPTL with the event log kept, and reading it back.
 */

import { runProgram, type RunOptions, type RunResult } from '../../experiments/runner.js';
import type { Program } from '../../libs/index.js';
import type { TraceEvent } from '../../kernel/index.js';
import '../../libs/all.js';

export function runNptl(program: Program, o: Partial<RunOptions> = {}): RunResult {
  const r = runProgram({ program, lib: 'nptl', name: 'nptltest', trace: true, timeLimit: 20e9, ...o });
  if (r.outcome !== 'exited') throw new Error(`run ended by ${r.outcome}: ${r.deadlock ?? r.dmesg.join('\n')}`);
  return r;
}

/** Events of one kind (optionally of one task). */
export function events(r: RunResult, kind: string, pid?: number): TraceEvent[] {
  return (r.events ?? []).filter((e) => e.kind === kind && (pid === undefined || e.pid === pid));
}

/** System calls entered by one task, in order. */
export function syscallsOf(r: RunResult, pid: number): string[] {
  return events(r, 'sys_enter', pid).map((e) => e.s);
}

/** The program's main task: the shell's child that exec'd the program. */
export function mainPid(r: RunResult): number {
  const exec = events(r, 'exec').find((e) => e.s === r.name.slice(0, 15));
  if (!exec) throw new Error('no exec of the program');
  return exec.pid;
}
