/**
 * linuxthreads-manager.test.ts — LinuxThreads' manager thread and its consequences, rules 20–24
 * of shared/DESIGN.md. Each test looks at what the kernel saw (tasks, clone flags, system
 * calls, signals, exits), so it fails if the mechanism is replaced by a shortcut.
 */

import { describe, it, expect } from 'vitest';
import {
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CSIGNAL, SIGKILL, SIGSEGV, psThreads,
} from '../kernel/index.js';
import type { Libc } from '../libs/api.js';
import { runLt, programTasks, ev, callsOf, countCalls, managerPid, exits, waitUntil } from './linuxthreads-helpers.js';

const SHARE = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND;
const RESTART = 32, CANCEL = 33;

/** A thread that waits on a semaphore the main thread posts (so the threads stay alive). */
function* waiter(libc: Libc, s: any) {
  yield* libc.sem_wait(s);
  return 0;
}

describe('LinuxThreads: the manager (rules 20 and 21)', () => {
  it('rule 20: no manager before the first pthread_create; with N threads the process shows N+2 tasks', () => {
    const seen: number[] = [];
    const psRows: number[] = [];
    const r = runLt(function* (libc, k) {
      const me = yield* libc.getpid();
      const s = yield* libc.sem_init(0);
      seen.push(programTasks(k, me).length);
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(yield* libc.pthread_create(waiter, s));
      yield* libc.usleep(1000);
      seen.push(programTasks(k, me).length);
      psRows.push(psThreads(k).filter((row) => row.uid === 'student' && row.cmd === './a.out').length);
      for (let i = 0; i < 3; i++) yield* libc.sem_post(s);
      for (const t of ids) yield* libc.pthread_join(t);
      return 0;
    });
    expect(r.statusText).toBe('exited with status 0');
    expect(seen).toEqual([1, 5]);
    expect(psRows).toEqual([5]); // ps -eLf: initial thread, 3 threads, manager — each its own process
    expect(ev(r, 'clone', r.mainPid)).toHaveLength(1); // main clones only the manager
  });

  it('rule 21: the manager clones every thread with CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND and the cancel signal, no CLONE_THREAD', () => {
    const r = runLt(function* (libc) {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(yield* libc.pthread_create(function* () { return 0; }));
      for (const t of ids) yield* libc.pthread_join(t);
      return 0;
    });
    const mgr = managerPid(r);
    const managerClone = ev(r, 'clone', r.mainPid)[0];
    expect(managerClone.b).toBe(SHARE); // the manager: exit signal 0, no CLONE_THREAD
    const threadClones = ev(r, 'clone', mgr);
    expect(threadClones).toHaveLength(3);
    for (const c of threadClones) {
      expect(c.b & ~CSIGNAL).toBe(SHARE);
      expect(c.b & CSIGNAL).toBe(CANCEL);
      expect(c.b & CLONE_THREAD).toBe(0);
    }
  });

  it('rule 21: each thread has its own pid (getpid differs, rule 3 broken) and its getppid is the manager', () => {
    const ids: { pid: number; tid: number; ppid: number }[] = [];
    const r = runLt(function* (libc) {
      const t = [];
      for (let i = 0; i < 3; i++) {
        t.push(yield* libc.pthread_create(function* (l: Libc) {
          ids.push({ pid: yield* l.getpid(), tid: yield* l.gettid(), ppid: yield* l.getppid() });
          return 0;
        }));
      }
      for (const x of t) yield* libc.pthread_join(x);
      ids.push({ pid: yield* libc.getpid(), tid: yield* libc.gettid(), ppid: -1 });
      return 0;
    });
    const mgr = managerPid(r);
    const main = ids.pop()!;
    expect(main.pid).toBe(r.mainPid);
    expect(new Set(ids.map((x) => x.pid)).size).toBe(3);
    for (const x of ids) {
      expect(x.pid).not.toBe(main.pid);
      expect(x.pid).toBe(x.tid);
      expect(x.ppid).toBe(mgr);
    }
  });
});

