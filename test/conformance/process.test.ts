/**
 * process.test.ts — the process-level calls of the program API on every library: kill on a
 * zombie, the si_code constants, process groups and sessions, credentials, resource usage,
 * nice values, execve and sigaltstack. Keys are DESIGN.md rule numbers or 'proc:*' names; a
 * library meant to differ says so in deviations.ts (the LinuxThreads entries are pthreads(7)'s
 * list of its nonconformances).
 */

import { describe, expect, it } from 'vitest';
import {
  ESRCH, EPERM, EINVAL, ENOENT, EACCES, PRIO_PROCESS, SIGUSR1, SIGUSR2, SIGCHLD, SIGKILL, SI_USER, SI_TKILL, CLD_EXITED,
  CLD_KILLED, SIG_IGN, SIG_DFL, WEXITSTATUS, RUSAGE_SELF, RUSAGE_THREAD, RUSAGE_CHILDREN,
  SA_ONSTACK, SS_ONSTACK, SS_DISABLE, SIGSTKSZ, ENOMEM,
  type Libc, type SigInfo, type Sigaction, type Ref, type Rusage, type Tms, type StackT,
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

/** Bug 7 of issue 16: a zombie exists until it is reaped. */
const killZombie: Program = function* (libc) {
  const pid = yield* libc.fork(function* () { return 5; });
  yield* libc.usleep(5_000); // the child has exited; nobody has reaped it
  const before = yield* libc.kill(pid, 0);
  const st = { value: 0 };
  yield* libc.waitpid(pid, st, 0);
  const after = yield* libc.kill(pid, 0);
  yield* libc.printf('%d %d %d %d\n', before, after, libc.errno, WEXITSTATUS(st.value));
  return 0;
};

/** si_code: who sent a signal, and what a child did (the constants <signal.h> exports). */
const siCodes: Program = function* (libc) {
  const codes: string[] = [];
  function* onUsr1(_l: Libc, _sig: number, info: SigInfo) { codes.push(`usr1:${info.code}`); }
  function* onChld(_l: Libc, _sig: number, info: SigInfo) { codes.push(`chld:${info.code}`); }
  yield* libc.sigaction(SIGUSR1, { handler: onUsr1 });
  yield* libc.sigaction(SIGCHLD, { handler: onChld });
  yield* libc.kill(yield* libc.getpid(), SIGUSR1);
  yield* libc.usleep(1_000);
  yield* libc.pthread_kill(yield* libc.pthread_self(), SIGUSR1);
  yield* libc.usleep(1_000);
  const a = yield* libc.fork(function* () { return 0; });
  yield* libc.waitpid(a, null, 0);
  yield* libc.usleep(1_000);
  const b = yield* libc.fork(function* (l: Libc) { for (;;) yield* l.usleep(1_000); });
  yield* libc.usleep(1_000);
  yield* libc.kill(b, SIGKILL);
  yield* libc.waitpid(b, null, 0);
  yield* libc.usleep(1_000);
  yield* libc.printf('%s\n', codes.join(' '));
  return 0;
};

/** The shell's job control: the program leads its own group in the shell's session. */
const pgrpBasics: Program = function* (libc) {
  const pid = yield* libc.getpid();
  const lines: string[] = [];
  lines.push(`${(yield* libc.getpgrp()) === pid} ${(yield* libc.getpgid(0)) === pid} ${(yield* libc.getsid(0)) !== pid}`);
  lines.push(`setsid:${yield* libc.setsid()} ${libc.errno}`); // a group leader cannot start a session
  const sid = yield* libc.getsid(0);
  const child = yield* libc.fork(function* (l: Libc) {
    const me = yield* l.getpid();
    const inherited = (yield* l.getpgrp()) === pid && (yield* l.getsid(0)) === sid;
    const s = yield* l.setsid();
    const led = s === me && (yield* l.getsid(0)) === me && (yield* l.getpgrp()) === me;
    const again = yield* l.setpgid(0, 0); // a session leader cannot change group
    yield* l.printf('child %s %s %d %d\n', inherited, led, again, l.errno);
    return 0;
  });
  yield* libc.waitpid(child, null, 0);
  for (const line of lines) yield* libc.printf('%s\n', line);
  return 0;
};

/** setpgid's errors, and moving a child into a group. */
const setpgidErrors: Program = function* (libc) {
  const r: string[] = [];
  const note = function* (v: number) { r.push(v < 0 ? `-1/${libc.errno}` : String(v)); };
  yield* note(yield* libc.setpgid(0, -1));
  yield* note(yield* libc.getpgid(0x7ffffff));
  yield* note(yield* libc.setpgid(1, 1)); // init is not our child
  const child = yield* libc.fork(function* (l: Libc) { for (let i = 0; i < 50; i++) yield* l.usleep(1_000); return 0; });
  yield* note(yield* libc.setpgid(child, 0x7ffff00)); // no such group in our session
  yield* note((yield* libc.setpgid(child, 0)) === 0 && (yield* libc.getpgid(child)) === child ? 1 : 0);
  yield* note((yield* libc.setpgid(child, yield* libc.getpgrp())) === 0 && (yield* libc.getpgid(child)) === (yield* libc.getpid()) ? 1 : 0);
  yield* libc.kill(child, SIGKILL);
  yield* libc.waitpid(child, null, 0);
  yield* libc.printf('%s\n', r.join(' '));
  return 0;
};

/** pthreads(7): the process group is the process's, so a thread's setpgid(0, 0) moves every thread. */
const pgrpShared: Program = function* (libc) {
  const child = yield* libc.fork(function* (l: Libc) {
    const t = yield* l.pthread_create(function* (l2: Libc) { return yield* l2.setpgid(0, 0); });
    const ret = { value: -2 as unknown };
    yield* l.pthread_join(t, ret);
    yield* l.printf('%d %s\n', ret.value, (yield* l.getpgrp()) === (yield* l.getpid()));
    return 0;
  });
  yield* libc.waitpid(child, null, 0);
  return 0;
};

/** kill(0, sig) signals every process of the caller's group: one process here, so one handler run. */
const killPgrp: Program = function* (libc) {
  let runs = 0;
  let stop = false;
  yield* libc.sigaction(SIGUSR1, { handler: function* () { runs++; } });
  const idle = function* (l: Libc) { while (!stop) yield* l.usleep(500); return 0; };
  const ts = [yield* libc.pthread_create(idle), yield* libc.pthread_create(idle)];
  yield* libc.usleep(2_000);
  const r = yield* libc.kill(0, SIGUSR1);
  yield* libc.usleep(5_000);
  const r2 = yield* libc.kill(-(yield* libc.getpgrp()), SIGUSR1);
  yield* libc.usleep(5_000);
  stop = true;
  for (const t of ts) yield* libc.pthread_join(t);
  yield* libc.printf('%d %d %d\n', r, r2, runs);
  return 0;
};

/** The image an exec runs in the tests below: it reports what it sees, then exits 7. */
const seen: string[] = [];
const image: Program = function* (libc, argv) {
  const a: Ref<Sigaction> = { value: { handler: SIG_DFL } };
  const b: Ref<Sigaction> = { value: { handler: SIG_DFL } };
  yield* libc.sigaction(SIGUSR1, null, a);
  yield* libc.sigaction(SIGUSR2, null, b);
  seen.push(`image ${argv.join(',')} pid=${yield* libc.getpid()} usr1=${a.value.handler === SIG_DFL ? 'dfl' : 'set'} usr2=${b.value.handler === SIG_IGN ? 'ign' : 'other'}`);
  return 7;
};

/** execve from the main thread: same process, new program; caught signals reset, ignored ones kept. */
const execMain: Program = function* (libc, argv) {
  if (argv[1] === 'again') { seen.push(`again pid=${yield* libc.getpid()}`); return yield* libc.execve(image, ['image', 'x']); }
  seen.length = 0;
  yield* libc.sigaction(SIGUSR1, { handler: function* () {} });
  yield* libc.sigaction(SIGUSR2, { handler: SIG_IGN });
  const bad = yield* libc.execve('/bin/nowhere', ['nowhere']);
  seen.push(`enoent=${bad === -1 && libc.errno === ENOENT} pid=${yield* libc.getpid()}`);
  yield* libc.pthread_create(function* (l: Libc) { for (;;) yield* l.usleep(1_000); });
  yield* libc.usleep(1_000);
  return yield* libc.execve('/proc/self/exe', ['prog', 'again']);
};

/** execve from a thread of a child process: which pid the new image has, and what the parent sees. */
const execThread: Program = function* (libc) {
  seen.length = 0;
  const child = yield* libc.fork(function* (l: Libc) {
    seen.push(`child pid=${yield* l.getpid()}`);
    yield* l.pthread_create(function* (l2: Libc) { return yield* l2.execve(image, ['image']); });
    for (;;) yield* l.usleep(1_000);
  });
  const st = { value: 0 };
  yield* libc.waitpid(child, st, 0);
  seen.push(`status=${WEXITSTATUS(st.value)}`);
  for (let i = 0; i < 20 && !seen.some((x) => x.startsWith('image')); i++) yield* libc.usleep(1_000);
  const m = seen.map((x) => /pid=(\d+)/.exec(x)?.[1]);
  yield* libc.printf('%s %s\n', m[0] === m.find((_, i) => seen[i].startsWith('image')) ? 'same-pid' : 'other-pid', seen.find((x) => x.startsWith('status')));
  return 0;
};

/** The ids of a process started as a student: setuid can only go back to one's own uid. */
const credBasics: Program = function* (libc) {
  const r: string[] = [`${yield* libc.getuid()} ${yield* libc.geteuid()} ${yield* libc.getgid()} ${yield* libc.getegid()}`];
  r.push(`${yield* libc.setuid(0)}/${libc.errno} ${yield* libc.setuid(1000)} ${yield* libc.seteuid(-1)}/${libc.errno}`);
  r.push(`${yield* libc.kill(1, 0)}/${libc.errno} ${yield* libc.kill(yield* libc.getppid(), 0)}`);
  yield* libc.printf('%s\n', r.join(' | '));
  return 0;
};

/** A set-user-ID-root program (real uid 1000, effective and saved 0): seteuid drops and regains. */
const seteuidRoundTrip: Program = function* (libc) {
  const ids = function* () {
    const r = { value: -1 }, e = { value: -1 }, s = { value: -1 };
    yield* libc.getresuid(r, e, s);
    return `${r.value},${e.value},${s.value}`;
  };
  const out = [yield* ids()];
  yield* libc.seteuid(1000);
  out.push(yield* ids());
  yield* libc.seteuid(0);
  out.push(yield* ids());
  yield* libc.setuid(1000); // root: all three
  out.push(yield* ids());
  out.push(`${yield* libc.setuid(0)}/${libc.errno}`);
  yield* libc.printf('%s\n', out.join(' '));
  return 0;
};

/** The rest of the set*id family, in a set-user-ID-root program. */
const credCalls: Program = function* (libc) {
  const g = function* () {
    const r = { value: -1 }, e = { value: -1 }, s = { value: -1 };
    yield* libc.getresgid(r, e, s);
    return `${r.value},${e.value},${s.value}`;
  };
  const out: string[] = [];
  out.push(`${yield* libc.setreuid(-1, 1000)} ${yield* libc.geteuid()}`);
  out.push(`${yield* libc.setreuid(-1, 0)} ${yield* libc.geteuid()}`);
  out.push(`${yield* libc.setresuid(-1, -1, -1)} ${yield* libc.getuid()}`);
  out.push(`${yield* libc.setegid(1000)} ${yield* libc.getegid()} ${yield* g()}`);
  out.push(`${yield* libc.setgid(0)} ${yield* g()}`);
  out.push(`${yield* libc.setresgid(1000, 1000, 1000)} ${yield* g()} ${yield* libc.getgid()}`);
  yield* libc.printf('%s\n', out.join(' | '));
  return 0;
};

/** pthreads(7): the ids are the process's — one thread's setuid changes every thread (NPTL: SIGSETXID). */
const setuidAcrossThreads: Program = function* (libc) {
  let stop = false;
  const euids: Record<string, number> = {};
  const idle = function* (l: Libc, name: string) {
    while (!stop) yield* l.usleep(500);
    euids[name] = yield* l.geteuid();
    return 0;
  };
  const a = yield* libc.pthread_create(idle, 'idle');
  const b = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.usleep(1_000);
    euids.setter = yield* l.setuid(1000);
    return 0;
  });
  yield* libc.pthread_join(b);
  yield* libc.usleep(2_000);
  euids.main = yield* libc.geteuid();
  stop = true;
  yield* libc.pthread_join(a);
  yield* libc.printf('setuid=%d main=%d idle=%d\n', euids.setter, euids.main, euids.idle);
  return 0;
};

