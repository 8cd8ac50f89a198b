/**
 * kernel-process-errors.test.ts — bad input and broken invariants.
 *
 * DESIGN §9: a user program's mistake gets the Linux errno at the system-call boundary (or,
 * for an exception escaping its code, a fatal signal) and never an exception out of the
 * kernel; a broken internal invariant is a KernelPanic whose message names the function.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { doExit } from '../kernel/exit.js';
import { KernelPanic } from '../kernel/panic.js';
import { describeStatus } from '../kernel/shell.js';
import {
  CSIGNAL, CLONE_IDLETASK, CLONE_VM, SIGCHLD, SIGABRT, EINVAL, ECHILD, ENOSYS, WNOHANG,
  WEXITED, __WALL, WTERMSIG, RLIMIT_STACK,
} from '../kernel/uapi.js';
import type { Req } from '../kernel/req.js';
import { boot, runMain, me, exitWith } from './kernel-process-helpers.js';

const notAFunction = 'main' as any;

/** [what, the request, the errno Linux gives] — every one must come back as -errno. */
const BAD_CALLS: [string, () => Req, number][] = [
  ['clone(null)', () => sys.clone(null as any), EINVAL],
  ['clone(undefined)', () => sys.clone(undefined as any), EINVAL],
  ['clone(42)', () => sys.clone(42 as any), EINVAL],
  ['clone with a non-function fn', () => sys.clone({ flags: SIGCHLD, fn: notAFunction }), EINVAL],
  ['clone without fn', () => sys.clone({ flags: SIGCHLD } as any), EINVAL],
  ['clone with an exit signal above 64', () => sys.clone({ flags: CSIGNAL, fn: exitWith, arg: 0 }), EINVAL],
  ['clone with CLONE_IDLETASK', () => sys.clone({ flags: CLONE_IDLETASK | SIGCHLD, fn: exitWith, arg: 0 }), EINVAL],
  ['fork(non-function)', () => sys.fork(notAFunction), EINVAL],
  ['vfork(non-function)', () => sys.vfork(notAFunction), EINVAL],
  ['execve(non-function)', () => sys.execve(notAFunction, [], 'x'), EINVAL],
  ['wait4 with unknown option bits', () => sys.wait4(-1, null, 0x100), EINVAL],
  ['wait4 with WEXITED (waitid only)', () => sys.wait4(-1, null, WEXITED), EINVAL],
  ['wait4(-1) with no children', () => sys.wait4(-1, null, 0), ECHILD],
  ['wait4(-1, WNOHANG) with no children', () => sys.wait4(-1, null, WNOHANG), ECHILD],
  ['wait4(-1, __WALL) with no children', () => sys.wait4(-1, null, __WALL), ECHILD],
  ['wait4 on init (not our child)', () => sys.wait4(1, null, 0), ECHILD],
  ['wait4 on a pid nobody has', () => sys.wait4(31_000, null, 0), ECHILD],
  ['a system call number nobody has', () => sys.raw(9999), ENOSYS],
  ['a negative system call number', () => sys.raw(-5), ENOSYS],
  ['setrlimit of a resource Linux does not have (RLIM_NLIMITS)', () => sys.setrlimit(16, 1), EINVAL],
  ['setrlimit with the soft limit above the hard one', () => sys.setrlimit(RLIMIT_STACK, { cur: 2, max: 1 }), EINVAL],
  ['setrlimit(RLIMIT_NPROC, -1)', () => sys.setrlimit(6, -1), EINVAL],
];

describe('bad input: the Linux errno, never an exception', () => {
  it.each(BAD_CALLS)('bad input: %s returns the errno', (_what, req, errno) => {
    let r: unknown = 'not run';
    const { k, h } = runMain(function* (k) {
      const tasks = k.tasks.size;
      r = yield req();
      if (k.tasks.size !== tasks) r = 'a task was created';
      return 0;
    });
    expect(r).toBe(-errno);
    expect(h.done).toBe(true);
    expect(h.status).toBe(0); // the program went on and returned normally
    expect(k.dmesg.join('\n')).not.toMatch(/uncaught/);
  });

  it('bad input: a failed vfork does not put the parent to sleep', () => {
    let after = -1;
    runMain(function* (k) {
      const r = (yield sys.vfork(notAFunction)) as number;
      after = me(k).state;
      return r === -EINVAL ? 0 : 1;
    });
    expect(after).toBe(0); // TASK_RUNNING
  });

  it('bad input: an exception thrown by a program kills it with SIGABRT, and the kernel goes on', () => {
    const { k, h } = runMain(function* () {
      yield sys.getpid();
      throw new TypeError('oops');
    });
    expect(h.done).toBe(true);
    expect(WTERMSIG(h.status)).toBe(SIGABRT);
    expect(describeStatus(h.status)).toBe('killed by SIGABRT (core dumped)');
    expect(k.dmesg.join('\n')).toMatch(/uncaught exception .*TypeError: oops/);
  });
});

describe('broken invariants: KernelPanic naming the function', () => {
  it('Engine.at: an event scheduled in the past panics', () => {
    const { k } = runMain(function* () { yield sys.compute(1000); return 0; });
    expect(k.now).toBeGreaterThan(0);
    expect(() => k.engine.at(k.now - 1, 0, 1, null)).toThrow(KernelPanic);
    expect(() => k.engine.at(k.now - 1, 0, 1, null)).toThrow(/Engine\.at/);
  });

  it('Kernel.run: an event of unknown kind panics', () => {
    const k = boot();
    k.engine.at(0, 0, 99, null);
    expect(() => k.run()).toThrow(KernelPanic);
    const k2 = boot();
    k2.engine.at(0, 0, 99, null);
    expect(() => k2.run()).toThrow(/Kernel\.run/);
  });

  it('doExit: a task exiting twice panics', () => {
    const caught: unknown[] = [];
    runMain(function* (k) {
      const pid = (yield sys.clone({ flags: CLONE_VM | SIGCHLD, fn: exitWith, arg: 0 })) as number;
      yield sys.sched_yield(); // the child exits and stays a zombie: we have not waited yet
      const zombie = k.findTask(pid)!;
      try { doExit(k, zombie, 0); } catch (e) { caught.push(e); }
      yield sys.wait4(pid, null, 0);
      return 0;
    });
    expect(caught).toHaveLength(1);
    expect(caught[0]).toBeInstanceOf(KernelPanic);
    expect(String(caught[0])).toMatch(/kernel panic in doExit/);
  });

  it('a KernelPanic raised while a program runs is not mistaken for the program\'s fault', () => {
    expect(() => runMain(function* () {
      yield sys.getpid();
      throw new KernelPanic('test', 'invariant broken');
    })).toThrow(/kernel panic in test/);
  });
});
