/**
 * outside-signals.test.ts — the outside tester's second round (issue 16): signal masks and
 * dispositions, waitpid, pthread_once and thread-specific data, ported from LTP's
 * open_posix_testsuite (sigprocmask/*, sigaction/*, alarm/*, waitpid/*, pthread_once/*,
 * pthread_key_create/*) and glibc's nptl tests, run on every library with 1 and 2 CPUs. Each
 * check found a bug fixed in the same change or a deviation named in deviations.ts.
 */

import { describe, expect } from 'vitest';
import {
  SIGUSR1, SIGUSR2, SIGALRM, SIGSTOP, SIGCONT, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, SIG_IGN, SA_RESTART,
  EINTR, EINVAL, ECHILD, EBUSY, EPERM, WNOHANG, WUNTRACED, WCONTINUED, WIFSTOPPED, WSTOPSIG, WIFCONTINUED, WIFEXITED,
  WIFSIGNALED, WEXITSTATUS, PTHREAD_CANCELED, PTHREAD_ONCE_INIT, sigmask, type Libc, type Ref,
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
 * Linux rt_sigprocmask (and glibc's pthread_sigmask, LinuxThreads', Pth's pth_sigmask, which
 * all end there): with a NULL set `how` is not looked at; a bad `how` with a set is EINVAL and
 * leaves both the mask and the old-set argument alone.
 */
const sigmaskNullSet: Program = function* (libc) {
  yield* libc.sigprocmask(SIG_SETMASK, sigmask(SIGUSR2), null);
  const o = { value: 0n }, o2 = { value: 0n }, o3 = { value: 7n };
  const a = yield* libc.sigprocmask(99, null, o);
  const b = yield* libc.pthread_sigmask(99, null, o2);
  const c = yield* libc.pthread_sigmask(99, sigmask(SIGUSR1), o3);
  const std = (m: bigint): string => (m & 0x7fffffffn).toString(16); // LinuxThreads adds its restart signal (posix:sigmask-how)
  yield* libc.printf('%d %d %d %s %s %s\n', a, b, c, std(o.value), std(o2.value), std(o3.value));
  return 0;
};

/**
 * waitpid and a handler (signal(7)): without SA_RESTART waitpid fails with EINTR; with it the
 * call is restarted and reaps the child.
 */
function waitpidSignal(flags: number): Program {
  return function* (libc) {
    yield* libc.sigaction(SIGALRM, { handler: nop, flags });
    const child = yield* libc.fork(function* (l: Libc) { yield* l.sleep(2); return 4; });
    yield* libc.alarm(1);
    const st = { value: 0 };
    const r = yield* libc.waitpid(child, st, 0);
    const e = libc.errno;
    if (r < 0) yield* libc.waitpid(child, st, 0);
    yield* libc.printf('%s %d\n', r === child ? 'reaped' : `${r} ${e}`, WEXITSTATUS(st.value));
    return 0;
  };
}

/**
 * LTP waitpid: pid 0 waits for a child of the caller's process group, pid < -1 for one of group
 * -pid; a child that moved to a group of its own is not waited for by pid 0 (ECHILD once no
 * other child is left). WUNTRACED and WCONTINUED report a stop (WIFSTOPPED, WSTOPSIG) and a
 * continue (WIFCONTINUED: status 0xffff).
 */
const waitpidGroups: Program = function* (libc) {
  const pipe = (yield* libc.pipe()) as [number, number];
  const a = yield* libc.fork(function* (l: Libc) {
    yield* l.setpgid(0, 0);
    const b = { value: '' }; yield* l.read(pipe[0], b, 1);
    return 3;
  });
  const same = yield* libc.fork(function* () { return 2; });
  yield* libc.usleep(100_000);
  const st = { value: 0 };
  const r1 = yield* libc.waitpid(0, st, 0);
  const s1 = WEXITSTATUS(st.value);
  const r2 = yield* libc.waitpid(0, null, WNOHANG);
  const e2 = libc.errno;
  yield* libc.kill(a, SIGSTOP);
  const r3 = yield* libc.waitpid(-a, st, WUNTRACED);
  const s3 = WIFSTOPPED(st.value) ? WSTOPSIG(st.value) : -1;
  yield* libc.kill(a, SIGCONT);
  const r4 = yield* libc.waitpid(-a, st, WCONTINUED);
  const s4 = WIFCONTINUED(st.value) && !WIFEXITED(st.value) && !WIFSIGNALED(st.value) ? 'continued' : `st=${st.value}`;
  yield* libc.write(pipe[1], 'x');
  const r5 = yield* libc.waitpid(-a, st, 0);
  yield* libc.printf('%d %d %d %d %d %d %s %d %d\n', r1 === same ? 1 : 0, s1, r2, e2, r3 === a ? 1 : 0, s3, s4, r4 === a && r5 === a ? 1 : 0, WEXITSTATUS(st.value));
  return 0;
};

/**
 * POSIX pthread_once (glibc tst-once3, LTP pthread_once): an init routine that is cancelled is
 * as if pthread_once had never been called — the next caller runs it again, and nobody waits
 * for ever for the first one.
 */
const onceCancel: Program = function* (libc) {
  const once = PTHREAD_ONCE_INIT();
  let runs = 0, done = 0;
  const init = function* (l: Libc) { runs++; if (runs === 1) yield* l.sleep(10); done = 1; };
  const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.pthread_once(once, init); return 0; });
  yield* libc.usleep(20_000);
  yield* libc.pthread_cancel(t);
  const rv: Ref<unknown> = { value: null };
  yield* libc.pthread_join(t, rv);
  const r = yield* libc.pthread_once(once, init);
  yield* libc.printf('%d %d %d %d\n', rv.value === PTHREAD_CANCELED ? 1 : 0, r, runs, done);
  return 0;
};

