/**
 * kernel-process-exit.test.ts — how tasks die and are reaped (rules 8–11), driven by raw
 * tasks, with the event log as the witness of who was signalled and who reaped whom.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { vdsoNow } from '../kernel/uaccess.js';
import { recordTrace, EV_SIGNAL_GENERATE, EV_EXIT, EV_REAP, type TraceEvent } from '../kernel/trace.js';
import { EXIT_ZOMBIE } from '../kernel/task.js';
import { formatPsAx } from '../kernel/ps.js';
import {
  SIGCHLD, SIGUSR1, SIGTERM, SIGKILL, CLONE_VM, ECHILD, WNOHANG, __WCLONE, __WALL, SA_RESTART,
  FUTEX_WAIT, WIFSIGNALED, WTERMSIG,
} from '../kernel/uapi.js';
import { umalloc } from '../kernel/uaccess.js';
import { runMain, me, spawnThread, joinThread, wait, exitWith, burn } from './kernel-process-helpers.js';

const noop = function* (): Generator<any, void, any> {};

function sigchlds(events: TraceEvent[], to: number): TraceEvent[] {
  return events.filter((e) => e.kind === 'signal_generate' && e.a === SIGCHLD && e.pid === to);
}

/** A body that never returns on its own: it computes forever, a slice at a time. */
function* spin(): Generator<any, number, any> {
  for (;;) yield sys.compute(100_000);
}

describe('rule 8: a non-leader thread is released at once', () => {
  it('rule 8: no zombie, no signal to anyone, not waitable — unlike the process it belongs to', () => {
    const seen: Record<string, unknown> = {};
    let log: TraceEvent[] = [];
    let parentPid = 0;
    runMain(function* (k) {
      log = recordTrace(k.trace, [EV_SIGNAL_GENERATE, EV_EXIT, EV_REAP]).events;
      parentPid = me(k).pid;
      const child = (yield sys.fork(function* () {
        const th = yield* spawnThread(burn, 1_000_000);
        const nr = k.nrThreads;
        yield* joinThread(th);
        seen.tid = th.tid;
        seen.gone = k.findTask(th.tid) === undefined;
        seen.nrDrop = nr - k.nrThreads;
        seen.wait = (yield sys.wait4(th.tid, null, __WALL | WNOHANG)) as number;
        yield sys.compute(1_000_000);
        return 0;
      })) as number;
      seen.child = child;
      yield* wait(child, 0);
      return 0;
    });
    expect(seen).toMatchObject({ gone: true, nrDrop: 1, wait: -ECHILD });
    const exitT = log.find((e) => e.kind === 'exit' && e.pid === seen.tid)!;
    const reapT = log.find((e) => e.kind === 'reap' && e.pid === seen.tid)!;
    expect(exitT.b).toBe(0); // not a group leader
    expect(reapT.time).toBe(exitT.time); // released in the same instant
    expect(reapT.a).toBe(seen.tid); // by itself, not by a waiter
    expect(log.filter((e) => e.kind === 'signal_generate' && e.time === exitT.time)).toEqual([]);
    // The process's own exit does signal its parent, once.
    const exitC = log.find((e) => e.kind === 'exit' && e.pid === seen.child)!;
    expect(sigchlds(log, parentPid).map((e) => e.time)).toEqual([exitC.time]);
  });
});