describe('LinuxThreads: the pipe and the restart signal (rule 22)', () => {
  it('rule 22: pthread_create writes a request to the manager\'s pipe and sigsuspends until the manager kill()s it with the restart signal', () => {
    const r = runLt(function* (libc) {
      const t = yield* libc.pthread_create(function* () { return 0; });
      yield* libc.pthread_join(t);
      return 0;
    });
    const mgr = managerPid(r);
    const main = callsOf(r, r.mainPid);
    const i = main.indexOf('clone');
    expect(main.slice(i, i + 2)).toEqual(['clone', 'write']); // the manager, then REQ_DEBUG
    expect(main.slice(i + 2, i + 6)).toEqual(['rt_sigprocmask', 'write', 'rt_sigprocmask', 'rt_sigsuspend']);
    const m = callsOf(r, mgr);
    expect(m).toEqual(expect.arrayContaining(['poll', 'read', 'mmap', 'clone', 'kill']));
    expect(m.indexOf('kill')).toBeGreaterThan(m.indexOf('clone'));
    const restarts = ev(r, 'signal_generate', r.mainPid).filter((e) => e.a === RESTART);
    expect(restarts.length).toBeGreaterThanOrEqual(1);
    expect(ev(r, 'signal_deliver', r.mainPid).some((e) => e.a === RESTART)).toBe(true);
  });

  it('rule 22: joining, locking a held mutex and waiting on a condition are sigsuspend for the restart signal', () => {
    let phase = '';
    const phases: Record<string, number> = {};
    const r = runLt(function* (libc) {
      const m = yield* libc.pthread_mutex_init();
      const c = yield* libc.pthread_cond_init();
      let ready = false;
      const t = yield* libc.pthread_create(function* (l: Libc) {
        yield* l.pthread_mutex_lock(m);
        yield* waitUntil(l, () => phase === 'mutex');
        yield* l.usleep(10_000); // main is blocked on the mutex meanwhile
        yield* l.pthread_mutex_unlock(m);
        yield* waitUntil(l, () => phase === 'cond');
        yield* l.usleep(10_000); // main waits on the condition meanwhile
        yield* l.pthread_mutex_lock(m);
        ready = true;
        yield* l.pthread_cond_signal(c);
        yield* l.pthread_mutex_unlock(m);
        yield* waitUntil(l, () => phase === 'join');
        yield* l.usleep(10_000); // main joins meanwhile
        return 0;
      });
      yield* libc.usleep(1000);
      phase = 'mutex'; phases.mutex = yield* libc.clock_gettime();
      yield* libc.pthread_mutex_lock(m);
      phase = 'cond'; phases.cond = yield* libc.clock_gettime();
      while (!ready) yield* libc.pthread_cond_wait(c, m);
      yield* libc.pthread_mutex_unlock(m);
      phase = 'join'; phases.join = yield* libc.clock_gettime();
      yield* libc.pthread_join(t);
      phases.end = yield* libc.clock_gettime();
      return phase === 'join' ? 0 : 1;
    });
    expect(r.statusText).toBe('exited with status 0');
    const restartsDuring = (a: number, b: number) => ev(r, 'signal_deliver', r.mainPid)
      .filter((e) => e.a === RESTART && e.time > a && e.time <= b).length;
    const suspends = (a: number, b: number) => callsOf(r, r.mainPid, a, b).filter((s) => s === 'rt_sigsuspend').length;
    for (const [a, b] of [[phases.mutex, phases.cond], [phases.cond, phases.join], [phases.join, phases.end]]) {
      expect(suspends(a, b)).toBeGreaterThanOrEqual(1);
      expect(restartsDuring(a, b)).toBeGreaterThanOrEqual(1);
    }
    expect(countCalls(r, r.mainPid, 'futex')).toBe(0);
  });
});

describe('LinuxThreads: the manager\'s watch (rule 23)', () => {
  it('rule 23: an idle manager wakes from poll every 2 seconds to check getppid()', () => {
    const r = runLt(function* (libc) {
      const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.sleep(7); return 0; });
      yield* libc.pthread_join(t);
      return 0;
    });
    const mgr = managerPid(r);
    const polls = ev(r, 'sys_enter', mgr).filter((e) => e.s === 'poll').map((e) => e.time);
    const gaps = polls.slice(1).map((t, i) => t - polls[i]).filter((g) => g > 1e9);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (const g of gaps) expect(Math.abs(g - 2e9)).toBeLessThan(10e6);
    expect(countCalls(r, mgr, 'getppid')).toBeGreaterThanOrEqual(gaps.length);
  });

  it('rule 23: when the main thread is killed, the threads run on until the manager sees getppid() == 1 (within 2 s) and SIGKILLs them', () => {
    const r = runLt(function* (libc) {
      yield* libc.pthread_create(function* (l: Libc) {
        for (;;) yield* l.usleep(100_000);
      });
      yield* libc.usleep(500_000);
      yield* libc.kill(yield* libc.getpid(), SIGKILL);
      return 0;
    });
    expect(r.statusText).toBe('killed by SIGKILL');
    // The run went on after the shell reaped main, until the orphans were gone (kernel/shell.ts).
    const mgr = managerPid(r);
    const mainDeath = exits(r).find((e) => e.pid === r.mainPid)!.time;
    const mgrExit = exits(r).find((e) => e.pid === mgr)!;
    const latency = mgrExit.time - mainDeath;
    expect(latency).toBeGreaterThan(0);
    expect(latency).toBeLessThanOrEqual(2e9 + 10e6);
    const thread = ev(r, 'clone', mgr)[0].a;
    expect(ev(r, 'sys_enter', thread).filter((e) => e.time > mainDeath).length).toBeGreaterThan(0); // it ran on after main's death
    const killed = ev(r, 'signal_generate', thread).find((e) => e.a === SIGKILL)!;
    expect(killed.time).toBeGreaterThan(mainDeath + 1e9); // the manager's detection, not the kernel's
    expect(exits(r).find((e) => e.pid === thread)!.a).toBe(SIGKILL);
    expect([...r.kernel.tasks.values()].filter((t) => t.pid >= r.mainPid)).toEqual([]); // init reaped the orphans
  });

  it('rule 23: when a thread dies of a signal, the manager sends that signal to every thread, the main thread too', () => {
    const r = runLt(function* (libc) {
      const s = yield* libc.sem_init(0);
      yield* libc.pthread_create(waiter, s);
      yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(1000); yield* l.raise(SIGSEGV); return 0; });
      yield* libc.sleep(5);
      return 0;
    });
    expect(r.statusText).toBe('killed by SIGSEGV (core dumped)');
    const mgr = managerPid(r);
    const [waiterPid, crasher] = ev(r, 'clone', mgr).map((e) => e.a);
    const relayTime = exits(r).find((e) => e.pid === crasher)!.time;
    for (const pid of [waiterPid, r.mainPid]) {
      const g = ev(r, 'signal_generate', pid).find((e) => e.a === SIGSEGV)!;
      expect(g).toBeDefined();
      expect(g.time).toBeGreaterThan(relayTime);
    }
    expect(countCalls(r, mgr, 'kill')).toBeGreaterThanOrEqual(2);
  });
});

