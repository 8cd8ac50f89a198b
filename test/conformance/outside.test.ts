/**
 * outside.test.ts — checks distilled from the outside tester's probe: programs ported from LTP's
 * open_posix_testsuite (the directory named in each title), glibc's nptl/tst-*.c and the
 * pthreads(7) list, run on every library with 1 and 2 CPUs. Each check found something (a bug
 * fixed in the same change, or a deviation now named in deviations.ts) or stands for a family
 * of cases that pass everywhere. Keys are 'posix:*' names.
 */

import { describe, expect } from 'vitest';
import {
  SIGUSR1, SIGUSR2, SIGALRM, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, SIG_DFL, SA_RESETHAND, SA_NODEFER,
  EINTR, EINVAL, EPERM, EBUSY, ETIMEDOUT, PTHREAD_CANCELED, PTHREAD_BARRIER_SERIAL_THREAD, sigmask,
  WIFSIGNALED, WTERMSIG, type Libc, type Ref, type Sigaction,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

function out(lib: string, main: Program, cpus: number): string[] {
  const r = run(lib, main, { cpus });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}
const nop = function* () {};

/**
 * LTP sigsuspend/1-1 and 3-1: while sigsuspend waits with {SIGUSR2}, a SIGUSR2 and then a SIGUSR1
 * arrive (from another process). The SIGUSR1 handler runs with the temporary mask plus itself
 * (Linux's signal_delivered uses current->blocked), so SIGUSR2 stays pending until sigsuspend
 * has returned and restored the old mask: handlers in the order usr1, usr2.
 */
const sigsuspendMask: Program = function* (libc) {
  const order: string[] = [];
  let inH = 0n;
  yield* libc.sigaction(SIGUSR2, { handler: function* () { order.push('usr2'); } });
  yield* libc.sigaction(SIGUSR1, { handler: function* (l: Libc) {
    const o = { value: 0n }; yield* l.sigprocmask(SIG_BLOCK, null, o); inH = o.value; order.push('usr1');
  } });
  const me = yield* libc.getpid();
  const child = yield* libc.fork(function* (l: Libc) {
    yield* l.usleep(10_000); yield* l.kill(me, SIGUSR2); yield* l.usleep(1_000); yield* l.kill(me, SIGUSR1); return 0;
  });
  const r = yield* libc.sigsuspend(sigmask(SIGUSR2));
  const e = libc.errno;
  yield* libc.waitpid(child, null, 0);
  yield* libc.printf('%d %d %s usr2-blocked=%d\n', r, e, order.join(','), (inH & sigmask(SIGUSR2)) ? 1 : 0);
  return 0;
};

/** sleep() interrupted by a handler returns the seconds left (glibc's sleep.c: nanosleep's rem). */
const sleepLeft: Program = function* (libc) {
  yield* libc.sigaction(SIGALRM, { handler: nop });
  yield* libc.alarm(2);
  const left = yield* libc.sleep(10);
  const rem = { value: -1 };
  yield* libc.alarm(1);
  const r = yield* libc.nanosleep(3e9, rem);
  yield* libc.printf('%d %d %d %d\n', left, r, libc.errno, Math.round(rem.value / 1e8));
  return 0;
};

/** LTP sem_wait/7-1: a handler interrupting sem_wait makes it fail with EINTR. */
const semWaitEintr: Program = function* (libc) {
  const s = yield* libc.sem_init(0);
  yield* libc.sigaction(SIGUSR1, { handler: nop });
  let r = 0, e = 0;
  const t = yield* libc.pthread_create(function* (l: Libc) { r = yield* l.sem_wait(s); e = l.errno; return 0; });
  yield* libc.usleep(20_000);
  yield* libc.pthread_kill(t, SIGUSR1);
  yield* libc.usleep(20_000);
  yield* libc.sem_post(s);
  yield* libc.pthread_join(t, null);
  yield* libc.printf('%d %d\n', r, e);
  return 0;
};

/** LTP pthread_sigmask/6-1..8-1: SIG_SETMASK, SIG_BLOCK, SIG_UNBLOCK and the old set; EINVAL. */
const sigmaskHow: Program = function* (libc) {
  const o = { value: 0n };
  yield* libc.pthread_sigmask(SIG_SETMASK, sigmask(SIGUSR1), null);
  yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR2), null);
  yield* libc.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1), o);
  const was = o.value;
  yield* libc.pthread_sigmask(SIG_BLOCK, null, o);
  const bad = yield* libc.pthread_sigmask(99, sigmask(SIGUSR1), null);
  yield* libc.printf('%s %s %d\n', was.toString(16), o.value.toString(16), bad);
  return 0;
};