/**
 * LTP pthread_once/1-1, 3-1 (assertion 2): on return from pthread_once the init routine has
 * completed — a second caller that comes while the routine sleeps waits for it, and the routine
 * runs once.
 */
const onceWaits: Program = function* (libc) {
  const once = PTHREAD_ONCE_INIT();
  let runs = 0, done = 0, seen = -1;
  const init = function* (l: Libc) { runs++; yield* l.usleep(20_000); done = 1; };
  const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.pthread_once(once, init); return 0; });
  yield* libc.usleep(5_000);
  yield* libc.pthread_once(once, init);
  seen = done;
  yield* libc.pthread_join(t, null);
  yield* libc.printf('%d %d\n', seen, runs);
  return 0;
};

/**
 * pthread_key_create: "the value NULL shall be associated with the new key in all active
 * threads" — also when the new key reuses the slot of a deleted one that had values; and no
 * destructor runs for the old value.
 */
const keyRecreate: Program = function* (libc) {
  let calls = 0;
  const k = yield* libc.pthread_key_create(() => { calls++; });
  let tv: unknown = 'unset';
  let phase = 0;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_setspecific(k, 'old-t');
    while (phase < 1) yield* l.usleep(1_000);
    tv = yield* l.pthread_getspecific(k);
    return 0;
  });
  yield* libc.pthread_setspecific(k, 'old-main');
  yield* libc.usleep(5_000);
  yield* libc.pthread_key_delete(k);
  const k2 = yield* libc.pthread_key_create(() => { calls++; });
  const mv = yield* libc.pthread_getspecific(k2);
  phase = 1;
  yield* libc.pthread_join(t, null);
  yield* libc.printf('%d %s %s %d\n', k2 === k ? 1 : 0, String(mv), String(tv), calls);
  return 0;
};

/**
 * POSIX sigaction: setting SIG_IGN for a pending signal discards it (Linux do_sigaction flushes
 * the shared queue and every thread's) — a process-directed one pending on the process, and a
 * thread-directed one pending on another thread that blocks it.
 */
const ignDiscards: Program = function* (libc) {
  let handled = 0;
  const h = function* () { handled++; };
  yield* libc.sigaction(SIGUSR1, { handler: h });
  yield* libc.sigaction(SIGUSR2, { handler: h });
  yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR1) | sigmask(SIGUSR2), null);
  let go = 0, tp = -1n;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    while (!go) yield* l.usleep(1_000);
    const p = { value: 0n }; yield* l.sigpending(p); tp = p.value;
    yield* l.sigaction(SIGUSR2, { handler: h });
    yield* l.sigprocmask(SIG_UNBLOCK, sigmask(SIGUSR2), null);
    return 0;
  });
  yield* libc.kill(yield* libc.getpid(), SIGUSR1);
  yield* libc.pthread_kill(t, SIGUSR2);
  yield* libc.sigaction(SIGUSR1, { handler: SIG_IGN });
  yield* libc.sigaction(SIGUSR2, { handler: SIG_IGN });
  const p = { value: 0n }; yield* libc.sigpending(p);
  go = 1;
  yield* libc.pthread_join(t, null);
  yield* libc.sigaction(SIGUSR1, { handler: h });
  yield* libc.sigprocmask(SIG_UNBLOCK, sigmask(SIGUSR1), null);
  yield* libc.printf('%s %s %d\n', p.value.toString(16), tp.toString(16), handled);
  return 0;
};

