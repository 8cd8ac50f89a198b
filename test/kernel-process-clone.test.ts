/**
 * kernel-process-clone.test.ts — clone's flag checks and limits (rule 1) and the identities a
 * new task gets (rules 2 and 3), driven by raw tasks yielding sys.* requests.
 *
 * Each test names its rule; each would fail if the kernel broke that rule: a check moved
 * after an allocation or a limit, a pid not reused, a thread given its own tgid, getppid
 * answering the caller's pid instead of the real parent's tgid, and so on.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { cloneFlagsError } from '../kernel/fork.js';
import {
  CLONE_VM, CLONE_FS, CLONE_SIGHAND, CLONE_THREAD, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER,
  CLONE_PARENT, EINVAL, EAGAIN, ECHILD, SIGCHLD, SIGUSR1, SIG_IGN, RLIMIT_NPROC, WNOHANG, __WALL,
} from '../kernel/uapi.js';
import {
  runMain, me, task, spawnThread, joinThread, wait, exitWith, burn, THREAD_FLAGS,
} from './kernel-process-helpers.js';

/** Rule 1's table: each combination is refused with EINVAL. */
const ILLEGAL: [string, number][] = [
  ['CLONE_THREAD without CLONE_SIGHAND', CLONE_VM | CLONE_THREAD],
  ['CLONE_SIGHAND without CLONE_VM', CLONE_SIGHAND],
  ['CLONE_NEWNS with CLONE_FS', CLONE_NEWNS | CLONE_FS],
  ['CLONE_THREAD with CLONE_NEWPID', THREAD_FLAGS | CLONE_NEWPID],
  ['CLONE_THREAD with CLONE_NEWUSER', THREAD_FLAGS | CLONE_NEWUSER],
];

