/**
 * waits.test.ts — signals and process calls seen from a thread that waits, on every library:
 * a signal for a thread parked on a mutex, a condition variable or a barrier runs its handler
 * while the thread waits (and the wait goes on afterwards); a process-directed signal on 2 CPUs
 * is taken by the one thread that does not block it even while that thread waits (rule 13),
 * and kill() of a thread's tid likewise (rule 12); fork from any thread gives a child that is a
 * copy of the calling thread (same pthread_self, its thread-specific data); a thread in pause()
 * or poll() waits alone while its siblings go on, and leaves pause with EINTR after a handler;
 * a handler that readies a thread and then waits for it does not livelock.
 *
 * Issue 16 (bugs 2, 3, 4, 6 and the poll/pause item) found these broken under NGPT and green.
 * Keys are rule numbers or 'posix:*' names; deviations.ts lists where a library is meant to differ.
 */

import { describe, expect } from 'vitest';
import {
  EINTR, POLLIN, SIGUSR1, SIG_BLOCK, SIG_UNBLOCK, sigmask, WEXITSTATUS, type Libc, type pthread_t,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

function out(lib: string, main: Program, cpus: number): string[] {
  const r = run(lib, main, { cpus });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

/** Who ran a handler: the target thread, another thread, or no thread at all (pthread_self 0). */
function who(self: pthread_t, target: pthread_t): string {
  return self === target ? 'target' : self === 0 ? 'no thread' : 'another thread';
}

type WaitKind = 'mutex' | 'cond' | 'barrier';

/**
 * A thread waits on a mutex main holds (or a condition, or a barrier); main sends it SIGUSR1
 * with pthread_kill and then sleeps in sem_wait: the handler, in the waiting thread, posts the
 * semaphore. Only then does main let the thread's wait end.
 */
function signalDuringWait(kind: WaitKind): Program {
  return function* (libc: Libc) {
    const m = yield* libc.pthread_mutex_init();
    const c = yield* libc.pthread_cond_init();
    const b = yield* libc.pthread_barrier_init(2);
    const s = yield* libc.sem_init(0);
    let target = 0;
    let ran = 'nobody';
    let go = false;
    let after = '';
    yield* libc.signal(SIGUSR1, function* (l: Libc) {
      ran = who(yield* l.pthread_self(), target);
      yield* l.sem_post(s);
    });
    if (kind === 'mutex') yield* libc.pthread_mutex_lock(m);
    target = yield* libc.pthread_create(function* (l: Libc) {
      if (kind === 'mutex') {
        yield* l.pthread_mutex_lock(m);
        after = go ? 'locked after release' : 'locked early';
        yield* l.pthread_mutex_unlock(m);
      } else if (kind === 'cond') {
        yield* l.pthread_mutex_lock(m);
        while (!go) yield* l.pthread_cond_wait(c, m);
        after = 'woken after signal';
        yield* l.pthread_mutex_unlock(m);
      } else {
        yield* l.pthread_barrier_wait(b);
        after = go ? 'passed after main arrived' : 'passed early';
      }
      return 0;
    });
    yield* libc.usleep(2_000); // the thread is waiting now
    yield* libc.pthread_kill(target, SIGUSR1);
    yield* libc.sem_wait(s); // posted by the handler while the thread waits
    go = true;
    if (kind === 'mutex') yield* libc.pthread_mutex_unlock(m);
    if (kind === 'cond') {
      yield* libc.pthread_mutex_lock(m);
      yield* libc.pthread_cond_signal(c);
      yield* libc.pthread_mutex_unlock(m);
    }
    if (kind === 'barrier') yield* libc.pthread_barrier_wait(b);
    yield* libc.pthread_join(target);
    yield* libc.printf('%s, %s\n', ran, after);
    return 0;
  };
}

const AFTER: Record<WaitKind, string> = {
  mutex: 'locked after release', cond: 'woken after signal', barrier: 'passed after main arrived',
};

/**
 * Main blocks SIGUSR1; the worker does not, and waits on a mutex main holds. The signal is sent
 * to the process — kill(getpid()) — or to main's own tid, kill(gettid()); main waits for the
 * handler by polling (so a library that never delivers it fails instead of hanging).
 */
function processSignalToWaiter(byTid: boolean): Program {
  return function* (libc: Libc) {
    const m = yield* libc.pthread_mutex_init();
    let target = 0;
    let ran = 'nobody';
    yield* libc.signal(SIGUSR1, function* (l: Libc) { ran = who(yield* l.pthread_self(), target); });
    yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR1));
    yield* libc.pthread_mutex_lock(m);
    target = yield* libc.pthread_create(function* (l: Libc) {
      yield* l.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1));
      yield* l.pthread_mutex_lock(m);
      yield* l.pthread_mutex_unlock(m);
      return 0;
    });
    yield* libc.usleep(2_000);
    yield* libc.kill(byTid ? yield* libc.gettid() : yield* libc.getpid(), SIGUSR1);
    for (let i = 0; i < 50 && ran === 'nobody'; i++) yield* libc.usleep(1_000);
    yield* libc.pthread_mutex_unlock(m);
    yield* libc.pthread_join(target);
    yield* libc.printf('%s\n', ran);
    return 0;
  };
}