describe('LinuxThreads: how the process ends (rule 24)', () => {
  it('rule 24: pthread_exit in the main thread sleeps until all other threads are gone, then the process exits 0', () => {
    const r = runLt(function* (libc) {
      for (let i = 0; i < 2; i++) {
        yield* libc.pthread_create(function* (l: Libc, n: number) {
          yield* l.usleep(5000 * (n + 1));
          yield* l.printf('thread %d done\n', n);
          return 0;
        }, i);
      }
      yield* libc.printf('main: pthread_exit\n');
      yield* libc.pthread_exit(null);
      return 1;
    });
    expect(r.statusText).toBe('exited with status 0');
    expect(r.stdout).toBe('main: pthread_exit\nthread 0 done\nthread 1 done\n');
    const mgr = managerPid(r);
    const threads = ev(r, 'clone', mgr).map((e) => e.a);
    const lastThread = Math.max(...exits(r).filter((e) => threads.includes(e.pid)).map((e) => e.time));
    expect(exits(r).find((e) => e.pid === r.mainPid)!.time).toBeGreaterThan(lastThread);
    expect(callsOf(r, r.mainPid)).toContain('rt_sigsuspend'); // waiting for MAIN_THREAD_EXIT's answer
  });

  it('rule 24: exit() in a thread makes the manager cancel and reap the others first; the process exits with the code', () => {
    const r = runLt(function* (libc) {
      const s = yield* libc.sem_init(0);
      yield* libc.pthread_create(waiter, s);
      yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(1000); return yield* l.exit(5); });
      yield* libc.sem_wait(s); // never posted
      return 0;
    });
    expect(r.statusText).toBe('exited with status 5');
    const mgr = managerPid(r);
    const [other, exiter] = ev(r, 'clone', mgr).map((e) => e.a);
    const cancels = ev(r, 'signal_generate').filter((e) => e.a === CANCEL && (e.pid === other || e.pid === r.mainPid));
    expect(cancels.map((e) => e.pid).sort()).toEqual([r.mainPid, other].sort());
    const reaped = ev(r, 'reap').find((e) => e.pid === other)!;
    expect(reaped.a).toBe(mgr); // the manager waited for it
    const mgrExit = exits(r).find((e) => e.pid === mgr)!.time;
    expect(reaped.time).toBeLessThan(mgrExit);
    expect(exits(r).find((e) => e.pid === r.mainPid)!.time).toBeGreaterThan(mgrExit); // main waits for the manager
    expect(exits(r).find((e) => e.pid === exiter)!.a >> 8).toBe(5);
  });

  it('rule 24: returning from main calls exit(), which goes through the manager and takes the running threads with it', () => {
    const r = runLt(function* (libc) {
      yield* libc.pthread_create(function* (l: Libc) { for (;;) yield* l.compute(100_000); });
      yield* libc.usleep(1000);
      return 3;
    });
    expect(r.statusText).toBe('exited with status 3');
    const mgr = managerPid(r);
    const req = callsOf(r, r.mainPid);
    expect(req.slice(-3)).toEqual(['rt_sigsuspend', 'wait4', 'exit_group']);
    expect(ev(r, 'signal_generate', ev(r, 'clone', mgr)[0].a).some((e) => e.a === CANCEL)).toBe(true);
  });
});