/** POSIX alarm: the timer is the process's — set in a thread that then ends, it still fires. */
const alarmProcess: Program = function* (libc) {
  let fired = 0;
  yield* libc.sigaction(SIGALRM, { handler: function* () { fired++; } });
  const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.alarm(1); return 0; });
  yield* libc.pthread_join(t, null);
  yield* libc.sleep(2);
  yield* libc.printf('%d\n', fired);
  return 0;
};

/**
 * pthread_exit from a signal handler (glibc unwinds out of the handler; Pth's pth_exit from a
 * handler running in the thread): the thread ends with that value after its cleanup handlers —
 * one thread parked in usleep, one running (system calls and sched_yield) when the signal comes.
 */
const exitInHandler: Program = function* (libc) {
  let cleanups = 0;
  yield* libc.sigaction(SIGUSR1, { handler: function* (l: Libc) { yield* l.pthread_exit(5); } });
  const body = (busy: boolean) => function* (l: Libc) {
    yield* l.pthread_cleanup_push(() => { cleanups++; });
    for (;;) { if (busy) { yield* l.getpid(); yield* l.sched_yield(); } else yield* l.usleep(1_000); }
  };
  const t1 = yield* libc.pthread_create(body(false));
  const t2 = yield* libc.pthread_create(body(true));
  yield* libc.usleep(10_000);
  yield* libc.pthread_kill(t1, SIGUSR1);
  yield* libc.pthread_kill(t2, SIGUSR1);
  const r1: Ref<unknown> = { value: null }, r2: Ref<unknown> = { value: null };
  yield* libc.pthread_join(t1, r1);
  yield* libc.pthread_join(t2, r2);
  yield* libc.printf('%s %s %d\n', String(r1.value), String(r2.value), cleanups);
  return 0;
};

/**
 * LTP pthread_exit (assertion 4): thread termination releases no mutex — a normal and a
 * recursive (locked twice) mutex held by a thread that returned stay locked; main's trylock is
 * EBUSY.
 */
const exitKeepsMutex: Program = function* (libc) {
  const m = yield* libc.pthread_mutex_init();
  const r = yield* libc.pthread_mutex_init({ type: 'recursive' });
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_mutex_lock(m); yield* l.pthread_mutex_lock(r); yield* l.pthread_mutex_lock(r);
    return 0;
  });
  yield* libc.pthread_join(t, null);
  yield* libc.printf('%d %d\n', yield* libc.pthread_mutex_trylock(m), yield* libc.pthread_mutex_trylock(r));
  return 0;
};

/**
 * pthread_cond_wait with a mutex the caller does not hold (POSIX: "may fail" with EPERM; glibc
 * NPTL does for the error-checking and recursive kinds): a free error-checking mutex, then a
 * recursive one main holds.
 */
const condNotOwner: Program = function* (libc) {
  const e = yield* libc.pthread_mutex_init({ type: 'errorcheck' });
  const r = yield* libc.pthread_mutex_init({ type: 'recursive' });
  const c = yield* libc.pthread_cond_init();
  yield* libc.pthread_mutex_lock(r);
  let w1 = -1, w2 = -1;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    w1 = yield* l.pthread_cond_timedwait(c, e, 20_000_000);
    w2 = yield* l.pthread_cond_timedwait(c, r, 20_000_000);
    return 0;
  });
  yield* libc.usleep(100_000);
  yield* libc.pthread_mutex_unlock(r);
  yield* libc.pthread_join(t, null);
  yield* libc.printf('%d %d\n', w1, w2);
  return 0;
};

/**
 * POSIX pthread_cond_wait: a thread unblocked because it was cancelled shall not consume a
 * condition signal directed at the condition variable while others wait (glibc tst-cond-cancel
 * style): one token, a signal, and the woken waiter cancelled before it runs — the other waiter
 * must still take the token.
 */