/** LTP sigqueue/7-1: real-time signals queue (three of one are three handler calls). */
const rtQueue: Program = function* (libc) {
  const A = libc.SIGRTMIN + 1;
  let count = 0;
  yield* libc.sigaction(A, { handler: function* () { count++; } });
  yield* libc.sigprocmask(SIG_BLOCK, sigmask(A), null);
  for (let i = 0; i < 3; i++) yield* libc.raise(A);
  yield* libc.sigprocmask(SIG_UNBLOCK, sigmask(A), null);
  yield* libc.printf('%d\n', count);
  return 0;
};

/** glibc tst-cancel4 (tf_sigsuspend): a thread blocked in sigsuspend is cancelled. */
const cancelSigsuspend: Program = function* (libc) {
  let cleanup = 0;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_cleanup_push(() => { cleanup++; });
    yield* l.sigsuspend(0n);
    yield* l.pthread_cleanup_pop(0);
    return 0;
  });
  yield* libc.usleep(20_000);
  yield* libc.pthread_cancel(t);
  const rv: Ref<unknown> = { value: null };
  yield* libc.pthread_join(t, rv);
  yield* libc.printf('%d %d\n', rv.value === PTHREAD_CANCELED ? 1 : 0, cleanup);
  return 0;
};

/** Cancellation points (glibc tst-cancel4): each blocked thread is cancelled and runs its handler. */
const cancelPoints: Program = function* (libc) {
  const m = yield* libc.pthread_mutex_init(), c = yield* libc.pthread_cond_init(), s = yield* libc.sem_init(0);
  const [rfd] = (yield* libc.pipe()) as [number, number];
  const blocks: ((l: Libc) => Generator<any, any, any>)[] = [
    function* (l) { yield* l.sleep(10); },
    function* (l) { const b = { value: '' }; yield* l.read(rfd, b, 1); },
    function* (l) { yield* l.pthread_mutex_lock(m); for (;;) yield* l.pthread_cond_timedwait(c, m, 5e9); },
    function* (l) { yield* l.sem_wait(s); },
    function* (l) { yield* l.pause(); },
    function* (l) { yield* l.poll([{ fd: rfd, events: 1 }], -1); },
  ];
  const res: string[] = [];
  for (const [i, block] of blocks.entries()) {
    let cleanup = 0;
    const t = yield* libc.pthread_create(function* (l: Libc) {
      yield* l.pthread_cleanup_push(function* (x: Libc) { cleanup++; if (i === 2) yield* x.pthread_mutex_unlock(m); });
      yield* block(l);
      return 0;
    });
    yield* libc.usleep(20_000);
    yield* libc.pthread_cancel(t);
    const rv: Ref<unknown> = { value: null };
    yield* libc.pthread_join(t, rv);
    res.push(rv.value === PTHREAD_CANCELED && cleanup === 1 ? 'c' : '-');
  }
  yield* libc.printf('%s\n', res.join(''));
  return 0;
};

/** LTP pthread_key_delete/2-1: no destructor runs for a deleted key. */
const keyDelete: Program = function* (libc) {
  let calls = 0;
  const k = yield* libc.pthread_key_create(() => { calls++; });
  const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.pthread_setspecific(k, 'x'); yield* l.usleep(100_000); return 0; });
  yield* libc.usleep(20_000);
  const r = yield* libc.pthread_key_delete(k);
  yield* libc.pthread_join(t, null);
  yield* libc.printf('%d %d\n', r, calls);
  return 0;
};