/** Two threads compute 20 ms each, main 10 ms; a child 30 ms: what getrusage and times report. */
const usage: Program = function* (libc) {
  const work = function* (l: Libc) { yield* l.compute(20e6); return 0; };
  const ts = [yield* libc.pthread_create(work), yield* libc.pthread_create(work)];
  yield* libc.compute(10e6);
  for (const t of ts) yield* libc.pthread_join(t);
  const self: { value?: Rusage } = {};
  const thread: { value?: Rusage } = {};
  const before: { value?: Rusage } = {};
  const tms: { value?: Tms } = {};
  yield* libc.getrusage(RUSAGE_SELF, self);
  yield* libc.getrusage(RUSAGE_THREAD, thread);
  const ticks = yield* libc.times(tms);
  yield* libc.getrusage(RUSAGE_CHILDREN, before);
  const child = yield* libc.fork(function* (l: Libc) { yield* l.compute(30e6); return 0; });
  yield* libc.waitpid(child, null, 0);
  const after: { value?: Rusage } = {};
  yield* libc.getrusage(RUSAGE_CHILDREN, after);
  const ms = (r: { value?: Rusage }) => Math.floor(r.value!.ru_utime / 1000);
  yield* libc.printf('self=%d thread=%d tms=%d/%s children=%d->%d\n', ms(self), ms(thread), tms.value!.tms_utime,
    ticks >= Math.floor(tms.value!.tms_utime) ? 'ok' : 'bad', ms(before), ms(after));
  return 0;
};

