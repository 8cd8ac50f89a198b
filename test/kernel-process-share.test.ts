/**
 * kernel-process-share.test.ts — what a clone shares and what it copies (rule 4), and the
 * tid words (rule 5), driven by raw tasks.
 *
 * Sharing is checked twice: structurally (the same object, its reference count up by one and
 * back down when the child is gone) and by behaviour (a child's sigaction, close or store is
 * seen by the parent exactly when the resource is shared).
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { umalloc, uload, ustore } from '../kernel/uaccess.js';
import {
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CLONE_SYSVSEM,
  CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID, SIGCHLD, SIGUSR1, SIGUSR2,
  SIG_BLOCK, EBADF, FUTEX_WAIT, ETIMEDOUT, __WALL,
} from '../kernel/uapi.js';
import { sigmask } from '../kernel/signal.js';
import { sigsetToBigint } from '../kernel/sigset.js';
import type { SigAction, Task } from '../kernel/task.js';
import { runMain, me, task, spawnThread, joinThread, wait, burn, THREAD_FLAGS } from './kernel-process-helpers.js';

interface Resource {
  name: string;
  flag: number;
  /** Flags needed for the clone to be legal (rule 1) besides the one under test. */
  with: number;
  get: (t: Task) => object | null;
  refs: (r: any) => number;
}

const RESOURCES: Resource[] = [
  { name: 'mm (CLONE_VM)', flag: CLONE_VM, with: 0, get: (t) => t.mm, refs: (r) => r.users },
  { name: 'fs_struct (CLONE_FS)', flag: CLONE_FS, with: 0, get: (t) => t.fs, refs: (r) => r.users },
  { name: 'files_struct (CLONE_FILES)', flag: CLONE_FILES, with: 0, get: (t) => t.files, refs: (r) => r.count },
  { name: 'sighand_struct (CLONE_SIGHAND)', flag: CLONE_SIGHAND, with: CLONE_VM, get: (t) => t.sighand, refs: (r) => r.count },
  { name: 'signal_struct (CLONE_THREAD)', flag: CLONE_THREAD, with: CLONE_VM | CLONE_SIGHAND, get: (t) => t.signal, refs: (r) => r.count },
  { name: 'sysv undo list (CLONE_SYSVSEM)', flag: CLONE_SYSVSEM, with: 0, get: (t) => t.sysvsem, refs: (r) => r.refcnt },
];

/** Clone with `flags`, look at parent and child while both live, then after the child is gone. */
function shareProbe(res: Resource, flags: number): Record<string, unknown> {
  const seen: Record<string, unknown> = {};
  runMain(function* (k) {
    const parent = me(k);
    const mine = res.get(parent)!;
    const isThread = (flags & CLONE_THREAD) !== 0;
    const th = isThread ? yield* spawnThread(burn, 1000, flags & ~THREAD_FLAGS) : null;
    const pid = th ? th.tid : ((yield sys.clone({ flags: flags | SIGCHLD, fn: burn, arg: 1000 })) as number);
    const theirs = res.get(task(k, pid))!;
    seen.same = theirs === mine;
    seen.parentRefs = res.refs(mine);
    seen.childRefs = res.refs(theirs);
    if (th) yield* joinThread(th);
    else yield* wait(pid);
    seen.parentRefsAfter = res.refs(mine);
    return 0;
  });
  return seen;
}