describe('rule 9: a leader that exits before its threads', () => {
  it('rule 9: stays a zombie wait cannot reap; its parent hears (SIGCHLD) and reaps only after the last thread', () => {
    const seen: Record<string, unknown> = {};
    let log: TraceEvent[] = [];
    let parentPid = 0;
    runMain(function* (k) {
      log = recordTrace(k.trace, [EV_SIGNAL_GENERATE, EV_EXIT]).events;
      parentPid = me(k).pid;
      yield sys.rt_sigaction(SIGCHLD, { handler: noop, flags: SA_RESTART, mask: 0n }, null);
      const child = (yield sys.fork(function* () {
        const th = yield* spawnThread(function* () {
          yield sys.compute(2_000_000);
          seen.lastThreadExit = vdsoNow();
          return 5;
        });
        seen.tid = th.tid;
        yield sys.exit(3); // the leader alone (not exit_group)
        return 0;
      })) as number;
      yield sys.sched_yield(); // the child runs, starts its thread, and exits
      const c = k.findTask(child)!;
      seen.zombie = c.exitState === EXIT_ZOMBIE;
      seen.early = (yield sys.wait4(child, null, WNOHANG)) as number;
      seen.ps = formatPsAx(k);
      const [r, st] = yield* wait(child, 0);
      seen.reapedAt = vdsoNow();
      seen.reaped = r === child;
      seen.status = st;
      seen.child = child;
      return 0;
    });
    expect(seen).toMatchObject({ zombie: true, early: 0, reaped: true, status: 3 << 8 });
    expect(seen.reapedAt as number).toBeGreaterThanOrEqual(seen.lastThreadExit as number);
    const leaderExit = log.find((e) => e.kind === 'exit' && e.pid === seen.child)!;
    const threadExit = log.find((e) => e.kind === 'exit' && e.pid === seen.tid)!;
    expect(leaderExit.time).toBeLessThan(threadExit.time);
    expect(sigchlds(log, parentPid).map((e) => e.time)).toEqual([threadExit.time]);
    // While its thread lives the process is still listed (its pid is not free).
    expect(seen.ps).toMatch(new RegExp(`^\\s+${seen.child} pts/0 `, 'm'));
  });
});

describe('rule 10: exit_group and fatal signals end the whole group', () => {
  /** A child process with three threads in different states; `killer` ends it somehow. */
  function groupOf(
    killer: (child: number, tids: number[]) => Generator<any, void, any>,
    first: () => Generator<any, number, any> = spin,
  ) {
    const seen: Record<string, unknown> = {};
    runMain(function* (k) {
      const tids: number[] = [];
      const child = (yield sys.fork(function* () {
        const word = umalloc(1);
        tids.push((yield* spawnThread(first)).tid); // running
        tids.push((yield* spawnThread(function* () { yield sys.pause(); return 0; })).tid); // asleep
        tids.push((yield* spawnThread(function* () { yield sys.futex(word, FUTEX_WAIT, 0); return 0; })).tid);
        yield* spin();
        return 0;
      })) as number;
      yield sys.compute(1_000_000);
      seen.aliveBefore = tids.every((t) => k.findTask(t) !== undefined);
      yield* killer(child, tids);
      const [r, st] = yield* wait(child, 0);
      seen.reaped = r === child;
      seen.status = st;
      seen.allGone = [child, ...tids].every((t) => k.findTask(t) === undefined);
      return 0;
    }, { cpus: 2, timeLimit: 1e9 }); // a group that does not die ends the run here, not in a hang
    return seen;
  }

  it('rule 10: exit_group from a non-leader thread kills every thread; the group exit code is the status', () => {
    const seen = groupOf(function* () {}, function* () {
      yield sys.compute(2_000_000);
      yield sys.exit_group(7);
      return 0;
    });
    expect(seen).toEqual({ aliveBefore: true, reaped: true, status: 7 << 8, allGone: true });
  });

  it('rule 10: the group exit code, not the leader\'s own exit code, is the status', () => {
    let status = -1;
    runMain(function* () {
      const child = (yield sys.fork(function* () {
        yield* spawnThread(function* () {
          yield sys.compute(1_000_000);
          yield sys.exit_group(7);
          return 0;
        });
        yield sys.exit(3); // the leader leaves first with its own code
        return 0;
      })) as number;
      status = (yield* wait(child, 0))[1];
      return 0;
    }, { timeLimit: 1e9 });
    expect(status).toBe(7 << 8);
  });

  it('rule 10: a fatal signal sent to the process kills every thread; the status is that signal', () => {
    const seen = groupOf(function* (child) {
      yield sys.kill(child, SIGTERM);
    });
    expect(seen).toMatchObject({ aliveBefore: true, reaped: true, allGone: true });
    expect(WIFSIGNALED(seen.status as number) && WTERMSIG(seen.status as number)).toBe(SIGTERM);
  });

  it('rule 10: a fatal signal sent to one sleeping thread (tgkill) kills the whole group', () => {
    const seen = groupOf(function* (child, tids) {
      yield sys.tgkill(child, tids[1], SIGKILL);
    });
    expect(seen).toMatchObject({ aliveBefore: true, reaped: true, allGone: true });
    expect(WTERMSIG(seen.status as number)).toBe(SIGKILL);
  });
});