/** nice: the new value; lowering it is EPERM (nice) / EACCES (setpriority) for a student. */
const niceBasics: Program = function* (libc) {
  const r = [yield* libc.nice(5), yield* libc.getpriority(PRIO_PROCESS, 0)];
  r.push(yield* libc.nice(-1), libc.errno);
  r.push(yield* libc.setpriority(PRIO_PROCESS, 0, 2), libc.errno);
  r.push(yield* libc.setpriority(PRIO_PROCESS, 0, 9), yield* libc.getpriority(PRIO_PROCESS, 0));
  yield* libc.printf('%s\n', r.join(' '));
  return 0;
};

/** POSIX: the nice value is the process's — a thread's nice(5) would be seen by main. */
const niceShared: Program = function* (libc) {
  const t = yield* libc.pthread_create(function* (l: Libc) { return yield* l.nice(5); });
  const ret = { value: 0 as unknown };
  yield* libc.pthread_join(t, ret);
  yield* libc.printf('%d %d\n', ret.value, yield* libc.getpriority(PRIO_PROCESS, 0));
  return 0;
};

/** Two CPU-bound children on one CPU, one of them nice 10: how many 0.5 ms chunks each did in 200 ms. */
const niceShare: Program = function* (libc) {
  const counts = [0, 0];
  const end = (yield* libc.clock_gettime()) + 200e6;
  const crunch = (i: number) => function* (l: Libc) {
    if (i === 1) yield* l.nice(10);
    while ((yield* l.clock_gettime()) < end) { yield* l.compute(500_000); counts[i]++; }
    return 0;
  };
  const a = yield* libc.fork(crunch(0));
  const b = yield* libc.fork(crunch(1));
  yield* libc.waitpid(a, null, 0);
  yield* libc.waitpid(b, null, 0);
  yield* libc.printf('%s\n', (counts[1] / (counts[0] + counts[1])).toFixed(2));
  return 0;
};

