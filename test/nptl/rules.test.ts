/**
 * rules.test.ts — NPTL's rules 26–30 (DESIGN.md section 8), checked on the kernel's event log.
 */

import { describe, it, expect } from 'vitest';
import {
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SYSVSEM, CLONE_SIGHAND, CLONE_THREAD, CLONE_SETTLS,
  CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, CSIGNAL,
} from '../../kernel/index.js';
import { EINVAL, SIGRTMAX, SIG_BLOCK, SIG_SETMASK, sigmask, type Libc } from '../../libs/api.js';
import { CLONE_FLAGS, STACK_CACHE_MAXSIZE, DEFAULT_STACKSIZE } from '../../libs/nptl/descr.js';
import { runNptl, events, syscallsOf, mainPid } from './helpers.js';

const NPTL_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SIGHAND | CLONE_THREAD
  | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

function* quick(libc: Libc, v: unknown) { yield* libc.compute(1_000); return v; }
function* nap(libc: Libc, us: number) { yield* libc.usleep(us); return us; }

describe('rule 26: pthread_create is one clone with NPTL\'s flags', () => {
  it('each create is exactly one clone system call with the nine flags and no exit signal; no helper task', () => {
    const r = runNptl(function* (libc) {
      for (let i = 0; i < 3; i++) yield* libc.pthread_join(yield* libc.pthread_create(quick, i));
      return 0;
    });
    const main = mainPid(r);
    const clones = events(r, 'clone', main);
    expect(clones).toHaveLength(3);
    for (const c of clones) {
      expect(c.b).toBe(NPTL_FLAGS);
      expect(c.b & CSIGNAL).toBe(0);
    }
    expect(CLONE_FLAGS).toBe(NPTL_FLAGS);
    expect(r.tasksCreated).toBe(3);
    expect(r.peakTasks).toBe(2);
  });

  it('mmap only on a stack-cache miss: the first thread maps a stack, the next ones reuse it', () => {
    const r = runNptl(function* (libc) {
      for (let i = 0; i < 5; i++) yield* libc.pthread_join(yield* libc.pthread_create(quick, i));
      return 0;
    });
    const calls = syscallsOf(r, mainPid(r));
    expect(calls.filter((c) => c === 'clone')).toHaveLength(5);
    expect(calls.filter((c) => c === 'mmap')).toHaveLength(1);
    expect(calls.indexOf('mmap')).toBeLessThan(calls.indexOf('clone'));
    // between two creations on a cache hit: only the clone (and the join's futex wait, if any)
    const second = calls.slice(calls.indexOf('clone') + 1);
    expect(second.filter((c) => c !== 'clone' && c !== 'futex')).toEqual(['exit_group']);
  });
});

describe('rule 27: join futex-waits on the tid word until the kernel clears it', () => {
  it('main sleeps in FUTEX_WAIT on the thread\'s tid word; the exiting thread\'s kernel exit wakes it', () => {
    let t = 0;
    const r = runNptl(function* (libc) {
      t = yield* libc.pthread_create(nap, 500);
      yield* libc.pthread_join(t);
      return 0;
    });
    const main = mainPid(r);
    const waits = events(r, 'futex_wait', main);
    expect(waits).toHaveLength(1);
    expect(waits[0].a).toBe(t); // pthread_t is the address of the descriptor's tid word
    expect(waits[0].b).toBe(0); // it slept
    const child = events(r, 'clone', main)[0].a;
    const exit = events(r, 'exit', child)[0];
    const wake = events(r, 'futex_wake', child).find((e) => e.a === t);
    expect(wake?.b).toBe(1); // CLONE_CHILD_CLEARTID: the kernel wrote 0 and woke one waiter
    expect(wake!.time).toBeGreaterThanOrEqual(exit.time);
  });

  it('joining a thread that has already exited makes no system call', () => {
    const r = runNptl(function* (libc) {
      const t = yield* libc.pthread_create(quick, 1);
      yield* libc.usleep(1_000); // it runs and exits meanwhile
      const before = yield* libc.getpid();
      yield* libc.pthread_join(t);
      return before > 0 ? 0 : 1;
    });
    const calls = syscallsOf(r, mainPid(r));
    expect(calls.slice(calls.lastIndexOf('getpid') + 1)).toEqual(['exit_group']);
  });

  it('another thread can join the initial thread after main called pthread_exit', () => {
    let mainT = 0;
    const r = runNptl(function* (libc) {
      mainT = yield* libc.pthread_self();
      yield* libc.pthread_create(function* (l: Libc) {
        const ret = { value: null as unknown };
        const e = yield* l.pthread_join(mainT, ret);
        yield* l.printf('joined main: %d %s\n', e, ret.value);
        return 0;
      });
      yield* libc.pthread_exit('bye');
    });
    expect(r.stdout).toBe('joined main: 0 bye\n');
    expect(r.statusText).toBe('exited with status 0');
  });
});

