/**
 * cond_2_36.test.ts — glibc 2.25–2.36's condition variable (G1/G2 groups) under
 * `--lib-opt glibc=2.36` (pthread_cond_{common,wait,signal}_2_36.ts): the system calls of a
 * ping-pong round trip derived from the algorithm, a signal never going to a later waiter,
 * broadcast across both groups, a timed wait timing out, a cancelled waiter, destroy waiting
 * for woken waiters, and a process-shared condvar on shared futexes.
 */

import { describe, it, expect } from 'vitest';
import {
  ETIMEDOUT, PTHREAD_CANCELED, PTHREAD_PROCESS_SHARED, type Libc, type pthread_cond_t,
} from '../../libs/api.js';
import { loadCostModel, FUTEX_PRIVATE_FLAG, FUTEX_CLOCK_REALTIME, type Kernel } from '../../kernel/index.js';
import { CondG } from '../../libs/nptl/pthread_cond_common_2_36.js';
import { runNptl, pingpong } from './helpers.js';

const FUTEX_WAKE = 1, FUTEX_WAIT_BITSET = 9;
const era236 = { glibc: '2.36' };
const noPreempt = { ...loadCostModel('modern-x86'), wakePreempt: 0, ...era236 };
const preempting = { ...loadCostModel('modern-x86'), wakePreempt: 1, ...era236 };

interface FutexCall { tid: number; addr: number; op: number }

/** Record every futex call as entered (not its re-entries after sleeping). */
function recordFutex(calls: FutexCall[]) {
  return (k: Kernel) => {
    const ent = k.syscalls[202]!;
    const fn = ent.fn;
    ent.fn = (kk, t, a, b, ...rest) => {
      if (t.sysNr >= 0 && t.wakeReason === 0) calls.push({ tid: t.pid, addr: a as number, op: b as number });
      return fn(kk, t, a, b, ...rest);
    };
  };
}


/** Per-round-trip figures of a 1-CPU ping-pong: the difference of a 200- and a 100-round run. */
function perRtt(costs: typeof noPreempt) {
  const one = (n: number) => {
    const calls: FutexCall[] = [];
    const cvs: pthread_cond_t[] = [];
    const r = runNptl(pingpong(n, cvs), { costs, cpus: 1, setup: recordFutex(calls) });
    expect(r.statusText).toBe('exited with status 0');
    const cv = cvs[0] as unknown as CondG;
    const sigCalls = calls.filter((c) => c.addr === cv.gSignals(0) || c.addr === cv.gSignals(1));
    const onSignals = (op: number) => sigCalls.filter((c) => (c.op & 0x7f) === op).length;
    return {
      futex: r.syscalls.futex ?? 0, vol: r.voluntarySwitches, invol: r.involuntarySwitches,
      waits: onSignals(FUTEX_WAIT_BITSET), wakes: onSignals(FUTEX_WAKE),
      realtime: sigCalls.filter((c) => (c.op & 0x7f) === FUTEX_WAIT_BITSET).every((c) => (c.op & FUTEX_CLOCK_REALTIME) !== 0),
      private: calls.every((c) => (c.op & FUTEX_PRIVATE_FLAG) !== 0),
    };
  };
  const a = one(100), b = one(200);
  const d = (k: 'futex' | 'vol' | 'invol' | 'waits' | 'wakes') => (b[k] - a[k]) / 100;
  return { futex: d('futex'), vol: d('vol'), invol: d('invol'), waits: d('waits'), wakes: d('wakes'), private: a.private && b.private, realtime: b.realtime };
}