/** LTP pthread_mutexattr_settype/3-*, pthread_mutex_trylock/1-2, pthread_mutex_unlock/5-2. */
const mutexKinds: Program = function* (libc) {
  const ec = yield* libc.pthread_mutex_init({ type: 'errorcheck' });
  const rc = yield* libc.pthread_mutex_init({ type: 'recursive' });
  const r: number[] = [];
  r.push(yield* libc.pthread_mutex_unlock(ec), yield* libc.pthread_mutex_lock(ec), yield* libc.pthread_mutex_lock(ec), yield* libc.pthread_mutex_trylock(ec));
  r.push(yield* libc.pthread_mutex_lock(rc), yield* libc.pthread_mutex_trylock(rc));
  let other = -1, otherUnlock = -1;
  const t = yield* libc.pthread_create(function* (l: Libc) { other = yield* l.pthread_mutex_trylock(rc); otherUnlock = yield* l.pthread_mutex_unlock(ec); return 0; });
  yield* libc.pthread_join(t, null);
  r.push(other, otherUnlock, yield* libc.pthread_mutex_unlock(rc), yield* libc.pthread_mutex_unlock(rc), yield* libc.pthread_mutex_unlock(rc));
  r.push(yield* libc.pthread_mutex_destroy(ec));
  yield* libc.printf('%s\n', r.join(' '));
  return 0;
};

/** LTP sigaction SA_RESETHAND and SA_NODEFER (in a child: the second signal kills it). */
const saFlags: Program = function* (libc) {
  let depth = 0, nested = 0;
  yield* libc.sigaction(SIGUSR2, { handler: function* (l: Libc) { depth++; if (depth === 1) yield* l.raise(SIGUSR2); else nested++; depth--; }, flags: SA_NODEFER });
  yield* libc.raise(SIGUSR2);
  const child = yield* libc.fork(function* (l: Libc) {
    let inH = 1;
    yield* l.sigaction(SIGUSR1, { handler: function* (x: Libc) { const o: Ref<Sigaction> = { value: { handler: SIG_DFL } }; yield* x.sigaction(SIGUSR1, null, o); inH = o.value.handler === SIG_DFL ? 0 : 1; }, flags: SA_RESETHAND });
    yield* l.raise(SIGUSR1);
    if (inH === 0) yield* l.raise(SIGUSR1);
    return 9;
  });
  const st = { value: 0 };
  yield* libc.waitpid(child, st, 0);
  yield* libc.printf('%d %d\n', nested, WIFSIGNALED(st.value) ? WTERMSIG(st.value) : -1);
  return 0;
};

/** LTP pthread_barrier_wait/3-2 and pthread_cond_wait/2-3: a handler runs, the wait goes on. */
const handlerInWaits: Program = function* (libc) {
  const b = yield* libc.pthread_barrier_init(2);
  const m = yield* libc.pthread_mutex_init(), c = yield* libc.pthread_cond_init();
  let handled = 0, flag = 0, br = -5, cr = -5, sawFlag = -1;
  yield* libc.sigaction(SIGUSR1, { handler: function* () { handled++; } });
  const tb = yield* libc.pthread_create(function* (l: Libc) { br = yield* l.pthread_barrier_wait(b); return 0; });
  const tc = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_mutex_lock(m);
    while (!flag) { cr = yield* l.pthread_cond_wait(c, m); if (cr) break; }
    sawFlag = flag;
    yield* l.pthread_mutex_unlock(m);
    return 0;
  });
  yield* libc.usleep(20_000);
  yield* libc.pthread_kill(tb, SIGUSR1);
  yield* libc.pthread_kill(tc, SIGUSR1);
  yield* libc.usleep(20_000);
  const mr = yield* libc.pthread_barrier_wait(b);
  yield* libc.pthread_mutex_lock(m); flag = 1; yield* libc.pthread_cond_signal(c); yield* libc.pthread_mutex_unlock(m);
  yield* libc.pthread_join(tb, null);
  yield* libc.pthread_join(tc, null);
  const serials = (br === PTHREAD_BARRIER_SERIAL_THREAD ? 1 : 0) + (mr === PTHREAD_BARRIER_SERIAL_THREAD ? 1 : 0);
  yield* libc.printf('%d %d %d %d\n', handled, serials, cr, sawFlag);
  return 0;
};