/**
 * A handler in main hands a mutex to the thread waiting for it (main held it) and then locks a
 * mutex that thread holds: it must get it once the thread runs. Mutexes are not async-signal-
 * safe in POSIX, but no library may livelock here (issue 16 bug 4: NGPT's wake-up for the
 * thread's native waited for the handler to return to the scheduler loop).
 */
const handlerWaitsForWoken: Program = function* (libc) {
  const m = yield* libc.pthread_mutex_init();
  const m2 = yield* libc.pthread_mutex_init();
  const log: string[] = [];
  yield* libc.pthread_mutex_lock(m2);
  const w = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_mutex_lock(m);
    yield* l.pthread_mutex_lock(m2);
    log.push('worker got m2');
    yield* l.pthread_mutex_unlock(m);
    yield* l.pthread_mutex_unlock(m2);
    return 0;
  });
  yield* libc.usleep(1_000); // the worker holds m and waits for m2
  yield* libc.signal(SIGUSR1, function* (l: Libc) {
    yield* l.pthread_mutex_unlock(m2);
    yield* l.pthread_mutex_lock(m);
    log.push('handler got m');
    yield* l.pthread_mutex_unlock(m);
  });
  yield* libc.raise(SIGUSR1);
  yield* libc.pthread_join(w);
  yield* libc.printf('%s\n', log.join(', '));
  return 0;
};

/**
 * fork() in main and in a created thread: the child checks that it is a copy of the calling
 * thread — the same pthread_self(), the thread-specific value that thread set — and that a
 * thread it creates gets another id. Its exit status carries the checks as bits.
 */
const forkKeepsThread: Program = function* (libc) {
  const key = yield* libc.pthread_key_create(null);
  function* forkHere(l: Libc, name: string) {
    yield* l.pthread_setspecific(key, name);
    const self = yield* l.pthread_self();
    const pid = yield* l.fork(function* (c: Libc) {
      let bad = 0;
      if ((yield* c.pthread_self()) !== self) bad |= 1;
      if ((yield* c.pthread_getspecific(key)) !== name) bad |= 2;
      const t = yield* c.pthread_create(function* () { return 0; });
      if (t <= 0 || t === self) bad |= 4;
      yield* c.pthread_join(t);
      return bad;
    });
    const st = { value: 0 };
    yield* l.waitpid(pid, st, 0);
    return WEXITSTATUS(st.value);
  }
  const fromMain = yield* forkHere(libc, 'main');
  const ret = { value: 0 as unknown };
  const t = yield* libc.pthread_create(function* (l: Libc) { return yield* forkHere(l, 'thread'); });
  yield* libc.pthread_join(t, ret);
  yield* libc.printf('main %d, thread %d\n', fromMain, ret.value);
  return 0;
};

