/**
 * calls.test.ts — the calls issue 16 added to the program API, on every registered library:
 * semaphores (sem_timedwait; sem_post from a signal handler), stdio and atexit, fork from a
 * thread (bug 5), sigwait and the disposition (bug 8), cancellation. Keys are
 * 'posix:*' names; a library meant to differ says so in deviations.ts.
 */

import { describe, expect } from 'vitest';
import {
  SIGUSR1, SIGUSR2, ETIMEDOUT, EAGAIN, SIG_BLOCK, SIG_UNBLOCK, SIG_DFL, sigmask, PTHREAD_CANCELED,
  PTHREAD_CANCEL_DISABLE, PTHREAD_CANCEL_ENABLE, PTHREAD_CANCEL_ASYNCHRONOUS, _IONBF, stdout, stderr,
  type Libc, type Ref, type Sigaction,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

/** Run a program whose main prints results; return its output lines (after checking it exited). */
function out(lib: string, main: Program, cpus = 1): string[] {
  const r = run(lib, main, { cpus });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

const semTimedwait: Program = function* (libc) {
  const s = yield* libc.sem_init(0);
  const r1 = yield* libc.sem_timedwait(s, 1_000_000);
  const e1 = libc.errno;
  yield* libc.sem_post(s);
  const r2 = yield* libc.sem_timedwait(s, 1_000_000);
  yield* libc.printf('%d %d %d\n', r1, e1, r2);
  return 0;
};

/** A handler posts the semaphore main posts in a loop; a child process sends the signals. */
const semPostInHandler: Program = function* (libc) {
  const s = yield* libc.sem_init(0);
  let inPost = false;
  let inside = 0;
  let handled = 0;
  yield* libc.sigaction(SIGUSR1, { handler: function* (l: Libc) { if (inPost) inside++; handled++; yield* l.sem_post(s); } });
  const me = yield* libc.getpid();
  const child = yield* libc.fork(function* (l: Libc) {
    for (let i = 0; i < 8; i++) { yield* l.kill(me, SIGUSR1); yield* l.compute(7_919); }
    return 0;
  });
  let posts = 0;
  while (handled < 8 && posts < 100_000) { inPost = true; yield* libc.sem_post(s); inPost = false; posts++; }
  yield* libc.waitpid(child, null, 0);
  for (let i = 0; i < posts + handled; i++) yield* libc.sem_wait(s);
  yield* libc.printf('%d %d %d\n', inside > 0 ? 1 : 0, yield* libc.sem_trywait(s), libc.errno);
  return 0;
};

/** atexit handlers run when the last thread ends after main's pthread_exit (rule 28, POSIX exit(0)). */
let atexitBy = '';
const atexitAfterMainExit: Program = function* (libc) {
  atexitBy = '';
  const main = yield* libc.pthread_self();
  yield* libc.atexit(function* (l: Libc) {
    const self = yield* l.pthread_self();
    atexitBy = self === main ? 'main' : 'other';
    yield* l.printf('atexit ran\n');
  });
  yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(2_000); yield* l.printf('worker done'); return 0; });
  yield* libc.pthread_exit(null);
};

/** stdout on the console is line-buffered; exit() flushes a partial line. */
const lineBuffered: Program = function* (libc) {
  yield* libc.printf('partial');
  yield* libc.printf(' line\nand a tail');
  return 0;
};

/**
 * fork from a thread other than main: in the child the caller keeps its pthread_t, its
 * thread-specific data, and its id still names it (pthread_kill(id, 0) is 0).
 */
const forkFromThread: Program = function* (libc) {
  const key = yield* libc.pthread_key_create(null);
  const p = yield* libc.pipe();
  if (p === -1) return 1;
  const [r, w] = p;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    const id = yield* l.pthread_self();
    yield* l.pthread_setspecific(key, 'mine');
    const pid = yield* l.fork(function* (c: Libc) {
      const same = (yield* c.pthread_self()) === id ? 1 : 0;
      const data = yield* c.pthread_getspecific(key);
      const kill0 = yield* c.pthread_kill(id, 0);
      yield* c.write(w, `${same} ${String(data)} ${kill0}\n`);
      return 0;
    });
    yield* l.waitpid(pid, null, 0);
    return 0;
  });
  yield* libc.pthread_join(t);
  yield* libc.close(w);
  const buf = { value: '' };
  yield* libc.read(r, buf, 100);
  yield* libc.printf('%s', buf.value);
  return 0;
};