describe('glibc 2.36 condvar: a ping-pong round trip on one CPU, system call by system call', () => {
  // What the algorithm must do. Without wake-up preemption, each side per round trip: its
  // signal finds the other registered in __wrefs and adds a signal to G1 → one FUTEX_WAKE on
  // __g_signals (2.36 wakes even when nobody sleeps there); its wait finds __g_signals[g] empty
  // → one FUTEX_WAIT_BITSET (the only switch); the mutex it got back with
  // __pthread_mutex_cond_lock is marked contended, so its unlock makes one FUTEX_WAKE on the
  // mutex. 3 + 3 = 6 futex calls, 2 (voluntary) switches. With preemption at every wake-up the
  // schedule settles so: B's signal wakes A, which runs at once, takes its signal and blocks on
  // the mutex B holds (FUTEX_WAIT); B's unlock wakes it (FUTEX_WAKE) and A runs at once again,
  // before B is back in pthread_cond_wait — so A's unlock wakes nobody (a FUTEX_WAKE all the
  // same: the word is contended after __pthread_mutex_cond_lock), A's signal finds __wrefs at 0
  // (no call), A waits (FUTEX_WAIT_BITSET), and B, finding its turn already set, never waits:
  // 5 calls, 2 voluntary + 2 involuntary switches per round trip.
  // This host's Linux 6.18 + glibc 2.36 measured 6.15 calls and 3.81 switches (2.21 voluntary +
  // 1.68 involuntary; perf stat, getrusage): about the calls of the first schedule with the
  // switches of the second. Which schedule runs is the scheduler's wake-up preemption (the cost
  // model's wakePreempt), not the condition variable: the host model's fractional 0.41 gives
  // 8.08 calls and 4.78 switches with either 2.36 condvar model.
  it('without wake-up preemption: 6 futex calls (2 FUTEX_WAIT_BITSET + 2 FUTEX_WAKE on __g_signals, 2 on the mutex), 2 switches', () => {
    const r = perRtt(noPreempt);
    expect(r.futex).toBe(6);
    expect(r.waits).toBe(2);
    expect(r.wakes).toBe(2);
    expect(r.futex - r.waits - r.wakes).toBe(2); // the mutex unlocks' FUTEX_WAKE
    expect(r.vol + r.invol).toBe(2);
    expect(r.private).toBe(true); // a process-private condvar: FUTEX_PRIVATE_FLAG on every call
    expect(r.realtime).toBe(true); // FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, as strace shows
  });

  it('with preemption at every wake-up: 5 futex calls, 2 voluntary + 2 involuntary switches', () => {
    const r = perRtt(preempting);
    expect(r.futex).toBe(5);
    expect(r.vol).toBe(2);
    expect(r.invol).toBe(2);
  });
});

/** W1 waits; main signals, then waits itself (timed) before W1 has run: the signal is W1's. */
const laterWaiter = function* main(libc: Libc) {
  const mu = yield* libc.pthread_mutex_init();
  const cv = yield* libc.pthread_cond_init();
  const got: string[] = [];
  yield* libc.pthread_mutex_lock(mu);
  const early = yield* libc.pthread_cond_timedwait(cv, mu, 200_000); // nobody signalled yet
  yield* libc.pthread_cond_signal(cv); // no waiter: __wrefs is 0, nothing to do
  const lost = yield* libc.pthread_cond_timedwait(cv, mu, 200_000);
  yield* libc.pthread_mutex_unlock(mu);
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_mutex_lock(mu);
    const r = yield* l.pthread_cond_wait(cv, mu);
    got.push(`w1 ${r}`);
    yield* l.pthread_mutex_unlock(mu);
    return 0;
  });
  yield* libc.usleep(1000); // W1 is asleep in the futex
  yield* libc.pthread_mutex_lock(mu);
  yield* libc.pthread_cond_signal(cv); // goes to G1 = {W1}
  const later = yield* libc.pthread_cond_timedwait(cv, mu, 1_000_000); // registers in G2
  got.push(`main ${later === ETIMEDOUT ? 'ETIMEDOUT' : later}`);
  yield* libc.pthread_mutex_unlock(mu);
  yield* libc.pthread_join(t);
  yield* libc.printf('%d %d %s\n', early, lost, got.join(', '));
  return 0;
};

