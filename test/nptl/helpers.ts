/**
 * helpers.ts — running a program on NPTL with the event log kept, and reading it back.
 */

import { runProgram, type RunOptions, type RunResult } from '../../experiments/runner.js';
import type { Program } from '../../libs/index.js';
import type { Libc, pthread_cond_t } from '../../libs/api.js';
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

/** The probe's condvar ping-pong (probe.c b_condvar): main and one thread hand `turn` back and forth, n round trips; `cvs` receives the condvar. */
export function pingpong(n: number, cvs: pthread_cond_t[] = []) {
  return function* main(libc: Libc) {
    const mu = yield* libc.pthread_mutex_init();
    const cv = yield* libc.pthread_cond_init();
    cvs.push(cv);
    const s = { turn: 0 };
    const t = yield* libc.pthread_create(function* (l: Libc) {
      for (let i = 0; i < n; i++) {
        yield* l.pthread_mutex_lock(mu);
        while (s.turn !== 1) yield* l.pthread_cond_wait(cv, mu);
        s.turn = 0;
        yield* l.pthread_cond_signal(cv);
        yield* l.pthread_mutex_unlock(mu);
      }
      return 0;
    });
    for (let i = 0; i < n; i++) {
      yield* libc.pthread_mutex_lock(mu);
      s.turn = 1;
      yield* libc.pthread_cond_signal(cv);
      while (s.turn !== 0) yield* libc.pthread_cond_wait(cv, mu);
      yield* libc.pthread_mutex_unlock(mu);
    }
    yield* libc.pthread_join(t);
    return 0;
  };
}