/** sigwait for a signal with its default action, then the same signal arrives unblocked. */
const sigwaitDisposition: Program = function* (libc) {
  yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR2));
  yield* libc.raise(SIGUSR2);
  const got = { value: 0 };
  yield* libc.sigwait(sigmask(SIGUSR2), got);
  const old: Ref<Sigaction> = { value: { handler: SIG_DFL } };
  yield* libc.sigaction(SIGUSR2, null, old);
  yield* libc.printf('%d %s\n', got.value, typeof old.value.handler === 'function' ? 'handler' : old.value.handler === SIG_DFL ? 'SIG_DFL' : 'SIG_IGN');
  yield* libc.fflush(null);
  yield* libc.sigprocmask(SIG_UNBLOCK, sigmask(SIGUSR2));
  yield* libc.raise(SIGUSR2); // the default action terminates the process
  yield* libc.printf('survived\n');
  return 0;
};

/** Deferred cancellation of threads blocked in cancellation points; cleanup handlers and destructors run. */
const cancelBlocked: Program = function* (libc) {
  const seen: string[] = [];
  const key = yield* libc.pthread_key_create((v) => { seen.push(String(v)); });
  const m = yield* libc.pthread_mutex_init();
  const c = yield* libc.pthread_cond_init();
  const s = yield* libc.sem_init(0);
  const a = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_setspecific(key, 'tsd');
    yield* l.pthread_cleanup_push(() => { seen.push('cleanup'); });
    yield* l.pthread_cleanup_push(() => { seen.push('popped, not run'); });
    yield* l.pthread_cleanup_pop(0);
    yield* l.nanosleep(1e9);
    return 0;
  });
  const b = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_mutex_lock(m);
    yield* l.pthread_cleanup_push(function* (x: Libc) { yield* x.pthread_mutex_unlock(m); });
    for (;;) yield* l.pthread_cond_wait(c, m);
  });
  const d = yield* libc.pthread_create(function* (l: Libc) { yield* l.sem_wait(s); return 0; });
  yield* libc.usleep(1_000);
  const res: string[] = [];
  for (const t of [a, b, d]) {
    yield* libc.pthread_cancel(t);
    const r = { value: 0 as unknown };
    yield* libc.pthread_join(t, r);
    res.push(r.value === PTHREAD_CANCELED ? 'C' : 'x');
  }
  yield* libc.printf('%s %s %d\n', res.join(''), seen.join(','), yield* libc.pthread_mutex_trylock(m));
  return 0;
};

/** Disabled, then enabled: the request is acted on at the next cancellation point only. */
const cancelDisabled: Program = function* (libc) {
  let phase = 0;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_setcancelstate(PTHREAD_CANCEL_DISABLE);
    phase = 1;
    while (phase < 2) yield* l.usleep(200);
    yield* l.pthread_setcancelstate(PTHREAD_CANCEL_ENABLE);
    phase = 3;
    yield* l.pthread_testcancel();
    phase = 4;
    return 0;
  });
  while (phase < 1) yield* libc.usleep(100);
  yield* libc.pthread_cancel(t);
  yield* libc.usleep(1_000);
  phase = 2;
  const r = { value: 0 as unknown };
  yield* libc.pthread_join(t, r);
  yield* libc.printf('%d %s\n', phase, r.value === PTHREAD_CANCELED ? 'canceled' : 'returned');
  return 0;
};

/** Asynchronous cancellation of a thread that only computes (and yields, not a cancellation point). */
const cancelAsync: Program = function* (libc) {
  let n = 0;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS);
    for (;;) { yield* l.compute(5_000); n++; yield* l.sched_yield(); }
  });
  while (n < 2) yield* libc.sched_yield();
  yield* libc.pthread_cancel(t);
  const r = { value: 0 as unknown };
  yield* libc.pthread_join(t, r);
  yield* libc.printf('%s\n', r.value === PTHREAD_CANCELED ? 'canceled' : 'returned');
  return 0;
};

/**
 * stdout on a pipe (dup2) is fully buffered: nothing reaches the pipe until fflush; stderr is
 * unbuffered; setvbuf(_IONBF) writes at once; isatty tells the console from the pipe.
 */