describe('glibc 2.36 condvar: G1/G2', () => {
  it('a signal sent before a waiter registers does not wake it: the later waiter times out, the earlier one returns 0', () => {
    for (const cpus of [1, 2]) {
      const r = runNptl(laterWaiter, { costs: noPreempt, cpus });
      expect(r.stdout).toBe(`${ETIMEDOUT} ${ETIMEDOUT} w1 0, main ETIMEDOUT\n`);
    }
  });

  it('broadcast wakes waiters of both groups (G1 partly signalled, G2 behind it) and leaves nothing to steal', () => {
    const calls: FutexCall[] = [];
    const cvs: pthread_cond_t[] = [];
    const prog = function* main(libc: Libc) {
      const mu = yield* libc.pthread_mutex_init();
      const cv = yield* libc.pthread_cond_init();
      cvs.push(cv);
      const s = { woke: 0 };
      const waiter = function* (l: Libc) {
        yield* l.pthread_mutex_lock(mu);
        yield* l.pthread_cond_wait(cv, mu);
        s.woke++;
        yield* l.pthread_mutex_unlock(mu);
        return 0;
      };
      const ts = [yield* libc.pthread_create(waiter), yield* libc.pthread_create(waiter)];
      yield* libc.usleep(1000);
      yield* libc.pthread_cond_signal(cv); // G1 = the first two, one signal
      ts.push(yield* libc.pthread_create(waiter), yield* libc.pthread_create(waiter)); // G2
      yield* libc.usleep(1000);
      yield* libc.pthread_mutex_lock(mu);
      yield* libc.pthread_cond_broadcast(cv);
      yield* libc.pthread_mutex_unlock(mu);
      for (const t of ts) yield* libc.pthread_join(t);
      yield* libc.pthread_mutex_lock(mu);
      const later = yield* libc.pthread_cond_timedwait(cv, mu, 100_000);
      yield* libc.pthread_mutex_unlock(mu);
      yield* libc.printf('%d %d\n', s.woke, later);
      return 0;
    };
    const r = runNptl(prog, { costs: noPreempt, cpus: 2, setup: recordFutex(calls) });
    expect(r.stdout).toBe(`4 ${ETIMEDOUT}\n`);
    const cv = cvs[0] as unknown as CondG;
    const wakeAll = calls.filter((c) => (c.op & 0x7f) === FUTEX_WAKE && (c.addr === cv.gSignals(0) || c.addr === cv.gSignals(1)));
    expect(wakeAll.length).toBe(3); // the first signal; broadcast step 1 (G1's rest) and step 3 (the new G1)
    expect(calls.some((c) => (c.op & 0x7f) === 4)).toBe(false); // no FUTEX_CMP_REQUEUE
  });
});

/**
 * W1 times out while main runs (one CPU, no preemption) and has not yet cancelled its waiting
 * when main sends two signals to G1 = {W1, W2} and then waits itself (G2). W1's
 * __condvar_cancel_waiting finds G1 fully signalled — a signal was W1's — and sends a
 * replacement, which switches groups and wakes main.
 */
const timedOutInG1 = (cvs: pthread_cond_t[]) => function* main(libc: Libc) {
  const mu = yield* libc.pthread_mutex_init();
  const cv = yield* libc.pthread_cond_init();
  cvs.push(cv);
  const res: string[] = [];
  const waiter = (timeout: number | null, name: string) => function* (l: Libc) {
    yield* l.pthread_mutex_lock(mu);
    const t0 = yield* l.clock_gettime();
    const r = timeout === null ? yield* l.pthread_cond_wait(cv, mu) : yield* l.pthread_cond_timedwait(cv, mu, timeout);
    const dt = (yield* l.clock_gettime()) - t0;
    res.push(`${name} ${r === ETIMEDOUT ? 'ETIMEDOUT' : r}${r === ETIMEDOUT && dt >= timeout! ? ' late-enough' : ''}`);
    yield* l.pthread_mutex_unlock(mu);
    return 0;
  };
  const w1 = yield* libc.pthread_create(waiter(5_000_000, 'w1'));
  const w2 = yield* libc.pthread_create(waiter(null, 'w2'));
  yield* libc.usleep(100); // both register and sleep (main wakes at the next tick, 4 ms)
  yield* libc.compute(1_500_000); // W1's time runs out meanwhile; it cannot run yet
  yield* libc.pthread_mutex_lock(mu);
  yield* libc.pthread_cond_signal(cv);
  yield* libc.pthread_cond_signal(cv);
  const r = yield* libc.pthread_cond_timedwait(cv, mu, 5_000_000);
  res.push(`main ${r === ETIMEDOUT ? 'ETIMEDOUT' : r}`);
  yield* libc.pthread_mutex_unlock(mu);
  yield* libc.pthread_join(w1);
  yield* libc.pthread_join(w2);
  yield* libc.printf('%s\n', res.sort().join(', '));
  return 0;
};