const condCancelKeepsSignal: Program = function* (libc) {
  const m = yield* libc.pthread_mutex_init();
  const c = yield* libc.pthread_cond_init();
  let tokens = 0, woke = 0;
  const waiter = function* (l: Libc) {
    yield* l.pthread_cleanup_push(function* (x: Libc) { yield* x.pthread_mutex_unlock(m); });
    yield* l.pthread_mutex_lock(m);
    while (tokens === 0) yield* l.pthread_cond_wait(c, m);
    tokens--; woke++;
    yield* l.pthread_cleanup_pop(1);
    return 0;
  };
  const a = yield* libc.pthread_create(waiter);
  const b = yield* libc.pthread_create(waiter);
  yield* libc.usleep(20_000);
  yield* libc.pthread_mutex_lock(m);
  tokens = 1;
  yield* libc.pthread_cond_signal(c);
  yield* libc.pthread_cancel(a);
  yield* libc.pthread_mutex_unlock(m);
  yield* libc.pthread_join(a, null);
  yield* libc.usleep(50_000);
  yield* libc.printf('%d %d\n', woke, tokens);
  return yield* libc.exit(0); // b may still wait: exit ends it
};

for (const lib of libraryNames()) {
  describe(`outside tester's second round on ${lib}`, () => {
    for (const cpus of [1, 2]) {
      check(lib, 'posix:once-cancel', `${cpus} CPU: an init routine cancelled in pthread_once runs again for the next caller (glibc tst-once3)`, () => {
        expect(out(lib, onceCancel, cpus)).toEqual(['1 0 2 1']);
      });
      check(lib, 'posix:once-waits', `${cpus} CPU: a second pthread_once caller waits until the running init routine completes; it runs once (LTP pthread_once)`, () => {
        expect(out(lib, onceWaits, cpus)).toEqual(['1 1']);
      });
      check(lib, 'posix:exit-in-handler', `${cpus} CPU: pthread_exit in a signal handler ends the thread with that value, after its cleanup handlers`, () => {
        expect(out(lib, exitInHandler, cpus)).toEqual(['5 5 2']);
      });
      check(lib, 'posix:waitpid-groups', `${cpus} CPU: waitpid(0) and waitpid(-pgid) choose children by process group; WUNTRACED, WCONTINUED and their macros`, () => {
        expect(out(lib, waitpidGroups, cpus)).toEqual([`1 2 -1 ${ECHILD} 1 ${SIGSTOP} continued 1 3`]);
      });
    }
    check(lib, 'posix:sigmask-null-set', 'sigprocmask/pthread_sigmask with a NULL set ignore how; a bad how with a set is EINVAL and writes no old set', () => {
      expect(out(lib, sigmaskNullSet, 1)).toEqual([`0 0 ${EINVAL} 800 800 7`]);
    });
    check(lib, 'posix:waitpid-eintr', 'a handler without SA_RESTART ends waitpid with EINTR', () => {
      expect(out(lib, waitpidSignal(0), 1)).toEqual([`-1 ${EINTR} 4`]);
    });
    check(lib, 'posix:waitpid-restart', 'a handler with SA_RESTART: waitpid goes on and reaps the child', () => {
      expect(out(lib, waitpidSignal(SA_RESTART), 1)).toEqual(['reaped 4']);
    });
    check(lib, 'posix:key-recreate-null', 'a key created in the slot of a deleted one reads NULL in every thread; no destructor runs', () => {
      expect(out(lib, keyRecreate, 1)).toEqual(['1 null null 0']);
    });
    check(lib, 'posix:ign-discards-pending', 'SIG_IGN discards a pending process-directed signal and a thread-directed one pending on another thread', () => {
      expect(out(lib, ignDiscards, 1)).toEqual(['0 0 0']);
    });
    check(lib, 'posix:exit-keeps-mutex', 'a thread that ends holding mutexes leaves them locked (LTP pthread_exit, assertion 4)', () => {
      expect(out(lib, exitKeepsMutex, 1)).toEqual([`${EBUSY} ${EBUSY}`]);
    });
    check(lib, 'posix:cond-wait-not-owner', 'a condition wait on an error-checking or recursive mutex the caller does not hold fails with EPERM', () => {
      expect(out(lib, condNotOwner, 1)).toEqual([`${EPERM} ${EPERM}`]);
    });
    check(lib, 'posix:cond-cancel-keeps-signal', 'a condition waiter cancelled after a signal woke it does not consume that signal: the other waiter wakes', () => {
      expect(out(lib, condCancelKeepsSignal, 1)).toEqual(['1 0']);
    });
    check(lib, 'posix:alarm-process', 'alarm() set in a thread that has ended still fires for the process', () => {
      expect(out(lib, alarmProcess, 1)).toEqual(['1']);
    });
  });
}