describe('rule 4: share by reference count, or copy', () => {
  it.each(RESOURCES)('rule 4: $name is shared with its flag (refcount 2, back to 1 when the child is gone)', (res) => {
    expect(shareProbe(res, res.flag | res.with)).toEqual({ same: true, parentRefs: 2, childRefs: 2, parentRefsAfter: 1 });
  });

  it.each(RESOURCES)('rule 4: $name is copied without its flag (refcounts stay 1)', (res) => {
    expect(shareProbe(res, res.with)).toEqual({ same: false, parentRefs: 1, childRefs: 1, parentRefsAfter: 1 });
  });

  it('rule 4: sigaction after clone propagates with CLONE_SIGHAND and not without it; handlers set before are copied', () => {
    const handler = function* (): Generator<any, void, any> {};
    const result: Record<string, unknown> = {};
    for (const [name, flags] of [['shared', CLONE_VM | CLONE_SIGHAND], ['copied', CLONE_VM]] as const) {
      runMain(function* () {
        yield sys.rt_sigaction(SIGUSR2, { handler, flags: 0, mask: 0n }, null);
        const pid = (yield sys.clone({
          flags: flags | SIGCHLD,
          fn: function* () {
            const old: { value?: SigAction } = {};
            yield sys.rt_sigaction(SIGUSR2, null, old);
            result[`${name}: child sees the earlier handler`] = old.value!.handler === handler;
            yield sys.rt_sigaction(SIGUSR1, { handler, flags: 0, mask: 0n }, null);
            return 0;
          },
        })) as number;
        yield* wait(pid);
        const old: { value?: SigAction } = {};
        yield sys.rt_sigaction(SIGUSR1, null, old);
        result[`${name}: parent sees the child's sigaction`] = old.value!.handler === handler;
        return 0;
      });
    }
    expect(result).toEqual({
      'shared: child sees the earlier handler': true,
      'shared: parent sees the child\'s sigaction': true,
      'copied: child sees the earlier handler': true,
      'copied: parent sees the child\'s sigaction': false,
    });
  });

  it('rule 4: with CLONE_FILES a child\'s close() closes the parent\'s descriptor; without it, only its copy', () => {
    const writes: number[] = [];
    for (const flags of [CLONE_FILES, 0]) {
      runMain(function* () {
        const pid = (yield sys.clone({ flags: flags | SIGCHLD, fn: function* () { yield sys.close(1); return 0; } })) as number;
        yield* wait(pid);
        writes.push((yield sys.write(1, 'x')) as number);
        return 0;
      });
    }
    expect(writes).toEqual([-EBADF, 1]);
  });

  it('rule 4: with CLONE_VM a child\'s store is the parent\'s memory; fork gives the child a copy', () => {
    const loads: number[] = [];
    for (const flags of [CLONE_VM, 0]) {
      runMain(function* () {
        const addr = umalloc(1);
        ustore(addr, 1);
        const pid = (yield sys.clone({ flags: flags | SIGCHLD, fn: function* () { ustore(addr, 2); return 0; } })) as number;
        yield* wait(pid);
        loads.push(uload(addr));
        return 0;
      });
    }
    expect(loads).toEqual([2, 1]);
  });

  it('rule 4: a new task starts with an empty private pending set and its creator\'s signal mask', () => {
    const seen: Record<string, unknown> = {};
    runMain(function* (k) {
      const blockBoth = sigmask(SIGUSR1) | sigmask(SIGUSR2);
      yield sys.rt_sigprocmask(SIG_BLOCK, blockBoth, null);
      const self = (yield sys.gettid()) as number;
      yield sys.tgkill(self, self, SIGUSR1); // private, blocked: stays pending
      yield sys.kill(self, SIGUSR2); // shared (process-directed), blocked: stays pending
      seen.creatorPrivate = sigsetToBigint(me(k).pending);
      const th = yield* spawnThread(function* () {
        const t = me(k);
        seen.threadPrivate = sigsetToBigint(t.pending);
        seen.threadMask = sigsetToBigint(t.blocked);
        const p: { value?: bigint } = {};
        yield sys.rt_sigpending(p);
        seen.threadSees = p.value; // only the group's shared signal
        // A thread with another mask creates a task: it gets that thread's mask, not the leader's.
        yield sys.rt_sigprocmask(SIG_BLOCK, sigmask(SIGCHLD), null);
        const pid = (yield sys.fork(function* () {
          seen.grandchildMask = sigsetToBigint(me(k).blocked);
          const q: { value?: bigint } = {};
          yield sys.rt_sigpending(q);
          seen.grandchildSees = q.value;
          return 0;
        })) as number;
        yield* wait(pid);
        return 0;
      });
      yield* joinThread(th);
      return 0;
    });
    const blockBoth = sigmask(SIGUSR1) | sigmask(SIGUSR2);
    expect(seen).toEqual({
      creatorPrivate: sigmask(SIGUSR1),
      threadPrivate: 0n,
      threadMask: blockBoth,
      threadSees: sigmask(SIGUSR2),
      grandchildMask: blockBoth | sigmask(SIGCHLD),
      grandchildSees: 0n,
    });
  });
});

describe('rule 5: the tid words', () => {
  it('rule 5: CLONE_PARENT_SETTID writes the tid before clone returns; CLONE_CHILD_SETTID before the child runs', () => {
    const seen: Record<string, number> = {};
    runMain(function* () {
      const ptid = umalloc(1);
      const ctid = umalloc(1);
      const tid = (yield sys.clone({
        flags: THREAD_FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID,
        fn: function* () { seen.childSaw = uload(ctid); return 0; },
        ptid, ctid,
      })) as number;
      seen.tid = tid;
      seen.ptidAtReturn = uload(ptid); // the child has not run yet (one CPU, no preemption here)
      seen.ctidAtReturn = uload(ctid);
      yield sys.compute(10_000);
      yield sys.sched_yield();
      return 0;
    });
    expect(seen.ptidAtReturn).toBe(seen.tid);
    expect(seen.ctidAtReturn).toBe(seen.tid);
    expect(seen.childSaw).toBe(seen.tid);
  });

  it('rule 5: CLONE_CHILD_CLEARTID zeroes the word at exit and wakes one futex waiter', () => {
    const seen: Record<string, unknown> = {};
    runMain(function* () {
      const th = yield* spawnThread(burn, 2_000_000);
      const results: number[] = [];
      // Two waiters on the tid word: the exiting thread wakes exactly one; the other times out.
      const waiter = function* (): Generator<any, number, any> {
        results.push((yield sys.futex(th.ctid, FUTEX_WAIT, th.tid, 10_000_000)) as number);
        return 0;
      };
      const w1 = yield* spawnThread(waiter);
      const w2 = yield* spawnThread(waiter);
      seen.before = uload(th.ctid) === th.tid;
      yield* joinThread(w1);
      yield* joinThread(w2);
      seen.after = uload(th.ctid);
      seen.results = results.slice().sort((a, b) => a - b);
      return 0;
    }, { cpus: 2 });
    expect(seen).toEqual({ before: true, after: 0, results: [-ETIMEDOUT, 0] });
  });

  it('rule 5: CLONE_CHILD_CLEARTID leaves the word alone when the mm is no longer shared', () => {
    const seen: Record<string, number> = {};
    runMain(function* (k) {
      const ctid = umalloc(1);
      // A forked child has its own mm (mm_users 1 at exit): nobody could be waiting on the word.
      const pid = (yield sys.clone({
        flags: CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, fn: burn, arg: 1000, ctid,
      })) as number;
      const childMm = task(k, pid).mm!;
      yield* wait(pid, __WALL);
      seen.pid = pid;
      seen.childWord = childMm.read(ctid);
      seen.parentWord = uload(ctid);
      return 0;
    });
    expect(seen).toEqual({ pid: seen.pid, childWord: seen.pid, parentWord: 0 });
  });
});