/** W1 is signalled, then cancelled before it consumed the signal; main waits behind it (G2). */
const cancelledSignalled = function* main(libc: Libc) {
  const mu = yield* libc.pthread_mutex_init();
  const cv = yield* libc.pthread_cond_init();
  const w1 = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_mutex_lock(mu);
    yield* l.pthread_cleanup_push(function* (ll: Libc) { yield* ll.pthread_mutex_unlock(mu); }); // runs with the mutex retaken
    for (;;) yield* l.pthread_cond_wait(cv, mu);
  });
  yield* libc.usleep(1000);
  yield* libc.pthread_mutex_lock(mu);
  yield* libc.pthread_cond_signal(cv); // G1 = {W1}, fully signalled
  yield* libc.pthread_cancel(w1);
  const r = yield* libc.pthread_cond_timedwait(cv, mu, 5_000_000); // G2 = {main}
  yield* libc.pthread_mutex_unlock(mu);
  const v = { value: null as unknown };
  yield* libc.pthread_join(w1, v);
  const d = yield* libc.pthread_cond_destroy(cv); // no reference left behind: returns at once
  yield* libc.printf('main %s, w1 %s, destroy %d\n', r === ETIMEDOUT ? 'ETIMEDOUT' : String(r), v.value === PTHREAD_CANCELED ? 'cancelled' : String(v.value), d);
  return 0;
};

describe('glibc 2.36 condvar: leaving a wait early', () => {
  it('a timed wait with nobody signalling returns ETIMEDOUT after its time, and gives its place back (the next signal has nobody to wake)', () => {
    const calls: FutexCall[] = [];
    const cvs: pthread_cond_t[] = [];
    const prog = function* main(libc: Libc) {
      const mu = yield* libc.pthread_mutex_init();
      const cv = yield* libc.pthread_cond_init();
      cvs.push(cv);
      yield* libc.pthread_mutex_lock(mu);
      const t0 = yield* libc.clock_gettime();
      const r = yield* libc.pthread_cond_timedwait(cv, mu, 3_000_000);
      const dt = (yield* libc.clock_gettime()) - t0;
      const n0 = calls.length;
      yield* libc.pthread_cond_signal(cv);
      const n = calls.length - n0;
      yield* libc.pthread_mutex_unlock(mu);
      yield* libc.printf('%d %s %d\n', r, dt >= 3_000_000 && dt < 3_200_000 ? 'on-time' : String(dt), n);
      return 0;
    };
    const r = runNptl(prog, { costs: noPreempt, cpus: 1, setup: recordFutex(calls) });
    expect(r.stdout).toBe(`${ETIMEDOUT} on-time 0\n`);
    const cv = cvs[0] as unknown as CondG;
    expect(calls.filter((c) => c.addr === cv.gSignals(0) && (c.op & 0x7f) === FUTEX_WAIT_BITSET)).toHaveLength(1);
  });

  it('a waiter that times out after its group was fully signalled sends a replacement signal (the later waiter is woken)', () => {
    const calls: FutexCall[] = [];
    const cvs: pthread_cond_t[] = [];
    const r = runNptl(timedOutInG1(cvs), { costs: noPreempt, cpus: 1, setup: recordFutex(calls) });
    expect(r.stdout).toBe('main 0, w1 ETIMEDOUT late-enough, w2 0\n');
    // The replacement signal finds G1 still referenced by W2 (woken, not yet run): it sets the
    // wake-request bit and sleeps on __g_refs until W2's __condvar_dec_grefs wakes it.
    const cv = cvs[0] as unknown as CondG;
    expect(calls.filter((c) => c.addr === cv.gRefs(0)).map((c) => c.op & 0x7f)).toEqual([0, FUTEX_WAKE]);
  });

  it('a cancelled waiter: its cleanup retakes the mutex, gives the signal it was sent to the next waiter, leaves no reference', () => {
    for (const cpus of [1, 2]) {
      const r = runNptl(cancelledSignalled, { costs: noPreempt, cpus });
      expect(r.stdout).toBe('main 0, w1 cancelled, destroy 0\n');
    }
  });
});

