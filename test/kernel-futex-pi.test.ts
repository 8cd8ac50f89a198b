/**
 * kernel-futex-pi.test.ts — priority-inheritance futexes (kernel/futex_pi.ts after Linux
 * kernel/futex/pi.c; the boost in kernel/rtmutex.ts after kernel/locking/rtmutex.c):
 * priority inversion bounded on one CPU (a low-priority owner boosted past a medium-priority
 * spinner, so the high-priority waiter waits for the critical section only); the word's
 * protocol (owner TID | FUTEX_WAITERS, hand-over to the top waiter, cleared without waiters);
 * the errnos (EDEADLK for the owner and for an ABBA cycle, EPERM for a non-owner's unlock,
 * ESRCH for a dead owner's TID, EAGAIN from FUTEX_TRYLOCK_PI, ETIMEDOUT with the boost undone);
 * waiters served in priority order; an owner that exits hands the lock on (OWNER_DIED with the
 * robust list), and sched_getparam never shows a boost.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { umalloc, uload, ustore } from '../kernel/uaccess.js';
import {
  SCHED_FIFO, FUTEX_LOCK_PI, FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_LOCK_PI2, FUTEX_PRIVATE_FLAG,
  EDEADLK, EPERM, ESRCH, EAGAIN, ETIMEDOUT, SIGUSR1, FUTEX_WAIT,
} from '../kernel/uapi.js';
import { FUTEX_WAITERS, FUTEX_OWNER_DIED } from '../kernel/futex_pi.js';
import { spawnProgram } from '../kernel/shell.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Sim } from '../kernel/req.js';
import { boot, spawnThread, joinThread, me, task } from './kernel-process-helpers.js';

const MS = 1e6;
const fifo = (p: number) => ({ sched_priority: p });
const hex = (w: number): string => (w >>> 0).toString(16);

/** Run `main` as a set-user-ID-root program (CAP_SYS_NICE for SCHED_FIFO), one CPU. */
function runRoot(main: (k: Kernel) => Sim<unknown>): Kernel {
  const k = boot();
  spawnProgram(k, main, k, 'prog', { setuid: 0 });
  k.run();
  return k;
}

/** glibc's PI lock: cmpxchg 0 → TID in user space, else FUTEX_LOCK_PI. */
function* piLock(k: Kernel, word: number, op = FUTEX_LOCK_PI): Sim<number> {
  if (uload(word) === 0) { ustore(word, me(k).pid); return 0; }
  return (yield sys.futex(word, op, 0)) as number;
}

/** glibc's PI unlock: cmpxchg TID → 0 in user space, else FUTEX_UNLOCK_PI. */
function* piUnlock(k: Kernel, word: number): Sim<number> {
  if (uload(word) === me(k).pid) { ustore(word, 0); return 0; }
  return (yield sys.futex(word, FUTEX_UNLOCK_PI, 0)) as number;
}

