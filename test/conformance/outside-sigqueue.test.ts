/**
 * outside-sigqueue.test.ts — sigqueue, sigwaitinfo and sigtimedwait, the calls added to the
 * program API for the ported LTP cases (sigqueue/*, sigwaitinfo/*, sigtimedwait/*), on every
 * library. NPTL and LinuxThreads reach the kernel's rt_sigqueueinfo and rt_sigtimedwait; NGPT
 * emulates sigwaitinfo with pth_sigwait (pth_syscall.c) and leaves sigtimedwait to the kernel;
 * green checks the signals its library took for the thread as pth_sigwait does, then waits at
 * user level (libs/green, libs/common/usigwait.ts).
 */

import { describe, expect } from 'vitest';
import {
  SIGUSR1, SIGUSR2, SIG_BLOCK, SA_SIGINFO, SI_QUEUE, SI_ASYNCIO, SI_USER, SI_TKILL, EINVAL, ESRCH, EPERM, EAGAIN, EINTR, PTHREAD_CANCELED, sigmask,
  type Libc, type SigInfo,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

function out(lib: string, main: Program, cpus = 1): string[] {
  const r = run(lib, main, { cpus });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

/** LTP sigqueue/1-1, 3-1, 4-1, 10-1, 11-1: the value and SI_QUEUE reach the handler; 0, EINVAL, ESRCH. */
const sigqueueBasics: Program = function* (libc) {
  let code = 0, value: unknown = null, pid = 0;
  yield* libc.sigaction(SIGUSR1, { handler: function* (_l: Libc, _s: number, info: SigInfo) { code = info.code; value = info.value; pid = info.pid; }, flags: SA_SIGINFO });
  const me = yield* libc.getpid();
  yield* libc.sigqueue(me, SIGUSR1, 42);
  const a = yield* libc.sigqueue(me, 0, 1);
  const b = yield* libc.sigqueue(me, 999, 1); const eb = libc.errno;
  const c = yield* libc.sigqueue(999_999, SIGUSR1, 1); const ec = libc.errno;
  yield* libc.printf('%d %s %d %d %d %d\n', code, String(value), pid === me ? 1 : 0, a, b === -1 ? eb : b, c === -1 ? ec : c);
  return 0;
};

/**
 * rt_sigqueueinfo with a chosen si_code (glibc's __aio_sigqueue: SI_ASYNCIO): the handler sees
 * it; a code a kernel or kill()/tgkill() would give (>= 0, SI_TKILL) is EPERM for another
 * process (do_rt_sigqueueinfo), allowed for oneself.
 */
const rtSigqueueinfo: Program = function* (libc) {
  let code = 0, value: unknown = null;
  yield* libc.sigaction(SIGUSR1, { handler: function* (_l: Libc, _s: number, info: SigInfo) { code = info.code; value = info.value; }, flags: SA_SIGINFO });
  const me = yield* libc.getpid(), parent = yield* libc.getppid();
  yield* libc.rt_sigqueueinfo(me, SIGUSR1, SI_ASYNCIO, 9);
  const got = `${code} ${String(value)}`;
  const a = yield* libc.rt_sigqueueinfo(parent, SIGUSR1, SI_USER, 1); const ea = libc.errno;
  const b = yield* libc.rt_sigqueueinfo(parent, SIGUSR1, SI_TKILL, 1); const eb = libc.errno;
  const c = yield* libc.rt_sigqueueinfo(me, SIGUSR1, SI_USER, 1);
  yield* libc.printf('%s %d %d %d\n', got, a === -1 ? ea : a, b === -1 ? eb : b, c === -1 ? c : code);
  return 0;
};

/**
 * LTP sigqueue/7-1, sigwaitinfo/1-1, 5-1, 6-1: queued real-time signals keep their values;
 * sigwaitinfo returns the lowest number first, FIFO within one, with the siginfo.
 */
const sigwaitinfoOrder: Program = function* (libc) {
  const A = libc.SIGRTMIN + 2, B = libc.SIGRTMIN + 1;
  const set = sigmask(A) | sigmask(B);
  yield* libc.sigprocmask(SIG_BLOCK, set, null);
  const me = yield* libc.getpid();
  for (const [s, v] of [[A, 1], [A, 2], [B, 1], [A, 3]]) yield* libc.sigqueue(me, s, v);
  const got: string[] = [];
  for (let i = 0; i < 4; i++) {
    const info: { value?: SigInfo } = {};
    const s = yield* libc.sigwaitinfo(set, info);
    got.push(`${s === A ? 'a' : s === B ? 'b' : s}${String(info.value?.value)}${info.value?.code === SI_QUEUE ? 'q' : ''}`);
  }
  yield* libc.printf('%s\n', got.join(' '));
  return 0;
};

/** LTP sigwaitinfo/7-1: a caught signal outside the set ends the wait with EINTR (the awaited one comes later). */
const sigwaitinfoEintr: Program = function* (libc) {
  let handled = 0;
  yield* libc.sigaction(SIGUSR2, { handler: function* () { handled++; } });
  yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR1), null);
  const me = yield* libc.getpid();
  const c = yield* libc.fork(function* (l: Libc) {
    yield* l.usleep(20_000); yield* l.kill(me, SIGUSR2); yield* l.usleep(40_000); yield* l.kill(me, SIGUSR1); return 0;
  });
  const r = yield* libc.sigwaitinfo(sigmask(SIGUSR1), null);
  const e = libc.errno;
  yield* libc.waitpid(c, null, 0);
  yield* libc.printf('%d %d %d\n', r, r < 0 ? e : 0, handled);
  return 0;
};

