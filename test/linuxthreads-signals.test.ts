/**
 * linuxthreads-signals.test.ts — signals under LinuxThreads: rule 25 (kill() and SIGSTOP reach
 * one thread), rule 22's reserved signals, and the POSIX signal rules that break as a
 * consequence (12, 13, 15 partly, 16, 18), each observed through the kernel's event log.
 */

import { describe, it, expect } from 'vitest';
import {
  SIGUSR1, SIGUSR2, SIGSTOP, SIGCONT, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, EINVAL, stateLetter,
} from '../kernel/index.js';
import { sigmask, type Libc, type SigInfo } from '../libs/api.js';
import { runLt, ev, managerPid, waitUntil } from './linuxthreads-helpers.js';

const RESTART = 32, CANCEL = 33, DEBUG = 34;

/** A shared handler recording which task ran it. */
function recorder(log: number[]) {
  return function* (libc: Libc, _sig: number, _info: SigInfo) { log.push(yield* libc.gettid()); };
}

describe('LinuxThreads: signals reach one thread (rule 25)', () => {
  it('rule 25: kill() on a thread\'s pid reaches only that thread, even if it blocks the signal and the others do not', () => {
    const handledBy: number[] = [];
    let pendingInBlocker = 0n;
    let blockerPid = 0;
    let stage = 0;
    const r = runLt(function* (libc) {
      yield* libc.signal(SIGUSR1, recorder(handledBy));
      const other = yield* libc.pthread_create(function* (l: Libc) {
        yield* waitUntil(l, () => stage === 2, 200);
        return 0;
      });
      const blocker = yield* libc.pthread_create(function* (l: Libc) {
        yield* l.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1));
        blockerPid = yield* l.getpid();
        stage = 1;
        yield* waitUntil(l, () => stage === 2, 200);
        const p = { value: 0n };
        yield* l.sigpending(p);
        pendingInBlocker = p.value;
        yield* l.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1)); // now it is delivered, here
        return 0;
      });
      yield* waitUntil(libc, () => stage === 1);
      yield* libc.kill(blockerPid, SIGUSR1);
      yield* libc.usleep(20_000); // main and `other` could take it: neither does
      const before = handledBy.length;
      stage = 2;
      yield* libc.pthread_join(blocker);
      yield* libc.pthread_join(other);
      return before;
    });
    expect(r.statusText).toBe('exited with status 0'); // no handler ran while it was blocked
    expect(pendingInBlocker & sigmask(SIGUSR1)).not.toBe(0n);
    expect(handledBy).toEqual([blockerPid]);
    const gen = ev(r, 'signal_generate').filter((e) => e.a === SIGUSR1);
    expect(gen.map((e) => e.pid)).toEqual([blockerPid]);
  });

  it('rule 25: SIGSTOP to a thread\'s pid stops only that thread; SIGCONT resumes only it', () => {
    const progress = [0, 0];
    const pids = [0, 0];
    let done = false;
    const states: string[] = [];
    const snapshot: number[][] = [];
    const r = runLt(function* (libc, k) {
      const ids = [];
      for (let i = 0; i < 2; i++) {
        ids.push(yield* libc.pthread_create(function* (l: Libc, n: number) {
          pids[n] = yield* l.getpid();
          while (!done) { yield* l.usleep(1000); progress[n]++; }
          return 0;
        }, i));
      }
      yield* libc.usleep(10_000);
      yield* libc.kill(pids[0], SIGSTOP);
      yield* libc.usleep(1000);
      snapshot.push(progress.slice());
      yield* libc.usleep(20_000);
      snapshot.push(progress.slice());
      states.push(stateLetter(k.findTask(pids[0])!), stateLetter(k.findTask(pids[1])!));
      yield* libc.kill(pids[0], SIGCONT);
      yield* libc.usleep(20_000);
      snapshot.push(progress.slice());
      done = true;
      for (const t of ids) yield* libc.pthread_join(t);
      return 0;
    });
    expect(r.statusText).toBe('exited with status 0');
    expect(states[0]).toBe('T');
    expect(states[1]).not.toBe('T');
    expect(snapshot[1][0]).toBe(snapshot[0][0]); // stopped
    expect(snapshot[1][1]).toBeGreaterThan(snapshot[0][1]); // its sibling ran on
    expect(snapshot[2][0]).toBeGreaterThan(snapshot[1][0]); // resumed by SIGCONT
  });

  it('rule 25: pthread_kill is kill(2) of the thread\'s own pid (one process-directed signal to a one-task group)', () => {
    const handledBy: number[] = [];
    let pid = 0;
    const r = runLt(function* (libc) {
      yield* libc.signal(SIGUSR2, recorder(handledBy));
      const t = yield* libc.pthread_create(function* (l: Libc) {
        pid = yield* l.getpid();
        yield* waitUntil(l, () => handledBy.length > 0, 100);
        return 0;
      });
      yield* waitUntil(libc, () => pid !== 0);
      const e = yield* libc.pthread_kill(t, SIGUSR2);
      yield* libc.pthread_join(t);
      return e;
    });
    expect(r.statusText).toBe('exited with status 0');
    expect(handledBy).toEqual([pid]);
    const kills = ev(r, 'sys_enter', r.mainPid).filter((e) => e.s === 'kill' || e.s === 'tgkill' || e.s === 'tkill');
    expect(kills.map((e) => e.s)).toEqual(['kill']);
    const g = ev(r, 'signal_generate').find((e) => e.a === SIGUSR2)!;
    expect(g.pid).toBe(pid);
    expect(g.b).toBe(1); // process-directed (shared pending of the thread's own group)
  });

  it('rule 25 (rules 12/13 broken): kill(getpid()) from a thread reaches that thread only; the main thread never sees it', () => {
    const handledBy: number[] = [];
    let tpid = 0;
    const r = runLt(function* (libc) {
      yield* libc.signal(SIGUSR1, recorder(handledBy));
      yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1)); // the thread inherits this mask
      const t = yield* libc.pthread_create(function* (l: Libc) {
        tpid = yield* l.getpid();
        yield* l.kill(tpid, SIGUSR1); // "the process" — which is this thread alone
        yield* l.usleep(5000);
        return 0;
      });
      yield* libc.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1)); // main would take it
      yield* libc.pthread_join(t);
      yield* libc.usleep(5000);
      return handledBy.length;
    });
    expect(r.statusText).toBe('exited with status 0'); // nobody handled it: it died pending with its thread
    expect(ev(r, 'signal_generate').filter((e) => e.a === SIGUSR1).map((e) => e.pid)).toEqual([tpid]);
  });
});

