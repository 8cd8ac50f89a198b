/**
 * kernel-process-fork.test.ts — fork, vfork and copy-on-write (rule 6), and kernel threads
 * with their lazy-TLB borrowing of the last user mm (rule 7).
 *
 * Costs are checked in virtual time read through the vDSO clock (vdsoNow costs nothing), so
 * a test can say exactly what fork charged compared with a CLONE_VM clone.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { vdsoNow, umalloc, uload, ustore } from '../kernel/uaccess.js';
import { kthreadRun } from '../kernel/kthread.js';
import { USER_BASE } from '../kernel/mm.js';
import { TASK_UNINTERRUPTIBLE, PF_KTHREAD, type Task } from '../kernel/task.js';
import { formatPsAx, formatPsEf } from '../kernel/ps.js';
import { CLONE_VM, SIGCHLD, __WCLONE, WNOHANG } from '../kernel/uapi.js';
import type { Kernel } from '../kernel/kernel.js';
import { boot, runMain, me, task, wait, exitWith, burn } from './kernel-process-helpers.js';

describe('rule 6: fork, vfork, copy-on-write', () => {
  it('rule 6: fork is clone(SIGCHLD): same kind of child, same cost, waitable without __WCLONE', () => {
    const rows: Record<string, unknown>[] = [];
    runMain(function* (k) {
      for (const how of ['fork', 'clone'] as const) {
        const t0 = vdsoNow();
        const pid = (yield how === 'fork' ? sys.fork(burn, 1000) : sys.clone({ flags: SIGCHLD, fn: burn, arg: 1000 })) as number;
        const c = task(k, pid);
        rows.push({
          cost: vdsoNow() - t0, exitSignal: c.exitSignal, leader: c.groupLeader === c,
          ownMm: c.mm !== me(k).mm, parent: c.realParent === me(k),
          cloneWait: (yield sys.wait4(pid, null, __WCLONE | WNOHANG)) as number,
          wait: (yield* wait(pid, 0))[0] === pid,
        });
      }
      return 0;
    });
    expect(rows[0]).toEqual(rows[1]);
    expect(rows[0]).toMatchObject({ exitSignal: SIGCHLD, leader: true, ownMm: true, parent: true, wait: true });
    expect(rows[0].cloneWait).toBeLessThan(0); // ECHILD: not a __WCLONE child
  });

  it('rule 6: fork charges a page-table copy per resident page, which a CLONE_VM clone does not', () => {
    const seen: { pages: number; diff: number }[] = [];
    let perPage = 0;
    runMain(function* (k) {
      perPage = k.costs.forkPerPage;
      for (const pages of [256, 1024]) {
        me(k).mm!.rss = pages;
        const t0 = vdsoNow();
        const a = (yield sys.fork(exitWith, 0)) as number;
        const t1 = vdsoNow();
        const b = (yield sys.clone({ flags: CLONE_VM | SIGCHLD, fn: exitWith, arg: 0 })) as number;
        const t2 = vdsoNow();
        seen.push({ pages, diff: (t1 - t0) - (t2 - t1) });
        yield* wait(a, 0);
        yield* wait(b, 0);
      }
      return 0;
    });
    expect(perPage).toBeGreaterThan(0);
    expect(seen).toEqual([{ pages: 256, diff: 256 * perPage }, { pages: 1024, diff: 1024 * perPage }]);
  });

  it('rule 6: after fork a write takes one copy-on-write fault per page (Mm.write returns true once), in parent and child', () => {
    const seen: Record<string, unknown> = {};
    runMain(function* (k) {
      const page0 = USER_BASE;
      const page1 = USER_BASE + 4096;
      me(k).mm!.write(page0, 1); // we were forked by the shell: this may fault once
      seen.beforeFork = me(k).mm!.write(page0, 1); // now the page is ours
      const faults0 = me(k).mm!.cowFaults;
      const pid = (yield sys.fork(function* () {
        const mm = me(k).mm!;
        seen.childFirst = mm.write(page0, 3);
        seen.childAgain = mm.write(page0 + 4, 3);
        return 0;
      })) as number;
      const mm = me(k).mm!;
      seen.first = mm.write(page0, 2);
      seen.again = mm.write(page0, 2);
      seen.otherPage = mm.write(page1, 2);
      seen.parentFaults = mm.cowFaults - faults0;
      yield* wait(pid, 0);
      seen.parentValue = mm.read(page0); // the child's write went to its own copy
      return 0;
    });
    expect(seen).toEqual({
      beforeFork: false, first: true, again: false, otherPage: true, parentFaults: 2,
      childFirst: true, childAgain: false, parentValue: 2,
    });
  });

  it('rule 6: vfork shares the mm and the parent sleeps (uninterruptibly) until the child exits — even with a free CPU', () => {
    const seen: Record<string, unknown> = {};
    runMain(function* (k) {
      const parent = me(k);
      const addr = umalloc(1);
      const pid = (yield sys.vfork(function* () {
        yield sys.compute(1_000_000);
        seen.parentState = parent.state;
        seen.ps = formatPsAx(k);
        ustore(addr, 42);
        seen.childEnd = vdsoNow();
        return 0;
      })) as number;
      seen.returned = vdsoNow();
      seen.value = uload(addr);
      seen.pid = pid;
      yield* wait(pid, 0);
      return 0;
    }, { cpus: 2 });
    expect(seen.parentState).toBe(TASK_UNINTERRUPTIBLE);
    expect(seen.ps).toMatch(/^\s+\d+ pts\/0\s+D\s/m);
    expect(seen.value).toBe(42);
    expect(seen.returned as number).toBeGreaterThanOrEqual(seen.childEnd as number);
  });

  it('rule 6: a vfork parent wakes when the child calls execve, while the new image still runs', () => {
    const seen: Record<string, number> = {};
    runMain(function* (k) {
      const mm = me(k).mm!;
      yield sys.vfork(function* () {
        yield sys.compute(1_000_000);
        seen.exec = vdsoNow();
        yield sys.execve(function* () {
          yield sys.compute(5_000_000);
          seen.imageEnd = vdsoNow();
          return 0;
        }, [], 'newimage');
        return 99; // never reached: execve replaced the image
      });
      seen.returned = vdsoNow();
      seen.mmUsers = mm.users; // the child dropped our mm at exec
      yield* wait(-1, 0);
      return 0;
    }, { cpus: 2 });
    expect(seen.returned).toBeGreaterThanOrEqual(seen.exec);
    expect(seen.returned).toBeLessThan(seen.imageEnd);
    expect(seen.mmUsers).toBe(1);
  });
});

/** Run a kernel thread from inside a program and report what it saw. */
function kthreadProbe(): { k: Kernel; progMm: unknown; saw: Record<string, unknown>; flushes: number; times: Record<string, number> } {
  const saw: Record<string, unknown> = {};
  const times: Record<string, number> = {};
  let progMm: unknown = null;
  let flushes = -1;
  const { k } = runMain(function* (k) {
    progMm = me(k).mm;
    kthreadRun(k, function* () {
      const t = k.current as Task;
      times.kthreadRuns = vdsoNow();
      saw.mm = t.mm;
      saw.activeMm = t.activeMm;
      saw.parent = t.realParent.pid;
      saw.kthread = (t.flags & PF_KTHREAD) !== 0;
      saw.ppid = t.realParent.tgid;
      times.kthreadSleeps = vdsoNow();
      yield sys.schedule_timeout(-1);
      return 0;
    }, null, 'kprobe');
    const before = k.tlbFlushes;
    times.yield = vdsoNow();
    yield sys.sched_yield(); // the kernel thread runs now, on our mm
    times.back = vdsoNow();
    flushes = k.tlbFlushes - before;
    return 0;
  });
  return { k, progMm, saw, flushes, times };
}