describe('glibc 2.36 condvar: destroy and process-shared', () => {
  it('pthread_cond_destroy after a signal waits (FUTEX_WAIT on __wrefs) until the woken waiter confirms, even with the mutex held', () => {
    const calls: FutexCall[] = [];
    const cvs: pthread_cond_t[] = [];
    const prog = function* main(libc: Libc) {
      const mu = yield* libc.pthread_mutex_init();
      const cv = yield* libc.pthread_cond_init();
      cvs.push(cv);
      const s = { ready: false };
      const w = yield* libc.pthread_create(function* (l: Libc) {
        yield* l.pthread_mutex_lock(mu);
        while (!s.ready) yield* l.pthread_cond_wait(cv, mu);
        yield* l.pthread_mutex_unlock(mu);
        return 0;
      });
      yield* libc.usleep(1000);
      yield* libc.pthread_mutex_lock(mu);
      s.ready = true;
      yield* libc.pthread_cond_signal(cv);
      const d = yield* libc.pthread_cond_destroy(cv); // the waiter has been signalled, not yet woken
      yield* libc.pthread_mutex_unlock(mu);
      yield* libc.pthread_join(w);
      yield* libc.printf('destroy %d\n', d);
      return 0;
    };
    const r = runNptl(prog, { costs: noPreempt, cpus: 1, setup: recordFutex(calls) });
    expect(r.stdout).toBe('destroy 0\n');
    const cv = cvs[0] as unknown as CondG;
    const onWrefs = calls.filter((c) => c.addr === cv.wrefsAddr).map((c) => c.op & 0x7f);
    // destroy's futex_wait_simple is given the value fetch-or returned, before its own wake-request
    // bit: glibc 2.36's first wait returns EAGAIN at once and the loop waits again with the reloaded
    // word; then the last waiter's __condvar_confirm_wakeup wakes it.
    expect(onWrefs).toEqual([0, 0, FUTEX_WAKE]);
  });

  it('a PTHREAD_PROCESS_SHARED condvar hands a turn between parent and fork child on shared futexes', () => {
    const calls: FutexCall[] = [];
    const cvs: pthread_cond_t[] = [];
    const prog = function* main(libc: Libc) {
      const ma = {}, ca = {};
      yield* libc.pthread_mutexattr_setpshared(ma, PTHREAD_PROCESS_SHARED);
      yield* libc.pthread_condattr_setpshared(ca, PTHREAD_PROCESS_SHARED);
      const m = yield* libc.pthread_mutex_init(ma);
      const c = yield* libc.pthread_cond_init(ca);
      cvs.push(c);
      const s = { turn: 0 };
      const pid = yield* libc.fork(function* (l: Libc) {
        for (let i = 0; i < 3; i++) {
          yield* l.pthread_mutex_lock(m);
          while (s.turn !== 1) yield* l.pthread_cond_wait(c, m);
          s.turn = 0;
          yield* l.pthread_cond_signal(c);
          yield* l.pthread_mutex_unlock(m);
        }
        return 0;
      });
      for (let i = 0; i < 3; i++) {
        yield* libc.usleep(1000);
        yield* libc.pthread_mutex_lock(m);
        s.turn = 1;
        yield* libc.pthread_cond_signal(c);
        while (s.turn !== 0) yield* libc.pthread_cond_wait(c, m);
        yield* libc.pthread_mutex_unlock(m);
      }
      const st = { value: -1 };
      yield* libc.waitpid(pid, st, 0);
      yield* libc.printf('child %d\n', st.value);
      return 0;
    };
    const r = runNptl(prog, { costs: noPreempt, cpus: 2, setup: recordFutex(calls) });
    expect(r.stdout).toBe('child 0\n');
    const cv = cvs[0] as unknown as CondG;
    const onSignals = calls.filter((c) => c.addr === cv.gSignals(0) || c.addr === cv.gSignals(1));
    expect(onSignals.length).toBeGreaterThanOrEqual(6);
    expect(onSignals.every((c) => (c.op & FUTEX_PRIVATE_FLAG) === 0)).toBe(true);
    expect(new Set(onSignals.map((c) => c.tid)).size).toBe(2); // both processes wait and wake there
  });
});