describe('LinuxThreads: the library\'s own signals (rule 22)', () => {
  it('rule 22: sigaction on the restart, cancel and debug signals is EINVAL; SIGRTMIN is 35', () => {
    const results: number[] = [];
    const errnos: number[] = [];
    const r = runLt(function* (libc) {
      for (const sig of [RESTART, CANCEL, DEBUG, 35]) {
        results.push(yield* libc.sigaction(sig, { handler: function* () {} }));
        errnos.push(libc.errno);
      }
      results.push((yield* libc.signal(RESTART, 1)) as number);
      return libc.SIGRTMIN;
    });
    expect(r.exitCode).toBe(35);
    expect(results).toEqual([-1, -1, -1, 0, -1]);
    expect(errnos.slice(0, 3)).toEqual([EINVAL, EINVAL, EINVAL]);
  });

  it('rule 22: the restart signal stays blocked outside suspend, whatever the program asks for; cancel stays open', () => {
    const masks: bigint[] = [];
    runLt(function* (libc) {
      const old = { value: 0n };
      yield* libc.sigprocmask(SIG_SETMASK, 0n, old);
      yield* libc.sigprocmask(SIG_SETMASK, null, old);
      masks.push(old.value);
      yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(CANCEL) | sigmask(SIGUSR1));
      yield* libc.pthread_sigmask(SIG_SETMASK, null, old);
      masks.push(old.value);
      return 0;
    });
    expect(masks[0]).toBe(sigmask(RESTART));
    expect(masks[1]).toBe(sigmask(RESTART) | sigmask(SIGUSR1));
  });

  it('rule 22: a restart sent before the target reaches sigsuspend stays pending and is not lost', () => {
    let early = 0;
    const r = runLt(function* (libc) {
      const m = yield* libc.pthread_mutex_init();
      const c = yield* libc.pthread_cond_init();
      let items = 0;
      const consumer = function* (l: Libc) {
        for (let i = 0; i < 50; i++) {
          yield* l.pthread_mutex_lock(m);
          while (items === 0) yield* l.pthread_cond_wait(c, m);
          items--;
          yield* l.pthread_mutex_unlock(m);
        }
        return 0;
      };
      const a = yield* libc.pthread_create(consumer);
      const b = yield* libc.pthread_create(consumer);
      for (let i = 0; i < 100; i++) {
        yield* libc.compute(500);
        yield* libc.pthread_mutex_lock(m);
        items++;
        yield* libc.pthread_cond_signal(c);
        yield* libc.pthread_mutex_unlock(m);
      }
      yield* libc.pthread_join(a);
      yield* libc.pthread_join(b);
      return items;
    }, { cpus: 2 });
    expect(r.statusText).toBe('exited with status 0');
    const inSuspend = new Map<number, boolean>();
    for (const e of r.events) {
      if (e.kind === 'sys_enter') inSuspend.set(e.pid, e.s === 'rt_sigsuspend');
      if (e.kind === 'sys_exit' && e.a === 130) inSuspend.set(e.pid, false);
      if (e.kind === 'signal_generate' && e.a === RESTART && !inSuspend.get(e.pid)) early++;
    }
    expect(early).toBeGreaterThan(0); // the race happened, and every wait still completed
    expect(managerPid(r)).toBeGreaterThan(0);
  });
});