describe('rule 1: clone flag checks and resource limits', () => {
  it.each(ILLEGAL)('rule 1: %s fails with EINVAL, allocating nothing', (_why, flags) => {
    const seen: Record<string, number> = {};
    runMain(function* (k) {
      const [first] = yield* wait((yield sys.fork(exitWith, 0)) as number);
      const before = { tasks: k.tasks.size, nr: k.nrThreads };
      seen.r = (yield sys.clone({ flags, fn: exitWith, arg: 0 })) as number;
      seen.tasksDelta = k.tasks.size - before.tasks;
      seen.nrDelta = k.nrThreads - before.nr;
      // No pid was consumed: the next fork gets the pid right after the first one.
      const next = (yield sys.fork(exitWith, 0)) as number;
      seen.pidStep = next - first;
      yield* wait(next);
      return 0;
    });
    expect(seen).toEqual({ r: -EINVAL, tasksDelta: 0, nrDelta: 0, pidStep: 1 });
    expect(cloneFlagsError(flags)).not.toBeNull();
  });

  // Each limit is set so that a *valid* clone fails with EAGAIN; the invalid ones must still
  // say EINVAL, because the flag checks come first.
  const LIMITS: [string, object][] = [
    ['threads-max', { threadsMax: 4 }], // init, kthreadd, bash, prog
    ['RLIMIT_NPROC', { rlimitNproc: 2 }], // bash, prog (init and kernel threads are root's)
    ['pid_max', { pidMax: 5 }], // pids 1..4 are taken
  ];
  it.each(LIMITS)('rule 1: with %s exhausted a valid clone is EAGAIN but every illegal one is still EINVAL', (_n, opts) => {
    const got: number[] = [];
    runMain(function* () {
      got.push((yield sys.clone({ flags: THREAD_FLAGS, fn: exitWith, arg: 0 })) as number);
      got.push((yield sys.fork(exitWith, 0)) as number);
      for (const [, flags] of ILLEGAL) got.push((yield sys.clone({ flags, fn: exitWith, arg: 0 })) as number);
      return 0;
    }, opts);
    expect(got).toEqual([-EAGAIN, -EAGAIN, ...ILLEGAL.map(() => -EINVAL)]);
  });

  it('rule 1: threads-max exhaustion is EAGAIN, and a thread that exits makes room again', () => {
    const got: number[] = [];
    runMain(function* () {
      const a = yield* spawnThread(burn, 1_000_000);
      const b = yield* spawnThread(burn, 1_000_000);
      got.push(a.tid > 0 && b.tid > 0 ? 1 : 0);
      got.push((yield sys.clone({ flags: THREAD_FLAGS, fn: exitWith, arg: 0 })) as number);
      yield* joinThread(a);
      const c = yield* spawnThread(burn, 1);
      got.push(c.tid > 0 ? 1 : 0);
      yield* joinThread(b);
      yield* joinThread(c);
      return 0;
    }, { threadsMax: 6 });
    expect(got).toEqual([1, -EAGAIN, 1]);
  });

  it('rule 1: RLIMIT_NPROC exhaustion is EAGAIN (kernel default and setrlimit alike)', () => {
    const got: number[] = [];
    runMain(function* () {
      const c = (yield sys.fork(burn, 1000)) as number; // bash + prog + c = 3
      got.push(c > 0 ? 1 : 0);
      got.push((yield sys.fork(exitWith, 0)) as number);
      yield* wait(c);
      const d = (yield sys.fork(exitWith, 0)) as number; // room again once c is reaped
      got.push(d > 0 ? 1 : 0);
      yield* wait(d);
      return 0;
    }, { rlimitNproc: 3 });
    runMain(function* () {
      got.push((yield sys.setrlimit(RLIMIT_NPROC, 2)) as number);
      got.push((yield sys.fork(exitWith, 0)) as number);
      got.push((yield sys.clone({ flags: THREAD_FLAGS, fn: exitWith, arg: 0 })) as number);
      return 0;
    });
    expect(got).toEqual([1, -EAGAIN, 1, 0, -EAGAIN, -EAGAIN]);
  });

  it('rule 1: pid_max exhaustion is EAGAIN, and a reaped pid is handed out again', () => {
    const got: number[] = [];
    runMain(function* () {
      const a = (yield sys.fork(exitWith, 0)) as number;
      const b = (yield sys.fork(exitWith, 0)) as number;
      got.push(a, b);
      got.push((yield sys.fork(exitWith, 0)) as number);
      yield* wait(a);
      got.push((yield sys.fork(exitWith, 0)) as number);
      yield* wait(-1);
      yield* wait(-1);
      return 0;
    }, { pidMax: 7 });
    expect(got).toEqual([5, 6, -EAGAIN, 5]);
  });

  it('rule 1: pid allocation wraps at pid_max to 300 (RESERVED_PIDS), skipping pids in use', () => {
    const pids: number[] = [];
    runMain(function* () {
      let holder = 0;
      for (let i = 0; i < 302; i++) {
        // The child that draws pid 301 stays alive, so the allocator must step over it.
        const pid = (yield sys.fork(function* () {
          const self = (yield sys.getpid()) as number;
          if (self === 301) yield sys.pause();
          return 0;
        }, 0)) as number;
        pids.push(pid);
        if (pid === 301) holder = pid;
        else yield* wait(pid);
      }
      yield sys.kill(holder, 9);
      yield* wait(holder);
      return 0;
    }, { pidMax: 305 });
    const expected = [...Array(300).keys()].map((i) => i + 5); // 5 .. 304
    expect(pids).toEqual([...expected, 300, 302]);
  });
});

