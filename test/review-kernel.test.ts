/**
 * review-kernel.test.ts — regression tests for bugs found in a correctness review of the
 * kernel core (entry, sched, signal, exit, futex, pipe). Each test failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { umalloc, uload, ustore } from '../kernel/uaccess.js';
import {
  CLONE_VM, FUTEX_WAIT, FUTEX_WAKE, SIGUSR1, SIGUSR2, SIGCHLD, SA_RESTART, SIG_IGN, ECHILD,
} from '../kernel/uapi.js';
import { run, thread, catchSig, sleep, mask, block, MS } from './kernel-ipc-helpers.js';
import type { Kernel } from '../kernel/kernel.js';
import { psProcesses } from '../kernel/ps.js';
import type { Sim } from '../kernel/req.js';

describe('review: kernel core', () => {
  it('a system call restarted after a handler (SA_RESTART) does not go to sleep with a signal pending that the handler had blocked', () => {
    // Linux: the restarted futex_wait/pipe_read sees signal_pending() and returns -ERESTARTSYS
    // (schedule() in TASK_INTERRUPTIBLE does not sleep with a signal pending), so the second
    // handler runs before the call sleeps again. Before the fix the call slept with SIGUSR2
    // pending, and its handler waited for the next unrelated wake-up (a lost wake-up).
    const log: number[] = [];
    let ret = 99;
    let seenBeforeWake = -1;
    run(function* () {
      const w = umalloc(1);
      const h = function* (sig: number) { log.push(sig); };
      yield* catchSig(SIGUSR1, h, SA_RESTART, mask(SIGUSR2)); // SIGUSR2 blocked while it runs
      yield* catchSig(SIGUSR2, h, SA_RESTART);
      const tgid = (yield sys.getpid()) as number;
      const tid = yield* thread(function* () {
        ret = (yield sys.futex(w, FUTEX_WAIT, 0)) as number;
        return 0;
      });
      yield* sleep(5 * MS); // the thread is asleep on w
      yield sys.tgkill(tgid, tid, SIGUSR1);
      yield sys.tgkill(tgid, tid, SIGUSR2);
      yield* sleep(5 * MS);
      seenBeforeWake = log.length;
      yield sys.futex(w, FUTEX_WAKE, 1);
      yield* sleep(5 * MS);
      return 0;
    });
    expect(seenBeforeWake).toBe(2);
    expect(log).toEqual([SIGUSR1, SIGUSR2]);
    expect(ret).toBe(0);
  });

  it('the same holds for a restarted pipe read', () => {
    const log: number[] = [];
    let got: unknown = null;
    let seenBeforeWrite = -1;
    run(function* () {
      const h = function* (sig: number) { log.push(sig); };
      yield* catchSig(SIGUSR1, h, SA_RESTART, mask(SIGUSR2));
      yield* catchSig(SIGUSR2, h, SA_RESTART);
      const fds = (yield sys.pipe()) as number[];
      const tgid = (yield sys.getpid()) as number;
      const tid = yield* thread(function* () {
        got = yield sys.read(fds[0], 10);
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.tgkill(tgid, tid, SIGUSR1);
      yield sys.tgkill(tgid, tid, SIGUSR2);
      yield* sleep(5 * MS);
      seenBeforeWrite = log.length;
      yield sys.write(fds[1], 'x');
      yield* sleep(5 * MS);
      return 0;
    });
    expect(seenBeforeWrite).toBe(2);
    expect(log).toEqual([SIGUSR1, SIGUSR2]);
    expect(got).toBe('x');
  });
});

describe('review: CPU accounting', () => {
  /** A thread computes 20 ms; with `kick`, the main thread sends it SIGUSR1 (an empty handler) at about 3.5 ms. */
  function burst(kick: boolean): { elapsed: number; utime: number; stime: number; k: Kernel } {
    let elapsed = 0, utime = 0, stime = 0;
    const r = run(function* () {
      yield* catchSig(SIGUSR1, function* () { /* nothing */ });
      const tgid = (yield sys.getpid()) as number;
      const tid = yield* thread(function* () {
        const ru0: { utime?: number; stime?: number } = {};
        yield sys.getrusage(1 /* RUSAGE_THREAD */, ru0);
        const t0 = (yield sys.clock_gettime()) as number;
        yield sys.compute(20 * MS);
        const t1 = (yield sys.clock_gettime()) as number;
        const ru1: { utime?: number; stime?: number } = {};
        yield sys.getrusage(1 /* RUSAGE_THREAD */, ru1);
        elapsed = t1 - t0;
        utime = ru1.utime! - ru0.utime!;
        stime = ru1.stime! - ru0.stime!;
        return 0;
      });
      yield sys.compute(3.5 * MS); // on the other CPU: A is in its second slice, before the 4 ms tick
      if (kick) yield sys.tgkill(tgid, tid, SIGUSR1);
      yield* sleep(40 * MS);
      return 0;
    }, { cpus: 2 });
    return { elapsed, utime, stime, k: r.k };
  }

  it('a signal that interrupts a CPU burst gives back only the unrun part of the burst: the timer-tick cost already in the segment is neither redone as user work nor charged twice', () => {
    const a = burst(false);
    const b = burst(true);
    const c = b.k.costs;
    // The burst is the same 20 ms of user time; the interruption adds exactly the delivery
    // of the signal and the sigreturn (the empty handler makes no system call).
    expect(b.utime).toBe(a.utime);
    expect(b.elapsed - a.elapsed).toBe(c.signalDeliver + c.sigreturn);
    expect(b.stime - a.stime).toBe(c.signalDeliver + c.sigreturn);
  });
});