describe('LinuxThreads: sigwait and fork from a thread (issue 16, bugs 8 and 5)', () => {
  it('bug 8: sigwait installs a no-op handler for a waited signal that had none and never restores SIG_DFL', () => {
    let seen = '';
    const r = runLt(function* (libc) {
      yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR2) | sigmask(SIGUSR1));
      yield* libc.signal(SIGUSR1, recorder([]));
      yield* libc.raise(SIGUSR2);
      const got = { value: 0 };
      yield* libc.sigwait(sigmask(SIGUSR1) | sigmask(SIGUSR2), got);
      const o2 = { value: { handler: 0 as any } };
      const o1 = { value: { handler: 0 as any } };
      yield* libc.sigaction(SIGUSR2, null, o2);
      yield* libc.sigaction(SIGUSR1, null, o1);
      seen = `${got.value} ${typeof o2.value.handler} ${o1.value.handler === o2.value.handler}`;
      yield* libc.sigprocmask(SIG_UNBLOCK, sigmask(SIGUSR2));
      yield* libc.raise(SIGUSR2); // the null handler runs: no termination
      return 7;
    });
    expect(seen).toBe(`${SIGUSR2} function false`); // SIGUSR1 kept the program's own handler
    expect(r.statusText).toBe('exited with status 7');
    expect(ev(r, 'sys_enter', r.mainPid).map((e) => e.s)).toContain('rt_sigsuspend'); // signals.c's sigsuspend
  });

  it('bug 5: the child of a fork made by a thread keeps its descriptor (pthread_t, slot) with only its pid updated', () => {
    let inChild = '';
    let threadPid = 0;
    const r = runLt(function* (libc) {
      const t = yield* libc.pthread_create(function* (l: Libc) {
        const id = yield* l.pthread_self();
        threadPid = yield* l.getpid();
        const pid = yield* l.fork(function* (c: Libc) {
          const me = yield* c.pthread_self();
          const kill0 = yield* c.pthread_kill(me, 0);
          const t2 = yield* c.pthread_create(function* () { return 0; }); // the child makes its own manager
          const j = yield* c.pthread_join(t2);
          inChild = `${me === id} ${kill0} ${(yield* c.getpid()) !== threadPid} ${t2 > 0} ${j}`;
          return 0;
        });
        yield* l.waitpid(pid, null, 0);
        return 0;
      });
      yield* libc.pthread_join(t);
      return 0;
    });
    expect(r.statusText).toBe('exited with status 0');
    expect(inChild).toBe('true 0 true true 0');
  });
});