describe('rules 2 and 3: who a new task belongs to', () => {
  it('rule 2: with CLONE_THREAD the child takes the caller\'s tgid, group leader and real parent, and no exit signal', () => {
    const seen: Record<string, unknown> = {};
    runMain(function* (k) {
      const leader = me(k);
      function* inner(): Generator<any, number, any> {
        const t = me(k);
        seen.innerLeader = t.groupLeader === leader;
        seen.innerParent = t.realParent === leader.realParent;
        seen.innerTgid = t.tgid === leader.pid;
        return 0;
      }
      function* outer(): Generator<any, number, any> {
        const t = me(k);
        seen.tgid = t.tgid === leader.tgid && t.pid !== leader.pid;
        seen.leader = t.groupLeader === leader;
        seen.parent = t.realParent === leader.realParent && t.realParent.comm === 'bash';
        seen.exitSignal = t.exitSignal;
        seen.child = leader.children.includes(t);
        const th = yield* spawnThread(inner); // a thread of a thread: still the same group
        yield* joinThread(th);
        return 0;
      }
      const th = yield* spawnThread(outer);
      yield* joinThread(th);
      return 0;
    });
    expect(seen).toEqual({
      tgid: true, leader: true, parent: true, exitSignal: -1, child: false,
      innerLeader: true, innerParent: true, innerTgid: true,
    });
  });

  it('rule 2: without CLONE_THREAD the child leads a new group, its parent is the caller, and its exit signal is the low byte of the flags', () => {
    const rows: [number, number, boolean, boolean, boolean][] = [];
    runMain(function* (k) {
      yield sys.rt_sigaction(SIGUSR1, { handler: SIG_IGN, flags: 0, mask: 0n }, null);
      for (const sig of [0, SIGCHLD, SIGUSR1]) {
        const pid = (yield sys.clone({ flags: CLONE_VM | sig, fn: burn, arg: 1000 })) as number;
        const c = task(k, pid);
        rows.push([sig, c.exitSignal, c.tgid === pid && c.groupLeader === c, c.realParent === me(k), me(k).children.includes(c)]);
        yield* wait(pid, __WALL);
      }
      return 0;
    });
    expect(rows).toEqual([
      [0, 0, true, true, true],
      [SIGCHLD, SIGCHLD, true, true, true],
      [SIGUSR1, SIGUSR1, true, true, true],
    ]);
  });

  it('rule 2: a child forked by a non-leader thread has that thread as real parent and is reaped by the group', () => {
    const seen: Record<string, unknown> = {};
    runMain(function* (k) {
      const leader = me(k);
      seen.leaderPid = leader.pid;
      function* forker(): Generator<any, number, any> {
        const thread = me(k);
        const pid = (yield sys.fork(function* () {
          seen.ppid = yield sys.getppid();
          return 7;
        }, 0)) as number;
        seen.parentIsThread = task(k, pid).realParent === thread;
        seen.pid = pid;
        return 0;
      }
      const th = yield* spawnThread(forker);
      yield* joinThread(th);
      // The thread is gone; its child was handed to another thread of the group (the leader).
      seen.adopted = task(k, seen.pid as number).realParent === leader;
      const [r, st] = yield* wait(seen.pid as number, 0);
      seen.reaped = r === seen.pid && st === 7 << 8;
      return 0;
    });
    expect({ ...seen, pid: 0 }).toEqual({ ppid: seen.leaderPid, leaderPid: seen.leaderPid, parentIsThread: true, pid: 0, adopted: true, reaped: true });
  });

  it('rule 2: CLONE_PARENT makes the caller\'s parent the child\'s parent', () => {
    const seen: Record<string, unknown> = {};
    const { h } = runMain(function* (k) {
      const pid = (yield sys.clone({
        flags: CLONE_PARENT | SIGCHLD,
        fn: function* () { seen.ppid = yield sys.getppid(); return 0; },
      })) as number;
      const c = task(k, pid);
      seen.parentIsBash = c.realParent === me(k).realParent;
      seen.inMyChildren = me(k).children.includes(c);
      seen.wait = (yield sys.wait4(pid, null, WNOHANG)) as number;
      yield sys.compute(10_000); // let the sibling run
      return 0;
    });
    expect(seen).toEqual({ ppid: h.shell.pid, parentIsBash: true, inMyChildren: false, wait: -ECHILD });
  });

  it('rule 3: getpid is the tgid, gettid the pid, getppid the real parent\'s tgid — in threads and in children', () => {
    const ids: Record<string, number[]> = {};
    const { h } = runMain(function* (k) {
      function* report(name: string): Generator<any, number, any> {
        ids[name] = [(yield sys.getpid()) as number, (yield sys.gettid()) as number, (yield sys.getppid()) as number];
        return 0;
      }
      yield* report('main');
      const th = yield* spawnThread(report, 'thread');
      yield* joinThread(th);
      // A child forked from a thread (alive until it has reaped the child): its getppid is the
      // thread's tgid, not the thread's tid.
      const th2 = yield* spawnThread(function* () {
        const c = (yield sys.fork(report, 'grandchild')) as number;
        yield* report('forker');
        ids.forkedPid = [c];
        yield* wait(c, 0);
        return 0;
      });
      yield* joinThread(th2);
      const c = (yield sys.fork(report, 'child')) as number;
      ids.childPid = [c];
      yield* wait(c, 0);
      void k;
      return 0;
    });
    const [pid] = ids.main;
    expect(ids.main).toEqual([pid, pid, h.shell.pid]);
    expect(ids.thread[0]).toBe(pid);
    expect(ids.thread[1]).not.toBe(pid);
    expect(ids.thread[2]).toBe(h.shell.pid);
    expect(ids.forker[0]).toBe(pid);
    expect(ids.forker[1]).not.toBe(pid);
    expect(ids.grandchild).toEqual([ids.forkedPid[0], ids.forkedPid[0], pid]);
    expect(ids.child).toEqual([ids.childPid[0], ids.childPid[0], pid]);
  });
});