/** sigaltstack: set, query, SS_ONSTACK in an SA_ONSTACK handler, EPERM there, errors. */
const altstack: Program = function* (libc) {
  const r: string[] = [];
  const q = function* (l: Libc) { const o: { value?: StackT } = {}; yield* l.sigaltstack(null, o); return `${o.value!.ss_sp}/${o.value!.ss_size}/${o.value!.ss_flags}`; };
  r.push(yield* q(libc));
  r.push(`${yield* libc.sigaltstack({ ss_sp: 0x5000, ss_size: 100, ss_flags: 0 })}/${libc.errno}`);
  r.push(`${yield* libc.sigaltstack({ ss_sp: 0x5000, ss_size: SIGSTKSZ, ss_flags: 7 })}/${libc.errno}`);
  yield* libc.sigaltstack({ ss_sp: 0x5000, ss_size: SIGSTKSZ, ss_flags: 0 });
  r.push(yield* q(libc));
  yield* libc.sigaction(SIGUSR1, { handler: function* (l: Libc) {
    r.push(`on:${yield* q(l)}`);
    r.push(`change:${yield* l.sigaltstack({ ss_sp: 0x9000, ss_size: SIGSTKSZ, ss_flags: 0 })}/${l.errno}`);
  }, flags: SA_ONSTACK });
  yield* libc.sigaction(SIGUSR2, { handler: function* (l: Libc) { r.push(`off:${yield* q(l)}`); } });
  yield* libc.raise(SIGUSR1);
  yield* libc.raise(SIGUSR2);
  yield* libc.sigaltstack({ ss_sp: 0, ss_size: 0, ss_flags: SS_DISABLE });
  r.push(yield* q(libc));
  yield* libc.printf('%s\n', r.join(' '));
  return 0;
};

