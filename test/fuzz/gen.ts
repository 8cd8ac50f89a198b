/**
 * gen.ts — random programs over the Libc API, for property-based fuzzing (issue 9).
 *
 * A program is data (so fast-check can shrink it and a failure prints readably): a list of
 * threads, each a list of operations. `interpret(spec)` turns it into a real student program:
 * main creates the shared objects (two mutexes, a condition variable, a semaphore, a pipe),
 * installs a SIGUSR1 handler, starts the threads, joins the joinable ones, and exits.
 * Locks are kept balanced per thread (unlock only what it holds; release all at the end), but
 * nothing prevents deadlocks, lost wake-ups or blocked reads: those must end as a reported
 * deadlock or the time limit, never as a simulator crash.
 */

import fc from 'fast-check';
import type { Libc, Program, Sim, pthread_mutex_t, pthread_cond_t, sem_t } from '../../libs/api.js';
import { SIGUSR1, SIG_BLOCK, SIG_UNBLOCK, SA_RESTART } from '../../kernel/index.js';
import { sigmask } from '../../libs/api.js';

export type Op =
  | { op: 'compute'; ns: number }
  | { op: 'lock'; m: 0 | 1 }
  | { op: 'unlock'; m: 0 | 1 }
  | { op: 'trylock'; m: 0 | 1 }
  | { op: 'timedwait'; ns: number }
  | { op: 'signal' | 'broadcast' }
  | { op: 'sem_post' | 'sem_trywait' | 'sem_wait' }
  | { op: 'spawn'; ops: Op[]; detach: boolean }
  | { op: 'kill_self_process' | 'pthread_kill_main' }
  | { op: 'block' | 'unblock' }
  | { op: 'usleep'; us: number }
  | { op: 'pipe_write'; n: number }
  | { op: 'pipe_read' }
  | { op: 'slow_read' }
  | { op: 'fork' }
  | { op: 'yield' }
  | { op: 'exit_thread' };

export interface ProgramSpec {
  threads: { ops: Op[]; detach: boolean }[];
}

const m01 = fc.constantFrom<0 | 1>(0, 1);

const leafOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 50_000 }).map((ns) => ({ op: 'compute' as const, ns })) },
  { weight: 3, arbitrary: m01.map((m) => ({ op: 'lock' as const, m })) },
  { weight: 3, arbitrary: m01.map((m) => ({ op: 'unlock' as const, m })) },
  { weight: 1, arbitrary: m01.map((m) => ({ op: 'trylock' as const, m })) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 2_000_000 }).map((ns) => ({ op: 'timedwait' as const, ns })) },
  { weight: 1, arbitrary: fc.constantFrom({ op: 'signal' as const }, { op: 'broadcast' as const }) },
  { weight: 2, arbitrary: fc.constantFrom({ op: 'sem_post' as const }, { op: 'sem_trywait' as const }, { op: 'sem_wait' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ op: 'kill_self_process' as const }, { op: 'pthread_kill_main' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ op: 'block' as const }, { op: 'unblock' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((us) => ({ op: 'usleep' as const, us })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 100 }).map((n) => ({ op: 'pipe_write' as const, n })) },
  { weight: 1, arbitrary: fc.constant({ op: 'pipe_read' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'slow_read' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'fork' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'yield' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'exit_thread' as const }) },
);

const spawnOp: fc.Arbitrary<Op> = fc.record({
  op: fc.constant('spawn' as const),
  ops: fc.array(leafOp, { maxLength: 6 }),
  detach: fc.boolean(),
});

export const opArb: fc.Arbitrary<Op> = fc.oneof({ weight: 12, arbitrary: leafOp }, { weight: 1, arbitrary: spawnOp });

export const programArb: fc.Arbitrary<ProgramSpec> = fc.record({
  threads: fc.array(fc.record({ ops: fc.array(opArb, { maxLength: 10 }), detach: fc.boolean() }), { minLength: 1, maxLength: 5 }),
});

interface Shared {
  m: pthread_mutex_t[];
  c: pthread_cond_t;
  s: sem_t;
  fds: [number, number] | -1;
  mainTid: number;
  handled: number;
}