/**
 * LTP sigtimedwait/1-1, 2-1, 4-1: a pending process-directed signal is taken at once even with a
 * zero timeout; with none, -1 EAGAIN once the timeout has passed; a bad timeout is EINVAL.
 */
const sigtimedwaitBasics: Program = function* (libc) {
  yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR1), null);
  yield* libc.kill(yield* libc.getpid(), SIGUSR1);
  const a = yield* libc.sigtimedwait(sigmask(SIGUSR1), null, 0);
  const t0 = yield* libc.clock_gettime();
  const b = yield* libc.sigtimedwait(sigmask(SIGUSR1), null, 30_000_000);
  const eb = libc.errno;
  const waited = (yield* libc.clock_gettime()) - t0 >= 30_000_000 ? 1 : 0;
  const c = yield* libc.sigtimedwait(sigmask(SIGUSR1), null, -1);
  yield* libc.printf('%d %d %d %d %d %d\n', a, b, eb, waited, c, libc.errno);
  return 0;
};

/** sigtimedwait takes a signal raised for the calling thread (raise is pthread_kill(pthread_self())). */
const sigtimedwaitRaised: Program = function* (libc) {
  yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR1), null);
  yield* libc.raise(SIGUSR1);
  yield* libc.printf('%d\n', yield* libc.sigtimedwait(sigmask(SIGUSR1), null, 0));
  return 0;
};

/**
 * A signal-handling thread that blocks and waits for every signal (sigfillset; sigwait) — the
 * textbook pattern — must swallow none of the library's own: glibc's sigwait, sigwaitinfo and
 * sigtimedwait take SIGCANCEL and SIGSETXID out of the set, so a setuid in another thread
 * (NPTL's SIGSETXID broadcast) completes and a pthread_cancel of the waiter cancels it.
 */
const sigwaitEverything: Program = function* (libc) {
  const ALL = (1n << 64n) - 1n;
  let got = -1;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_sigmask(SIG_BLOCK, ALL, null);
    const s = { value: 0 }; yield* l.sigwait(ALL, s); got = s.value;
    const s2: { value?: SigInfo } = {}; yield* l.sigwaitinfo(ALL, s2);
    return 0;
  });
  yield* libc.usleep(10_000);
  const u = yield* libc.setuid(yield* libc.getuid());
  yield* libc.pthread_kill(t, SIGUSR1);
  yield* libc.usleep(10_000);
  yield* libc.pthread_cancel(t);
  const rv: { value: unknown } = { value: null };
  yield* libc.pthread_join(t, rv);
  yield* libc.printf('%d %d %d\n', u, got, rv.value === PTHREAD_CANCELED ? 1 : 0);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`sigqueue, sigwaitinfo, sigtimedwait on ${lib}`, () => {
    check(lib, 'posix:sigqueue', 'sigqueue: the handler gets SI_QUEUE, the value and our pid; signal 0 checks; EINVAL, ESRCH', () => {
      expect(out(lib, sigqueueBasics)).toEqual([`${SI_QUEUE} 42 1 0 ${EINVAL} ${ESRCH}`]);
    });
    check(lib, 'posix:rt_sigqueueinfo', 'rt_sigqueueinfo: SI_ASYNCIO reaches the handler; SI_USER or SI_TKILL to another process is EPERM, to oneself allowed', () => {
      expect(out(lib, rtSigqueueinfo)).toEqual([`${SI_ASYNCIO} 9 ${EPERM} ${EPERM} ${SI_USER}`]);
    });
    for (const cpus of [1, 2]) {
      check(lib, 'posix:sigwaitinfo', `${cpus} CPU: sigwaitinfo returns queued real-time signals lowest first, FIFO within one, with value and SI_QUEUE`, () => {
        expect(out(lib, sigwaitinfoOrder, cpus)).toEqual(['b1q a1q a2q a3q']);
      });
    }
    check(lib, 'posix:sigwaitinfo-eintr', 'a handled signal outside the set ends sigwaitinfo with EINTR', () => {
      expect(out(lib, sigwaitinfoEintr)).toEqual([`-1 ${EINTR} 1`]);
    });
    check(lib, 'posix:sigtimedwait', 'sigtimedwait: a pending signal at once, EAGAIN after the timeout, EINVAL for a bad one', () => {
      expect(out(lib, sigtimedwaitBasics)).toEqual([`${SIGUSR1} -1 ${EAGAIN} 1 -1 ${EINVAL}`]);
    });
    check(lib, 'posix:sigwait-full-set', 'a thread in sigwait/sigwaitinfo on every signal swallows neither a setuid broadcast nor a cancellation', () => {
      expect(out(lib, sigwaitEverything)).toEqual([`0 ${SIGUSR1} 1`]);
    });
    check(lib, 'posix:sigtimedwait-raised', 'sigtimedwait takes a signal raised for the calling thread', () => {
      expect(out(lib, sigtimedwaitRaised)).toEqual([`${SIGUSR1}`]);
    });
  });
}