describe('PI futexes (futex_pi.ts, rtmutex.ts)', () => {
  it('priority inversion is bounded: the low owner is boosted past the medium spinner, and sched_getparam shows its own priority', () => {
    const log: string[] = [];
    let hGot = -1;
    const seen: number[] = [];
    runRoot(function* (k) {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(99));
      const word = umalloc(1);
      const t0 = (yield sys.clock_gettime()) as number;
      let lTid = 0;
      const low = function* (): Sim<number> {
        lTid = me(k).pid;
        yield* piLock(k, word);
        log.push('L locked');
        for (let i = 0; i < 30; i++) yield sys.compute(MS); // the critical section: 30 ms
        log.push('L unlocks');
        yield* piUnlock(k, word);
        return 0;
      };
      const medium = function* (): Sim<number> {
        yield sys.nanosleep(MS);
        log.push('M spins');
        yield sys.compute(100 * MS);
        log.push('M done');
        return 0;
      };
      const high = function* (): Sim<number> {
        yield sys.nanosleep(5 * MS);
        log.push('H locks');
        const r = yield* piLock(k, word);
        hGot = ((yield sys.clock_gettime()) as number) - t0;
        log.push(`H got ${r}`);
        yield* piUnlock(k, word);
        return 0;
      };
      const probe = function* (): Sim<number> {
        yield sys.nanosleep(10 * MS); // while H waits: L boosted to 30, its own priority still 10
        const out: { value?: { sched_priority: number } } = {};
        yield sys.sched_getparam(lTid, out);
        seen.push(task(k, lTid).rtPriority, out.value!.sched_priority);
        return 0;
      };
      const ths = [];
      for (const [fn, prio] of [[low, 10], [medium, 20], [high, 30], [probe, 40]] as const) {
        const th = yield* spawnThread(fn);
        yield sys.sched_setscheduler(th.tid, SCHED_FIFO, fifo(prio));
        ths.push(th);
      }
      for (const th of ths) yield* joinThread(th);
      seen.push(task(k, me(k).pid).rtPriority);
      return 0;
    });
    expect(log).toEqual(['L locked', 'M spins', 'H locks', 'L unlocks', 'H got 0', 'M done']);
    expect(hGot).toBeGreaterThan(30 * MS); // the whole critical section, less nothing
    expect(hGot).toBeLessThan(40 * MS); // not M's 100 ms on top of it (unbounded inversion)
    expect(seen).toEqual([30, 10, 99]);
  });

  it('the word: hand-over to the top waiter by priority (TID | FUTEX_WAITERS), cleared when the last one unlocks; the owner deboosted', () => {
    const got: unknown[] = [];
    runRoot(function* (k) {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(50));
      const word = umalloc(1);
      const mainTid = me(k).pid;
      got.push(yield sys.futex(word, FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG, 0), uload(word) === mainTid); // word 0: taken in the kernel
      const waiter = function* (a: { name: string }): Sim<number> {
        const r = (yield sys.futex(word, FUTEX_LOCK_PI2 | FUTEX_PRIVATE_FLAG, 0)) as number;
        got.push(`${a.name} ${r} ${(uload(word) & 0x3fffffff) === me(k).pid} ${hex(uload(word) & FUTEX_WAITERS)}`);
        yield sys.futex(word, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0);
        return 0;
      };
      const ths = [];
      for (const [name, prio] of [['a10', 10], ['b30', 30], ['c20', 20]] as const) {
        const th = yield* spawnThread(waiter, { name });
        yield sys.sched_setscheduler(th.tid, SCHED_FIFO, fifo(prio));
        ths.push(th);
      }
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(5));
      yield sys.nanosleep(MS); // the waiters run and block: main is boosted to 30
      got.push(hex(uload(word)) === hex(mainTid | FUTEX_WAITERS), task(k, mainTid).rtPriority);
      got.push(yield sys.futex(word, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0));
      got.push(task(k, mainTid).rtPriority);
      for (const th of ths) yield* joinThread(th);
      got.push(uload(word));
      return 0;
    });
    // the hand-over always sets WAITERS (wake_futex_pi), so the last owner's unlock goes to the
    // kernel too and finds no waiter: the word is cleared. Each new owner outranks main and runs first.
    expect(got).toEqual([0, true, true, 30, 'b30 0 true 80000000', 'c20 0 true 80000000', 'a10 0 true 80000000', 0, 5, 0]);
  });

  it('errnos: EDEADLK (own TID; an ABBA cycle), EPERM (unlock by a non-owner), ESRCH (a dead TID), EAGAIN (trylock), ETIMEDOUT', () => {
    const got: unknown[] = [];
    runRoot(function* (k) {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(50));
      const a = umalloc(1), b = umalloc(1), dead = umalloc(1);
      const mainTid = me(k).pid;
      ustore(a, mainTid);
      got.push(yield sys.futex(a, FUTEX_LOCK_PI, 0)); // EDEADLK
      got.push(yield sys.futex(b, FUTEX_UNLOCK_PI, 0)); // word 0: not ours
      got.push(yield sys.futex(b, FUTEX_TRYLOCK_PI, 0), uload(b) === mainTid); // free: taken
      ustore(b, 0);
      ustore(dead, 29999);
      got.push(yield sys.futex(dead, FUTEX_LOCK_PI, 0), hex(uload(dead))); // no such task; WAITERS left set
      // a thread takes b, then blocks on a (main's); main locking b would close the cycle
      const other = function* (): Sim<number> {
        ustore(b, me(k).pid);
        const r = (yield sys.futex(a, FUTEX_LOCK_PI, 0)) as number; // handed a when main unlocks
        got.push(['other got a', r]);
        yield* piUnlock(k, a);
        yield* piUnlock(k, b);
        return 0;
      };
      const th = yield* spawnThread(other);
      yield sys.sched_setscheduler(th.tid, SCHED_FIFO, fifo(60)); // runs now, takes b, blocks on a
      got.push(yield sys.futex(b, FUTEX_LOCK_PI, 0)); // EDEADLK: b's owner waits for a, which is main's
      got.push(yield sys.futex(b, FUTEX_TRYLOCK_PI, 0), hex(uload(b) & FUTEX_WAITERS)); // EAGAIN, WAITERS set
      got.push(yield sys.futex(a, FUTEX_UNLOCK_PI, 0)); // hands a over; other runs and releases both
      yield* joinThread(th);
      got.push(uload(a), uload(b));
      return 0;
    });
    expect(got).toEqual([-EDEADLK, -EPERM, 0, true, -ESRCH, '8000752f', -EDEADLK, -EAGAIN, '80000000', ['other got a', 0], 0, 0, 0]);
  });

  it('a timed-out waiter leaves, and the owner loses the boost it gave', () => {
    const got: unknown[] = [];
    runRoot(function* (k) {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(10));
      const word = umalloc(1);
      const mainTid = me(k).pid;
      ustore(word, mainTid);
      const waiter = function* (): Sim<number> {
        got.push(yield sys.futex(word, FUTEX_LOCK_PI, 0, 5 * MS));
        return 0;
      };
      const th = yield* spawnThread(waiter);
      yield sys.sched_setscheduler(th.tid, SCHED_FIFO, fifo(40));
      got.push(task(k, mainTid).rtPriority);
      yield sys.compute(10 * MS); // the waiter's timer fires at 5 ms: it is runnable at 40, main runs on at 40 (no preemption between equals)
      yield sys.sched_yield(); // the waiter runs, leaves the rt_mutex: main is back to 10
      got.push(task(k, mainTid).rtPriority, hex(uload(word)) === hex(mainTid | FUTEX_WAITERS));
      got.push(yield sys.futex(word, FUTEX_UNLOCK_PI, 0), uload(word)); // WAITERS set but none left: cleared
      yield* joinThread(th);
      return 0;
    });
    expect(got).toEqual([40, -ETIMEDOUT, 10, true, 0, 0]);
  });

  it('an owner that exits hands the lock to its waiter; through the robust list the word says FUTEX_OWNER_DIED', () => {
    const got: unknown[] = [];
    for (const robust of [false, true]) {
      runRoot(function* (k) {
        const word = umalloc(3); // [lock, prev, next] as glibc lays a robust mutex out
        const dying = function* (): Sim<number> {
          if (robust) {
            const h = umalloc(3);
            ustore(h, (word + 8) | 1); // head -> the lock, bit 0: a PI futex
            ustore(word + 8, h);
            ustore(h + 4, -8);
            yield sys.set_robust_list(h, 24);
          }
          ustore(word, me(k).pid);
          yield sys.nanosleep(5 * MS); // the waiter blocks meanwhile
          return 0; // exits holding it
        };
        const d = yield* spawnThread(dying);
        yield sys.nanosleep(MS);
        const r = (yield sys.futex(word, FUTEX_LOCK_PI, 0)) as number;
        const w = uload(word) >>> 0;
        got.push(robust, r, (w & 0x3fffffff) === me(k).pid, hex(w & (FUTEX_WAITERS | FUTEX_OWNER_DIED)));
        yield* joinThread(d);
        return 0;
      });
    }
    expect(got).toEqual([false, 0, true, '80000000', true, 0, true, 'c0000000']);
  });

  it('a signal does not end FUTEX_LOCK_PI: the handler runs, the waiter leaves the rt_mutex meanwhile (owner deboosted), and the call restarts (-ERESTARTNOINTR); FUTEX_WAIT still gives EINTR', () => {
    const got: unknown[] = [];
    runRoot(function* (k) {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(10));
      const word = umalloc(1), plain = umalloc(1);
      const mainTid = me(k).pid;
      ustore(word, mainTid);
      yield sys.rt_sigaction(SIGUSR1, { handler: function* () { got.push(['handler', task(k, mainTid).rtPriority]); }, flags: 0, mask: 0n }, null);
      const waiter = function* (): Sim<number> {
        got.push(['wait', yield sys.futex(plain, FUTEX_WAIT, 0)]);
        got.push(['lock', yield sys.futex(word, FUTEX_LOCK_PI, 0)]);
        return 0;
      };
      const th = yield* spawnThread(waiter);
      yield sys.sched_setscheduler(th.tid, SCHED_FIFO, fifo(40)); // blocks in FUTEX_WAIT
      yield sys.tgkill(mainTid, th.tid, SIGUSR1); // EINTR: no SA_RESTART
      got.push(task(k, mainTid).rtPriority); // it blocked in FUTEX_LOCK_PI: main boosted
      yield sys.tgkill(mainTid, th.tid, SIGUSR1);
      yield sys.sched_yield(); // main runs at 40 too: it lets the woken waiter have the CPU
      got.push(task(k, mainTid).rtPriority); // back in FUTEX_LOCK_PI after its handler
      got.push(yield sys.futex(word, FUTEX_UNLOCK_PI, 0));
      yield* joinThread(th);
      return 0;
    });
    expect(got).toEqual([['handler', 10], ['wait', -4], 40, ['handler', 10], 40, ['lock', 0], 0]);
  });
});