/** Run one thread's ops. */
function* runOps(libc: Libc, sh: Shared, ops: Op[]): Sim<number> {
  const held = [false, false];
  for (const o of ops) {
    if (o.op === 'exit_thread') break;
    yield* runOp(libc, sh, o, held);
  }
  for (let m = 0; m < 2; m++) if (held[m]) yield* libc.pthread_mutex_unlock(sh.m[m]);
  return 0;
}

function* runOp(libc: Libc, sh: Shared, o: Op, held: boolean[]): Sim<void> {
  switch (o.op) {
    case 'compute': yield* libc.compute(o.ns); break;
    case 'lock': if (!held[o.m]) { yield* libc.pthread_mutex_lock(sh.m[o.m]); held[o.m] = true; } break;
    case 'unlock': if (held[o.m]) { yield* libc.pthread_mutex_unlock(sh.m[o.m]); held[o.m] = false; } break;
    case 'trylock': if (!held[o.m]) held[o.m] = (yield* libc.pthread_mutex_trylock(sh.m[o.m])) === 0; break;
    case 'timedwait':
      if (!held[0]) { yield* libc.pthread_mutex_lock(sh.m[0]); held[0] = true; }
      yield* libc.pthread_cond_timedwait(sh.c, sh.m[0], o.ns);
      break;
    case 'signal': yield* libc.pthread_cond_signal(sh.c); break;
    case 'broadcast': yield* libc.pthread_cond_broadcast(sh.c); break;
    case 'sem_post': yield* libc.sem_post(sh.s); break;
    case 'sem_trywait': yield* libc.sem_trywait(sh.s); break;
    case 'sem_wait': yield* libc.sem_wait(sh.s); break;
    default: yield* runOp2(libc, sh, o);
  }
}

function* runOp2(libc: Libc, sh: Shared, o: Op): Sim<void> {
  switch (o.op) {
    case 'spawn': {
      const t = yield* libc.pthread_create(childThread, { sh, ops: o.ops });
      if (t > 0 && o.detach) yield* libc.pthread_detach(t);
      else if (t > 0) yield* libc.pthread_join(t, null);
      break;
    }
    case 'kill_self_process': yield* libc.kill(yield* libc.getpid(), SIGUSR1); break;
    case 'pthread_kill_main': yield* libc.pthread_kill(sh.mainTid, SIGUSR1); break;
    case 'block': yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1), null); break;
    case 'unblock': yield* libc.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1), null); break;
    case 'usleep': yield* libc.usleep(o.us); break;
    case 'pipe_write': if (sh.fds !== -1) yield* libc.write(sh.fds[1], 'x'.repeat(o.n)); break;
    case 'pipe_read': if (sh.fds !== -1) yield* libc.read(sh.fds[0], { value: '' }, 10); break;
    case 'slow_read': yield* libc.read_slow_device(16); break;
    case 'fork': {
      const pid = yield* libc.fork(forkChild);
      if (pid > 0) yield* libc.waitpid(pid, null, 0);
      break;
    }
    case 'yield': yield* libc.sched_yield(); break;
    default: break;
  }
}

function* forkChild(libc: Libc): Sim<number> {
  yield* libc.compute(1_000);
  return 0;
}

function* childThread(libc: Libc, a: { sh: Shared; ops: Op[] }): Sim<number> {
  return yield* runOps(libc, a.sh, a.ops);
}

function* onUsr1(): Sim<void> {}

/** The program a spec describes. */
export function interpret(spec: ProgramSpec): Program {
  return function* fuzzMain(libc: Libc): Sim<number> {
    const sh: Shared = {
      m: [yield* libc.pthread_mutex_init(), yield* libc.pthread_mutex_init()],
      c: yield* libc.pthread_cond_init(),
      s: yield* libc.sem_init(0),
      fds: yield* libc.pipe(),
      mainTid: yield* libc.pthread_self(),
      handled: 0,
    };
    yield* libc.sigaction(SIGUSR1, { handler: onUsr1, flags: SA_RESTART });
    const ids: number[] = [];
    for (const th of spec.threads) {
      const t = yield* libc.pthread_create(childThread, { sh, ops: th.ops });
      if (t > 0 && th.detach) yield* libc.pthread_detach(t);
      else if (t > 0) ids.push(t);
    }
    for (const t of ids) yield* libc.pthread_join(t, null);
    yield* libc.printf('done %d\n', ids.length);
    return 0;
  };
}