describe('review: exit and reparenting', () => {
  it('rule 9: a zombie leader whose threads still live is not reported to the parent that adopts it when its parent thread exits', () => {
    // forget_original_parent → reparent_thread notifies the new parent only of a zombie whose
    // thread group is empty (thread_group_empty). Before the fix the adopter got SIGCHLD while
    // the child's thread still ran (and, with SIGCHLD ignored, the leader was released under it).
    const chld: number[] = [];
    const got: number[] = [];
    let cpid = 0;
    run(function* () {
      yield* catchSig(SIGCHLD, function* () { chld.push(1); });
      yield* thread(function* () {
        cpid = (yield sys.fork(function* () {
          yield* thread(function* () { yield* sleep(30 * MS); return 0; });
          return 0; // the leader exits; its thread lives on
        })) as number;
        yield* sleep(5 * MS);
        return 0; // this thread exits: the zombie child goes to the main thread
      });
      yield* sleep(10 * MS);
      got.push(chld.length); // the child's thread still runs: nothing to report yet
      yield* sleep(40 * MS);
      got.push(chld.length);
      const st = { value: -1 };
      got.push((yield sys.wait4(-1, st, 0)) as number === cpid ? 1 : 0, st.value);
      return 0;
    });
    expect(got).toEqual([0, 1, 1, 0]);
  });

  it('rule 9: with SIGCHLD ignored, such a zombie leader is not auto-reaped while its threads live', () => {
    let leaderAliveWithThread = -1;
    let cpid = 0;
    const got: number[] = [];
    run(function* (k) {
      yield sys.rt_sigaction(SIGCHLD, { handler: SIG_IGN, flags: 0, mask: 0n }, null);
      yield* thread(function* () {
        cpid = (yield sys.fork(function* () {
          yield* thread(function* () { yield* sleep(30 * MS); return 0; });
          return 0;
        })) as number;
        yield* sleep(5 * MS);
        return 0;
      });
      yield* sleep(10 * MS);
      const c = k.findTask(cpid);
      leaderAliveWithThread = c !== undefined && c.signal!.threads.length === 2 ? 1 : 0;
      yield* sleep(40 * MS);
      got.push(k.findTask(cpid) === undefined ? 1 : 0); // auto-reaped once the thread is gone
      got.push((yield sys.wait4(-1, null, 0)) as number);
      return 0;
    });
    expect(leaderAliveWithThread).toBe(1);
    expect(got).toEqual([1, -ECHILD]);
  });
});

describe('review: signals', () => {
  it('rule 15: a blocked signal that a thread takes in sigtimedwait is not fatal to the group while it waits (real_blocked)', () => {
    // complete_signal treats a default-"terminate" signal as a group kill only if the target
    // does not block it in real_blocked, the mask sigtimedwait saved. Before the fix, the
    // temporarily unblocked SIGUSR1 killed the process instead of being returned.
    let got = 0;
    let after = 0;
    const r = run(function* () {
      yield* block(SIGUSR1);
      const pid = (yield sys.getpid()) as number;
      yield* thread(function* () {
        yield* sleep(5 * MS);
        yield sys.kill(pid, SIGUSR1);
        return 0;
      });
      got = (yield sys.rt_sigtimedwait(mask(SIGUSR1), null, null)) as number;
      yield* sleep(10 * MS);
      after = 1;
      return 7;
    });
    expect(got).toBe(SIGUSR1);
    expect(after).toBe(1);
    expect(r.h.status).toBe(7 << 8);
  });
});