/** A thread sleeps in pause(); main goes on running, then signals it: pause returns EINTR. */
const pauseAlone: Program = function* (libc) {
  let target = 0;
  let ran = 'nobody';
  let mainRan = 0;
  let result = '';
  yield* libc.signal(SIGUSR1, function* (l: Libc) { ran = who(yield* l.pthread_self(), target); });
  target = yield* libc.pthread_create(function* (l: Libc) {
    const r = yield* l.pause();
    result = `pause ${r} ${l.errno === EINTR ? 'EINTR' : l.errno}`;
    return 0;
  });
  yield* libc.usleep(1_000); // the thread is in pause() now
  for (let i = 0; i < 5; i++) { yield* libc.compute(100_000); yield* libc.sched_yield(); mainRan++; }
  yield* libc.pthread_kill(target, SIGUSR1);
  yield* libc.pthread_join(target);
  yield* libc.printf('%s, handler in %s, main ran %d\n', result, ran, mainRan);
  return 0;
};

/** A thread polls an empty pipe for up to 5 s; main writes to it 1 ms later; poll sees it. */
const pollAlone: Program = function* (libc) {
  const p = yield* libc.pipe();
  if (p === -1) return 1;
  const [rd, wr] = p;
  let result = '';
  const t = yield* libc.pthread_create(function* (l: Libc) {
    const fds = [{ fd: rd, events: POLLIN, revents: 0 }];
    const t0 = yield* l.clock_gettime();
    const n = yield* l.poll(fds, 5_000);
    const ms = Math.round(((yield* l.clock_gettime()) - t0) / 1e6);
    result = `poll ${n}, revents ${fds[0].revents & POLLIN ? 'POLLIN' : fds[0].revents}, after ${ms < 100 ? 'ms' : `${ms} ms`}`;
    return 0;
  });
  yield* libc.usleep(1_000);
  yield* libc.write(wr, 'x');
  yield* libc.pthread_join(t);
  const empty = [{ fd: rd, events: POLLIN, revents: 0 }];
  const buf = { value: '' };
  yield* libc.read(rd, buf, 1);
  const timedOut = yield* libc.poll(empty, 3); // nothing to read now: times out
  yield* libc.printf('%s; then %d\n', result, timedOut);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`waiting threads on ${lib}`, () => {
    for (const kind of ['mutex', 'cond', 'barrier'] as WaitKind[]) {
      for (const cpus of [1, 2]) {
        check(lib, `posix:signal-in-${kind}-wait`, `a signal for a thread waiting on a ${kind} runs its handler in that thread while it waits; the wait goes on (${cpus} CPU${cpus > 1 ? 's' : ''})`, () => {
          expect(out(lib, signalDuringWait(kind), cpus)).toEqual([`target, ${AFTER[kind]}`]);
        });
      }
    }
    check(lib, 13, 'kill(getpid()) on 2 CPUs is taken by the one thread that does not block it, while it waits on a mutex', () => {
      expect(out(lib, processSignalToWaiter(false), 2)).toEqual(['target']);
    });
    check(lib, 12, 'kill(tid) naming a thread that blocks the signal is taken by the thread that does not (2 CPUs)', () => {
      expect(out(lib, processSignalToWaiter(true), 2)).toEqual(['target']);
    });
    check(lib, 'lab:handler-waits-for-woken', 'a handler that hands a mutex to the thread waiting for it, then locks one that thread holds, gets it (2 CPUs; no livelock)', () => {
      const r = run(lib, handlerWaitsForWoken, { cpus: 2, timeLimit: 10e6 });
      expect(r.outcome, r.deadlock ?? r.statusText).toBe('exited');
      expect(lines(r)).toEqual(['worker got m2, handler got m']);
    });
    check(lib, 'posix:fork-thread', 'the child of fork is a copy of the calling thread (same pthread_self, its thread-specific data), from main and from a created thread', () => {
      expect(out(lib, forkKeepsThread, 1)).toEqual(['main 0, thread 0']);
    });
    check(lib, 'posix:pause', 'a thread in pause() waits alone: main keeps running, and pthread_kill ends the pause with EINTR after the handler ran in it', () => {
      expect(out(lib, pauseAlone, 1)).toEqual([`pause -1 EINTR, handler in target, main ran 5`]);
    });
    check(lib, 'posix:poll', 'a thread in poll() waits alone: main writes to the pipe and the poll returns at once with POLLIN; an empty poll times out with 0', () => {
      expect(out(lib, pollAlone, 1)).toEqual(['poll 1, revents POLLIN, after ms; then 0']);
    });
  });
}