describe('rule 28: when the last thread exits the process exits with status 0', () => {
  it('main pthread_exits first; the last thread to exit calls exit(0), whatever the threads return', () => {
    const r = runNptl(function* (libc) {
      for (let i = 1; i <= 3; i++) yield* libc.pthread_create(nap, i * 300);
      yield* libc.pthread_exit(null);
    });
    expect(r.statusText).toBe('exited with status 0');
    const main = mainPid(r);
    const clones = events(r, 'clone', main).map((e) => e.a);
    expect(syscallsOf(r, main).at(-1)).toBe('exit'); // main left with exit, not exit_group
    expect(syscallsOf(r, clones[2]).at(-1)).toBe('exit_group'); // the last one out ends the process
    for (const t of clones.slice(0, 2)) expect(syscallsOf(r, t).at(-1)).toBe('exit');
  });

  it('while the threads run on, ps shows the leader as a zombie with its live threads (rule 9)', () => {
    const r = runNptl(function* (libc) {
      yield* libc.pthread_create(nap, 2_000);
      yield* libc.pthread_exit(null);
    }, { psAt: 1_000_000 });
    expect(r.psAt).toMatch(/^student\s+(\d+)\s+\d+\s+\1\s+0\s+2 Zl/m);
    expect(r.psAt).toMatch(/^student\s+(\d+)\s+\d+\s+\d+\s+0\s+2 Sl/m);
  });

  it('a lone main thread calling pthread_exit ends the process with status 0', () => {
    const r = runNptl(function* (libc) { yield* libc.pthread_exit(null); });
    expect(r.statusText).toBe('exited with status 0');
  });
});

describe('rule 29: SIGRTMIN is 34 and 32/33 are reserved', () => {
  it('SIGRTMIN is 34; sigaction on 32 and 33 is EINVAL; on 34 it works', () => {
    const r = runNptl(function* (libc) {
      const act = { handler: function* () {} };
      const a = yield* libc.sigaction(32, act);
      const ea = libc.errno;
      const b = yield* libc.sigaction(33, act);
      const eb = libc.errno;
      const c = yield* libc.sigaction(libc.SIGRTMIN, act);
      const d = yield* libc.signal(33, 1);
      yield* libc.printf('%d %d/%d %d/%d %d %d\n', libc.SIGRTMIN, a, ea, b, eb, c, d);
      return 0;
    });
    expect(r.stdout).toBe(`34 -1/${EINVAL} -1/${EINVAL} 0 -1\n`);
  });

  it('pthread_kill with 32 or 33 is EINVAL, and masks never block them', () => {
    const r = runNptl(function* (libc) {
      const self = yield* libc.pthread_self();
      const k32 = yield* libc.pthread_kill(self, 32);
      const k33 = yield* libc.pthread_kill(self, 33);
      const all = (1n << BigInt(SIGRTMAX)) - 1n;
      yield* libc.sigprocmask(SIG_BLOCK, all);
      yield* libc.pthread_sigmask(SIG_SETMASK, all);
      const now = { value: 0n };
      yield* libc.sigprocmask(SIG_BLOCK, null, now);
      const blocked = (now.value & (sigmask(32) | sigmask(33))) !== 0n;
      yield* libc.printf('%d %d %s %s\n', k32, k33, blocked ? 'blocked' : 'open', (now.value & sigmask(34)) ? '34-blocked' : '34-open');
      return 0;
    });
    expect(r.stdout).toBe(`${EINVAL} ${EINVAL} open 34-blocked\n`);
  });
});

describe('rule 30: stacks cached up to 40 MiB', () => {
  /** Create n threads alive together, join them all; twice. Returns mmap/munmap counts per round. */
  function rounds(n: number, stacksize?: number): { mmap: number[]; munmap: number[] } {
    const marks: number[] = [];
    const r = runNptl(function* (libc) {
      for (let round = 0; round < 2; round++) {
        const ts = [];
        for (let i = 0; i < n; i++) ts.push(yield* libc.pthread_create(nap, 200, { stacksize }));
        for (const t of ts) yield* libc.pthread_join(t);
        marks.push(yield* libc.getpid());
      }
      return 0;
    });
    const calls = syscallsOf(r, mainPid(r));
    const cut = calls.indexOf('getpid', calls.indexOf('clone'));
    const count = (xs: string[], c: string) => xs.filter((x) => x === c).length;
    const [a, b] = [calls.slice(0, cut), calls.slice(cut)];
    return { mmap: [count(a, 'mmap'), count(b, 'mmap')], munmap: [count(a, 'munmap'), count(b, 'munmap')] };
  }

  it('10 default (8 MiB) stacks freed: 5 stay cached (40 MiB), 5 are unmapped; the next 10 creations map only 5', () => {
    expect(STACK_CACHE_MAXSIZE).toBe(40 * 1024 * 1024);
    expect(DEFAULT_STACKSIZE).toBe(8 * 1024 * 1024);
    expect(rounds(10)).toEqual({ mmap: [10, 5], munmap: [5, 5] });
  });

  it('small stacks: 1 MiB stacks all fit in the cache, so the second round maps nothing', () => {
    expect(rounds(30, 1024 * 1024)).toEqual({ mmap: [30, 0], munmap: [0, 0] });
  });

  it('a detached thread\'s stack is reused once the kernel has cleared its tid word', () => {
    const r = runNptl(function* (libc) {
      yield* libc.pthread_create(quick, 0, { detached: true });
      yield* libc.usleep(1_000);
      yield* libc.pthread_join(yield* libc.pthread_create(quick, 1));
      return 0;
    });
    expect(syscallsOf(r, mainPid(r)).filter((c) => c === 'mmap')).toHaveLength(1);
  });
});