/** LTP pthread_cond_timedwait/2-3: ETIMEDOUT, with the mutex held again. */
const condTimedout: Program = function* (libc) {
  const c = yield* libc.pthread_cond_init();
  const m = yield* libc.pthread_mutex_init({ type: 'errorcheck' });
  yield* libc.pthread_mutex_lock(m);
  const r = yield* libc.pthread_cond_timedwait(c, m, 30_000_000);
  const relock = yield* libc.pthread_mutex_lock(m);
  yield* libc.printf('%d %d %d\n', r, relock, yield* libc.pthread_cond_signal(c));
  return 0;
};

/**
 * glibc tst-cancel4 (tf_sigwait, tf_waitpid) with the request arriving while the thread is
 * ready: Pth's sigwait and waitpid wait in rounds (a poll timer, then a retry), and a thread
 * whose timer has fired is READY — pth_cancel then wakes nobody, so the next round must see the
 * request before it parks again (each round is a pth_wait, a cancellation point). main computes
 * past both timers and yields, so it cancels while both threads are ready.
 */
const cancelWhileReady: Program = function* (libc) {
  let cleanup = 0;
  const t1 = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_cleanup_push(() => { cleanup++; });
    yield* l.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1), null);
    const s = { value: 0 };
    yield* l.sigwait(sigmask(SIGUSR1), s);
    yield* l.pthread_cleanup_pop(0);
    return 0;
  });
  let child = 0; // forked by t2: under LinuxThreads only the forking thread may wait for it
  const t2 = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_cleanup_push(() => { cleanup++; });
    child = yield* l.fork(function* (x: Libc) { yield* x.sleep(1); return 0; });
    yield* l.waitpid(child, null, 0);
    yield* l.pthread_cleanup_pop(0);
    return 0;
  });
  yield* libc.usleep(1_000);
  yield* libc.compute(300_000_000);
  yield* libc.sched_yield();
  yield* libc.pthread_cancel(t1);
  yield* libc.pthread_cancel(t2);
  const r1: Ref<unknown> = { value: null }, r2: Ref<unknown> = { value: null };
  yield* libc.pthread_join(t1, r1);
  yield* libc.pthread_join(t2, r2);
  yield* libc.printf('%d %d %d\n', r1.value === PTHREAD_CANCELED ? 1 : 0, r2.value === PTHREAD_CANCELED ? 1 : 0, cleanup);
  return 0;
};

/**
 * The same for read: two threads wait for a pipe, one byte comes, both are woken and main
 * cancels them before they run; the one that finds no byte must not park again with the
 * request unseen. Each thread either read the byte or was cancelled: the sum is 2.
 */
const cancelReadReady: Program = function* (libc) {
  const [rfd, wfd] = (yield* libc.pipe()) as [number, number];
  let got = 0;
  const reader = function* (l: Libc) { const b = { value: '' }; yield* l.read(rfd, b, 1); got++; return 0; };
  const t1 = yield* libc.pthread_create(reader);
  const t2 = yield* libc.pthread_create(reader);
  yield* libc.usleep(1_000);
  yield* libc.write(wfd, 'x');
  yield* libc.sched_yield();
  yield* libc.pthread_cancel(t1);
  yield* libc.pthread_cancel(t2);
  const r1: Ref<unknown> = { value: null }, r2: Ref<unknown> = { value: null };
  yield* libc.pthread_join(t1, r1);
  yield* libc.pthread_join(t2, r2);
  yield* libc.printf('%d\n', got + (r1.value === PTHREAD_CANCELED ? 1 : 0) + (r2.value === PTHREAD_CANCELED ? 1 : 0));
  return 0;
};

const hex = (...sigs: number[]): string => sigs.reduce((a, s) => a | sigmask(s), 0n).toString(16);