describe('rule 7: kernel threads', () => {
  it('rule 7: init is pid 1 (a user process), kthreadd pid 2 (a kernel thread without mm)', () => {
    const k = boot({ kthreads: true });
    expect(k.init.pid).toBe(1);
    expect(k.init.comm).toBe('init');
    expect(k.init.mm).not.toBeNull();
    expect(k.init.isKthread).toBe(false);
    expect(k.kthreadd.pid).toBe(2);
    expect(k.kthreadd.isKthread).toBe(true);
    expect(k.kthreadd.mm).toBeNull();
  });

  it('rule 7: every kernel thread is a child of kthreadd, has no mm, and ps shows it in brackets', () => {
    const k = boot({ kthreads: true, cpus: 2 });
    k.run(); // boot to quiescence: every kernel thread asleep, init waiting for children
    const kthreads = [...k.tasks.values()].filter((t) => t.isKthread && t.pid > 2);
    expect(kthreads.length).toBeGreaterThanOrEqual(8);
    for (const t of kthreads) {
      expect(t.realParent).toBe(k.kthreadd);
      expect(k.kthreadd.children).toContain(t);
      expect(t.mm).toBeNull();
    }
    const ax = formatPsAx(k);
    for (const t of kthreads) expect(ax).toContain(`[${t.comm}]`);
    expect(ax).toMatch(/^\s+2 \?\s+S\s+\S+ \[kthreadd\]$/m);
    expect(ax).toMatch(/^\s+1 .* init$/m);
    expect(formatPsEf(k)).toMatch(/^root\s+\d+\s+2\s+\d+\s+0\s+1 S\s+\?\s+\S+ \[ksoftirqd\/1\]$/m);
  });

  it('rule 7: a kernel thread runs with mm null on the last user mm (active_mm) and is kthreadd\'s child', () => {
    const { k, progMm, saw } = kthreadProbe();
    expect(saw).toEqual({ mm: null, activeMm: progMm, parent: 2, kthread: true, ppid: 2 });
    expect(k.kthreadd.children.some((t) => t.comm === 'kprobe')).toBe(true);
  });

  it('rule 7: switching to a kernel thread charges ctxSwitchKthread and flushes no TLB; switching back is a same-mm switch', () => {
    const { k, times, flushes } = kthreadProbe();
    const c = k.costs;
    expect(c.ctxSwitchKthread).not.toBe(c.ctxSwitchMm);
    expect(times.kthreadRuns - times.yield).toBe(c.syscall + c.ctxSwitchKthread);
    expect(times.back - times.kthreadSleeps).toBe(c.ctxSwitch); // kernel threads pay no syscall entry
    expect(flushes).toBe(0);
  });

  it('rule 7 (contrast): switching between two processes flushes the TLB and charges ctxSwitchMm', () => {
    const times: Record<string, number> = {};
    let flushes = -1;
    const { k } = runMain(function* (k) {
      const pid = (yield sys.fork(function* () { times.child = vdsoNow(); return 0; })) as number;
      const before = k.tlbFlushes;
      times.yield = vdsoNow();
      yield sys.sched_yield();
      flushes = k.tlbFlushes - before;
      yield* wait(pid, 0);
      return 0;
    });
    expect(times.child - times.yield).toBe(k.costs.syscall + k.costs.ctxSwitchMm);
    expect(flushes).toBe(2); // to the child's mm and back
  });
});

describe('rule 6: a copy-on-write fault costs time', () => {
  it('the first store to a page after fork charges cowFault to the writer, the second nothing', async () => {
    const { runProgram } = await import('../experiments/runner.js');
    const { uaccess: ua } = await import('../kernel/index.js');
    const { PRESETS: P } = await import('../kernel/costs.js');
    await import('../libs/all.js');
    let addr = 0;
    const times: number[] = [];
    const r = runProgram({
      lib: 'nptl', costs: P['modern-x86'],
      program: function* (libc) {
        addr = ua.umalloc(1);
        const pid = yield* libc.fork(function* () { return 0; });
        yield* libc.waitpid(pid, null, 0);
        for (let i = 0; i < 2; i++) {
          const t0 = yield* libc.clock_gettime();
          ua.ustore(addr, i);
          yield* libc.compute(1);
          times.push((yield* libc.clock_gettime()) - t0);
        }
        return 0;
      },
    });
    expect(r.outcome).toBe('exited');
    expect(times).toEqual([P['modern-x86'].cowFault + 1, 1]);
  });
});