const stdioCalls: Program = function* (libc) {
  const p = yield* libc.pipe();
  if (p === -1) return 1;
  const [r, w] = p;
  const pid = yield* libc.fork(function* (l: Libc) {
    const console = yield* l.dup(1);
    yield* l.dup2(w, 1);
    yield* l.dup2(w, 2);
    const tty = `${yield* l.isatty(console)}${yield* l.isatty(1)}`;
    yield* l.printf('out1 %s\n', tty);
    yield* l.fprintf(stderr, 'err1\n');
    yield* l.fflush(stdout);
    yield* l.printf('out2\n');
    yield* l.setvbuf(stdout, null, _IONBF, 0); // flushes out2 first
    yield* l.printf('out3\n');
    yield* l.fprintf(stderr, 'err2\n');
    return 0;
  });
  yield* libc.close(w);
  let all = '';
  const buf = { value: '' };
  while ((yield* libc.read(r, buf, 4096)) > 0) all += buf.value;
  yield* libc.waitpid(pid, null, 0);
  yield* libc.printf('%s', all.replace(/\n/g, '|'));
  return 0;
};

for (const lib of libraryNames()) {
  describe(`issue 16's calls on ${lib}`, () => {
    check(lib, 'posix:sem-timedwait', 'sem_timedwait: -1/ETIMEDOUT on an empty semaphore, 0 with a token', () => {
      expect(out(lib, semTimedwait)).toEqual([`-1 ${ETIMEDOUT} 0`]);
    });
    check(lib, 'posix:atexit-after-pthread-exit', 'main calls pthread_exit: the atexit handlers run and stdout is flushed when the process ends', () => {
      const r = run(lib, atexitAfterMainExit);
      expect(r.statusText).toBe('exited with status 0');
      expect(r.stdout).toBe('worker doneatexit ran\n');
    });
    check(lib, 'atexit-in-last-thread', 'after main\'s pthread_exit, exit(0) — and the atexit handlers — run in the last thread to end', () => {
      run(lib, atexitAfterMainExit);
      expect(atexitBy).toBe('other');
    });
    check(lib, 'posix:stdout-line-buffered', 'printf to the console is line-buffered; exit flushes the rest', () => {
      const r = run(lib, lineBuffered, { trace: true });
      expect(r.stdout).toBe('partial line\nand a tail');
      expect(r.syscalls.write).toBe(2);
    });
    check(lib, 'posix:fork-from-thread', 'issue 16 bug 5: the child of a fork made by a thread keeps that thread\'s id and thread-specific data', () => {
      expect(out(lib, forkFromThread)).toEqual(['1 mine 0']);
    });
    check(lib, 'posix:sigwait-disposition', 'issue 16 bug 8: sigwait leaves the signal\'s disposition alone (SIG_DFL still kills)', () => {
      const r = run(lib, sigwaitDisposition);
      expect(r.stdout).toBe(`${SIGUSR2} SIG_DFL\n`);
      expect(r.statusText).toBe('killed by SIGUSR2');
    });
    check(lib, 'posix:cancel-deferred', 'pthread_cancel wakes threads blocked in nanosleep, pthread_cond_wait, sem_wait; cleanup handlers and destructors run', () => {
      expect(out(lib, cancelBlocked, 2)).toEqual(['CCC cleanup,tsd 0']);
    });
    check(lib, 'posix:cancel-disabled', 'a request made while cancellation is disabled is acted on at the first cancellation point after enabling', () => {
      expect(out(lib, cancelDisabled)).toEqual(['3 canceled']);
    });
    check(lib, 'posix:cancel-async', 'asynchronous cancellation ends a thread outside any cancellation point', () => {
      expect(out(lib, cancelAsync, 2)).toEqual(['canceled']);
    });
    check(lib, 'posix:stdio-calls', 'a pipe is fully buffered until fflush; stderr unbuffered; setvbuf(_IONBF); isatty; dup/dup2', () => {
      expect(out(lib, stdioCalls)).toEqual(['err1|out1 10|out2|out3|err2|']);
    });
    check(lib, 'posix:sem-post-async-signal-safe', 'issue 16 bug 1: sem_post from a handler that interrupted sem_post on the same semaphore', () => {
      expect(out(lib, semPostInHandler, 2)).toEqual([`1 -1 ${EAGAIN}`]);
    });
  });
}