/** POSIX: the alternate stack is per thread, and a new thread starts with none. */
const altstackThreads: Program = function* (libc) {
  yield* libc.sigaltstack({ ss_sp: 0x5000, ss_size: SIGSTKSZ, ss_flags: 0 });
  const t = yield* libc.pthread_create(function* (l: Libc) {
    const o: { value?: StackT } = {};
    yield* l.sigaltstack(null, o);
    const inherited = o.value!.ss_flags;
    yield* l.sigaltstack({ ss_sp: 0x8000, ss_size: SIGSTKSZ, ss_flags: 0 });
    return inherited;
  });
  const ret = { value: 0 as unknown };
  yield* libc.pthread_join(t, ret);
  const o: { value?: StackT } = {};
  yield* libc.sigaltstack(null, o);
  yield* libc.printf('new=%d main=%d\n', ret.value, o.value!.ss_sp);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`process calls on ${lib}`, () => {
    check(lib, 11, 'kill(pid, 0) finds an unreaped zombie (0) and fails with ESRCH once it is reaped (issue 16 bug 7)', () => {
      expect(out(lib, killZombie)).toEqual([`0 -1 ${ESRCH} 5`]);
    });
    check(lib, 'proc:si-code', 'si_code says SI_USER for kill, SI_TKILL for pthread_kill, CLD_EXITED/CLD_KILLED for SIGCHLD', () => {
      expect(out(lib, siCodes)).toEqual([`usr1:${SI_USER} usr1:${SI_TKILL} chld:${CLD_EXITED} chld:${CLD_KILLED}`]);
    });
    check(lib, 'proc:pgrp', 'the program leads its own group in the shell\'s session; fork inherits both; setsid is EPERM for a group leader and makes a child lead a new session', () => {
      expect(out(lib, pgrpBasics)).toEqual(['child true true -1 ' + EPERM, 'true true true', `setsid:-1 ${EPERM}`]);
    });
    check(lib, 'proc:setpgid-errors', 'setpgid: EINVAL for a negative group, ESRCH for an unknown or foreign process, EPERM for a group outside the session; a child moves', () => {
      expect(out(lib, setpgidErrors)).toEqual([`-1/${EINVAL} -1/${ESRCH} -1/${ESRCH} -1/${EPERM} 1 1`]);
    });
    check(lib, 'proc:pgrp-shared', 'the process group is per process: a thread\'s setpgid(0, 0) moves the main thread too', () => {
      expect(out(lib, pgrpShared)).toEqual(['0 true']);
    });
    check(lib, 'proc:exec', 'execve keeps the pid, runs the new program with its argv, resets caught signals, keeps ignored ones; ENOENT for an unknown path', () => {
      const r = run(lib, execMain, { argv: [] });
      expect(r.statusText).toBe('exited with status 7');
      const pid = /pid=(\d+)/.exec(seen[0])![1];
      expect(seen).toEqual([`enoent=true pid=${pid}`, `again pid=${pid}`, `image image,x pid=${pid} usr1=dfl usr2=ign`]);
    });
    for (const cpus of [1, 2]) {
      check(lib, 'proc:exec-thread', `execve in a thread: the new image is the process (same pid), the parent reaps its status (${cpus} CPU)`, () => {
        expect(out(lib, execThread, cpus)).toEqual(['same-pid status=7']);
      });
    }
    check(lib, 'proc:cred', 'a student\'s ids are 1000; setuid(0) is EPERM, setuid(1000) allowed, seteuid(-1) EINVAL; kill of root\'s init is EPERM, of one\'s own shell allowed', () => {
      expect(out(lib, credBasics)).toEqual([`1000 1000 1000 1000 | -1/${EPERM} 0 -1/${EINVAL} | -1/${EPERM} 0`]);
    });
    check(lib, 'proc:seteuid', 'a set-user-ID-root program drops its effective uid and regains it from the saved uid; setuid(1000) as root drops all three', () => {
      const r = run(lib, seteuidRoundTrip, { setuid: 0 });
      expect(lines(r)).toEqual([`1000,0,0 1000,1000,0 1000,0,0 1000,1000,1000 -1/${EPERM}`]);
    });
    check(lib, 'proc:cred-calls', 'setreuid, setresuid, setegid, setgid, setresgid and getresgid follow kernel/sys.c (a set-user-ID-root program)', () => {
      const r = run(lib, credCalls, { setuid: 0 });
      expect(lines(r)).toEqual(['0 1000 | 0 0 | 0 1000 | 0 1000 1000,1000,1000 | 0 0,0,0 | 0 1000,1000,1000 1000']);
    });
    check(lib, 'proc:setuid-threads', 'setuid in one thread changes the effective uid of every thread (2 CPUs)', () => {
      const r = run(lib, setuidAcrossThreads, { setuid: 0, cpus: 2 });
      expect(r.outcome, r.deadlock ?? '').toBe('exited');
      expect(lines(r)).toEqual(['setuid=0 main=1000 idle=1000']);
    });
    check(lib, 'proc:getrusage', 'getrusage(RUSAGE_SELF) and times() count every thread of the process; RUSAGE_CHILDREN gains a child\'s time when it is reaped', () => {
      const m = /^self=(\d+) thread=\d+ tms=(\d+)\/ok children=0->(\d+)$/.exec(out(lib, usage)[0]);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(50);
      expect(Number(m![2])).toBeGreaterThanOrEqual(5); // 50 ms in 10 ms clock ticks
      expect(Number(m![3])).toBeGreaterThanOrEqual(30);
    });
    check(lib, 'proc:rusage-thread', 'getrusage(RUSAGE_THREAD) counts the calling thread only', () => {
      const m = /thread=(\d+)/.exec(out(lib, usage)[0]);
      expect(Number(m![1])).toBeGreaterThanOrEqual(10);
      expect(Number(m![1])).toBeLessThan(20);
    });
    check(lib, 'proc:nice', 'nice returns the new value; lowering it is EPERM through nice and EACCES through setpriority', () => {
      expect(out(lib, niceBasics)).toEqual([`5 5 -1 ${EPERM} -1 ${EACCES} 0 9`]);
    });
    check(lib, 'proc:nice-shared', 'POSIX: the nice value is per process — a thread\'s nice(5) is main\'s too (2 CPUs)', () => {
      expect(out(lib, niceShared, 2)).toEqual(['5 5']);
    });
    check(lib, 'proc:nice-sched', 'the scheduler honours nice: a nice-10 process competing with a nice-0 one gets about 110/1134 of the CPU', () => {
      const share = Number(out(lib, niceShare)[0]);
      expect(share).toBeGreaterThan(0.06);
      expect(share).toBeLessThan(0.14);
    });
    check(lib, 'proc:sigaltstack', 'sigaltstack: ENOMEM below MINSIGSTKSZ, EINVAL for bad flags; SS_ONSTACK and EPERM in an SA_ONSTACK handler only; SS_DISABLE', () => {
      expect(out(lib, altstack)).toEqual([
        `0/0/${SS_DISABLE} -1/${ENOMEM} -1/${EINVAL} ${0x5000}/${SIGSTKSZ}/0 on:${0x5000}/${SIGSTKSZ}/${SS_ONSTACK} change:-1/${EPERM} off:${0x5000}/${SIGSTKSZ}/0 0/0/${SS_DISABLE}`,
      ]);
    });
    check(lib, 'proc:sigaltstack-thread', 'the alternate stack is per thread: a new thread starts without one, and setting its own leaves main\'s', () => {
      expect(out(lib, altstackThreads)).toEqual([`new=${SS_DISABLE} main=${0x5000}`]);
    });
    check(lib, 'proc:kill-pgrp', 'kill(0, sig) and kill(-pgrp, sig) signal the process once, whatever its thread count', () => {
      expect(out(lib, killPgrp)).toEqual(['0 0 2']);
    });
  });
}