describe('review: scheduling', () => {
  it('a task that loops on system calls without CPU bursts is preempted at the end of its time slice (need_resched on syscall exit)', () => {
    // scheduler_tick marks the task for rescheduling whether it is in user or kernel mode,
    // and the return from the system call switches. Before the fix only a CPU burst ended a
    // slice, so on one CPU the spinner kept the CPU for ever and the woken main thread starved.
    let spins = 0;
    let order: string[] = [];
    run(function* () {
      const flag = umalloc(1);
      yield* thread(function* () {
        while (uload(flag) === 0) { yield sys.getpid(); spins++; }
        order.push('spinner saw the flag');
        return 0;
      });
      yield* sleep(1 * MS); // the spinner runs; this thread is woken at the next tick
      ustore(flag, 1);
      order.push('main set the flag');
      return 0;
    }, { cpus: 1, timeLimit: 2e9 });
    expect(order).toEqual(['main set the flag', 'spinner saw the flag']);
    expect(spins).toBeGreaterThan(0);
  });
});

describe('review: accounting', () => {
  it('ps ax counts the CPU time of a zombie leader whose threads live on once, not twice', () => {
    // Linux adds a dead thread's times to signal_struct when it is released (__exit_signal),
    // so a zombie leader still on the thread list is summed once. Before the fix do_exit
    // added them already, and ps summed the zombie leader a second time.
    let time = '';
    run(function* (k) {
      const pid = (yield sys.fork(function* () {
        yield* thread(function* () {
          yield* sleep(3000 * MS);
          time = psProcesses(k).find((r) => r.pid === pidOf)!.time;
          return 0;
        });
        yield sys.compute(2000 * MS);
        return 0; // the leader exits, a zombie; its thread sleeps on
      })) as number;
      pidOf = pid;
      yield sys.wait4(pid, null, 0);
      return 0;
    });
    expect(time).toBe('00:00:02');
  });
});
let pidOf = 0;

describe('review: leaks', () => {
  it('a process whose mm is gone leaves no futex hash entry behind (the Mm is not kept alive)', () => {
    let leaked = -1;
    run(function* (k) {
      for (let i = 0; i < 3; i++) {
        const pid = (yield sys.fork(function* () {
          const w = umalloc(1);
          yield sys.futex(w, FUTEX_WAIT, 0, 1 * MS); // times out
          return 0;
        })) as number;
        yield sys.wait4(pid, null, 0);
      }
      leaked = [...k.futexQueues.keys()].filter((mm) => 'released' in mm && mm.released).length;
      return 0;
    });
    expect(leaked).toBe(0);
  });
});

describe('review: exec and futex corner cases', () => {
  it('rule 5: execve honours clear_child_tid (mm_release): the word is zeroed and a waiter woken', () => {
    let woke = -1;
    let word = 0;
    const r = run(function* (k) {
      word = umalloc(1);
      ustore(word, 99);
      // A CLONE_VM child (shares the mm, so mm_release acts) that names the word and execs.
      function* child(): Sim<number> {
        yield sys.set_tid_address(word);
        yield sys.execve(function* () { return 0; }, [], 'newimage');
        return 0;
      }
      yield sys.clone({ flags: CLONE_VM | SIGCHLD, fn: child });
      woke = (yield sys.futex(word, FUTEX_WAIT, 99, 1e9)) as number;
      yield sys.wait4(-1, null, 0);
      return 0;
    });
    expect(r.h.done).toBe(true);
    expect(woke).toBe(0); // woken by exec's futex wake, not by the 1 s timeout
    void word;
  });

  it('rule 19: FUTEX_WAKE with n = 0 wakes one waiter, as Linux 2.6 does', () => {
    let woken = -1;
    const r = run(function* () {
      const w = umalloc(1);
      yield* thread(function* () { yield sys.futex(w, FUTEX_WAIT, 0, 5e9); return 0; });
      yield* sleep(MS);
      woken = (yield sys.futex(w, FUTEX_WAKE, 0)) as number;
      return 0;
    });
    expect(r.h.done).toBe(true);
    expect(woken).toBe(1);
  });
});