for (const lib of libraryNames()) {
  describe(`outside tester's cases on ${lib}`, () => {
    for (const cpus of [1, 2]) {
      check(lib, 'posix:sigsuspend-handler-mask', `${cpus} CPU: a handler run from sigsuspend has the temporary mask blocked (LTP sigsuspend/1-1)`, () => {
        expect(out(lib, sigsuspendMask, cpus)).toEqual([`-1 ${EINTR} usr1,usr2 usr2-blocked=1`]);
      });
      check(lib, 'posix:sleep-remaining', `${cpus} CPU: sleep and nanosleep interrupted by a handler give the time left`, () => {
        expect(out(lib, sleepLeft, cpus)).toEqual([`8 -1 ${EINTR} 20`]);
      });
      check(lib, 'posix:cancel-points', `${cpus} CPU: a thread blocked in sleep, read, cond_timedwait, sem_wait, pause, poll is cancelled and runs its cleanup handler`, () => {
        expect(out(lib, cancelPoints, cpus)).toEqual(['cccccc']);
      });
      check(lib, 'posix:cancel-while-ready', `${cpus} CPU: a cancellation that comes while a thread in sigwait, waitpid or read is between two rounds of its wait is not lost (glibc tst-cancel4)`, () => {
        expect(out(lib, cancelWhileReady, cpus)).toEqual(['1 1 2']);
        expect(out(lib, cancelReadReady, cpus)).toEqual(['2']);
      });
      check(lib, 'posix:handler-in-waits', `${cpus} CPU: a handler interrupts a barrier wait and a condition wait; both go on (LTP pthread_barrier_wait/3-2, pthread_cond_wait/2-3)`, () => {
        expect(out(lib, handlerInWaits, cpus)).toEqual(['2 1 0 1']);
      });
    }
    check(lib, 'posix:sem-wait-eintr', 'sem_wait interrupted by a handler fails with EINTR (LTP sem_wait/7-1)', () => {
      expect(out(lib, semWaitEintr, 1)).toEqual([`-1 ${EINTR}`]);
    });
    check(lib, 'posix:sigmask-how', 'pthread_sigmask: SIG_SETMASK/BLOCK/UNBLOCK give exactly the sets asked for; a bad how is EINVAL', () => {
      expect(out(lib, sigmaskHow, 1)).toEqual([`${hex(SIGUSR1, SIGUSR2)} ${hex(SIGUSR2)} ${EINVAL}`]);
    });
    check(lib, 'posix:rt-signals-queue', 'three instances of a blocked real-time signal run the handler three times (LTP sigqueue/7-1)', () => {
      expect(out(lib, rtQueue, 1)).toEqual(['3']);
    });
    check(lib, 'posix:cancel-sigsuspend', 'a thread blocked in sigsuspend is cancelled (glibc tst-cancel4)', () => {
      expect(out(lib, cancelSigsuspend, 1)).toEqual(['1 1']);
    });
    check(lib, 'posix:key-delete', 'no destructor runs for a key deleted while a thread holds a value (LTP pthread_key_delete/2-1)', () => {
      expect(out(lib, keyDelete, 1)).toEqual(['0 0']);
    });
    check(lib, 'posix:mutex-kinds', 'errorcheck and recursive mutexes: EPERM, EDEADLK, EBUSY, counts, EBUSY to destroy a locked one', () => {
      expect(out(lib, mutexKinds, 2)).toEqual([[EPERM, 0, 35, EBUSY, 0, 0, EBUSY, EPERM, 0, 0, EPERM, EBUSY].join(' ')]);
    });
    check(lib, 'posix:sa-flags', 'SA_NODEFER lets a handler nest; SA_RESETHAND resets the action, so the second signal kills', () => {
      expect(out(lib, saFlags, 1)).toEqual([`1 ${SIGUSR1}`]);
    });
    check(lib, 'posix:cond-timedwait', 'pthread_cond_timedwait times out holding the mutex; a signal with no waiter is 0', () => {
      expect(out(lib, condTimedout, 1)).toEqual([`${ETIMEDOUT} 35 0`]);
    });
  });
}