describe('rule 11: wait and orphans', () => {
  it('rule 11: waitpid without __WCLONE sees only SIGCHLD children, with __WCLONE only the others, __WALL both', () => {
    const got: Record<string, number[]> = { plain: [], clone: [], all: [] };
    const kids: Record<string, number> = {};
    runMain(function* () {
      yield sys.rt_sigaction(SIGUSR1, { handler: noop, flags: SA_RESTART, mask: 0n }, null);
      for (const round of ['split', 'all'] as const) {
        kids.fork = (yield sys.fork(exitWith, 1)) as number;
        kids.sig0 = (yield sys.clone({ flags: CLONE_VM, fn: exitWith, arg: 2 })) as number;
        kids.usr1 = (yield sys.clone({ flags: CLONE_VM | SIGUSR1, fn: exitWith, arg: 3 })) as number;
        yield sys.sched_yield(); // all three run and exit
        const order = round === 'split' ? [0, 0, __WCLONE, __WCLONE, __WCLONE] : [__WALL, __WALL, __WALL, __WALL];
        for (const opt of order) {
          const r = (yield sys.wait4(-1, null, opt | WNOHANG)) as number;
          (round === 'all' ? got.all : opt === 0 ? got.plain : got.clone).push(r);
        }
      }
      return 0;
    });
    // The second round reuses no pids (no wrap), so compare against the last round's children.
    expect(got.plain).toEqual([got.plain[0], -ECHILD]);
    expect(got.clone.slice(2)).toEqual([-ECHILD]);
    expect(got.all.slice(3)).toEqual([-ECHILD]);
    expect(got.all.slice(0, 3).sort((a, b) => a - b)).toEqual([kids.fork, kids.sig0, kids.usr1]);
    const firstFork = kids.fork - 3;
    expect(got.plain[0]).toBe(firstFork);
    expect(got.clone.slice(0, 2).sort((a, b) => a - b)).toEqual([firstFork + 1, firstFork + 2]);
  });

  it('rule 11: a zombie stays (listed as <defunct>) until it is reaped', () => {
    const seen: Record<string, unknown> = {};
    runMain(function* (k) {
      const c = (yield sys.fork(exitWith, 4)) as number;
      yield sys.sched_yield();
      yield sys.compute(5_000_000);
      yield sys.sched_yield();
      seen.zombie = k.findTask(c)?.exitState === EXIT_ZOMBIE;
      seen.ps = formatPsAx(k);
      seen.c = c;
      const [r, st] = yield* wait(c, 0);
      seen.reaped = r === c && st === 4 << 8;
      seen.gone = k.findTask(c) === undefined;
      return 0;
    });
    expect(seen).toMatchObject({ zombie: true, reaped: true, gone: true });
    expect(seen.ps).toMatch(new RegExp(`^\\s+${seen.c} pts/0\\s+Z\\s+\\S+ \\[prog\\] <defunct>$`, 'm'));
  });

  it('rule 11: orphans are re-parented to init, which reaps them', () => {
    const seen: Record<string, unknown> = {};
    let log: TraceEvent[] = [];
    runMain(function* (k) {
      log = recordTrace(k.trace, [EV_REAP]).events;
      const ppids: number[] = [];
      const c = (yield sys.fork(function* () {
        const g = (yield sys.fork(function* () {
          ppids.push((yield sys.getppid()) as number);
          yield sys.sched_yield(); // its parent exits meanwhile
          ppids.push((yield sys.getppid()) as number);
          seen.initAdopted = k.init.children.some((t) => t.pid === seen.g);
          return 0;
        })) as number;
        seen.g = g;
        yield sys.sched_yield();
        return 0;
      })) as number;
      yield* wait(c, 0);
      for (let i = 0; i < 100 && k.findTask(seen.g as number); i++) yield sys.sched_yield();
      seen.ppids = ppids;
      seen.c = c;
      seen.gone = k.findTask(seen.g as number) === undefined;
      return 0;
    });
    expect(seen).toMatchObject({ ppids: [seen.c, 1], initAdopted: true, gone: true });
    const reap = log.find((e) => e.pid === seen.g)!;
    expect(reap.a).toBe(1); // reaped by init
  });
});