describe('LinuxThreads: the process-level deviations as they show', () => {
  it('pthreads(7): getrusage(RUSAGE_SELF) and times() in main count main only (10 of the 50 ms)', () => {
    expect(out('linuxthreads', usage)[0]).toMatch(/^self=10 thread=10 tms=1\/ok children=0->3\d$/);
  });
  it('pthreads(7): threads do not share user ids — setuid in one thread leaves the others (and the manager) as they were', () => {
    expect(lines(run('linuxthreads', setuidAcrossThreads, { setuid: 0, cpus: 2 }))).toEqual(['setuid=0 main=0 idle=0']);
  });
  it("pthreads(7): execve in a thread — the others (main too) are killed through the manager, so the parent reaps status 0 while the new image runs on as the thread's own pid, orphaned", () => {
    const r = run('linuxthreads', execThread);
    expect(lines(r)).toEqual(['other-pid status=0']);
    const pidOf = (prefix: string) => Number(/pid=(\d+)/.exec(seen.find((x) => x.startsWith(prefix)) ?? '')?.[1]);
    expect(pidOf('image')).toBe(pidOf('child') + 2); // the thread's own pid (the manager is child + 1)
  });
  it('kill(0, sig) and kill(-pgrp, sig) run the handler in main and in both threads (3 × 2), not in the manager, which blocks it', () => {
    expect(out('linuxthreads', killPgrp)).toEqual(['0 0 6']);
  });
  it("a thread's setpgid(0, 0) moves only that thread: main's group is unchanged", () => {
    expect(out('linuxthreads', pgrpShared)).toEqual(['0 false']);
  });
});

describe('the alternate signal stack before Linux 2.6.16 (pthreads(7))', () => {
  it('with clone(CLONE_VM) copying it, a LinuxThreads thread inherits the manager\'s copy of main\'s stack (set before the first pthread_create), an NPTL thread its creator\'s', () => {
    for (const lib of ['linuxthreads', 'nptl']) {
      const r = run(lib, altstackThreads, { kernel: { cloneVmCopiesSigaltstack: true } });
      expect(lines(r), lib).toEqual([`new=0 main=${0x5000}`]);
    }
  });
});

describe('NGPT: ids belong to the native', () => {
  it('setuid on one native leaves user threads on the other natives with the old ids (2 CPUs); on one CPU every thread shares the one native', () => {
    expect(lines(run('ngpt', setuidAcrossThreads, { setuid: 0, cpus: 2 }))).toEqual(['setuid=0 main=0 idle=0']);
    expect(lines(run('ngpt', setuidAcrossThreads, { setuid: 0, cpus: 1 }))).toEqual(['setuid=0 main=1000 idle=1000']);
  });
});
