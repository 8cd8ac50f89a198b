/**
 * kernel-signal-group.test.ts — signals that act on the whole thread group (signal.ts), on raw
 * CLONE_THREAD tasks: a default "terminate" kills every thread (rule 15); group stop and
 * continue with the parent told once (rule 16); SIGKILL and SIGSTOP cannot be blocked, caught
 * or ignored (rule 17).
 *
 * The process under test is a forked child whose parent is the test program itself, so the
 * parent can watch it with wait4(WUNTRACED|WCONTINUED) and count its SIGCHLDs. Each test would
 * fail if its rule broke.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import type { Kernel } from '../kernel/kernel.js';
import type { SigInfo } from '../kernel/task.js';
import {
  SIGTERM, SIGUSR2, SIGKILL, SIGSTOP, SIGCONT, SIGTSTP, SIGCHLD, SIGUSR1, SIG_IGN, SIG_DFL,
  SIG_BLOCK, SIG_SETMASK, EINVAL, WUNTRACED, WCONTINUED, WNOHANG, WIFSTOPPED, WSTOPSIG,
  WIFCONTINUED, WIFSIGNALED, WTERMSIG, CLD_STOPPED, CLD_CONTINUED,
} from '../kernel/uapi.js';
import { TASK_STOPPED } from '../kernel/task.js';
import {
  run, thread, block, pending, catchSig, sleep, pauseUntil, mask, MS,
} from './kernel-ipc-helpers.js';

/** wait4 returning [pid, status]. */
function* wait(pid: number, options: number) {
  const st = { value: 0 };
  const r = (yield sys.wait4(pid, st, options)) as number;
  return [r, st.value] as [number, number];
}

/** The threads of process `pid`, read from the kernel at this instant. */
function threadsOf(k: Kernel, pid: number) {
  const t = k.findTask(pid);
  return t ? [...t.signal!.threads] : [];
}

describe('rule 15: a default-terminate signal kills the group', () => {
  it('rule 15: SIGTERM sent with tgkill to one thread kills every thread, including one in a long CPU burst; the status is the signal', () => {
    let tids: number[] = [];
    const r = run(function* () {
      yield* thread(function* () { yield sys.pause(); return 0; });
      yield* thread(function* () { yield sys.compute(10_000 * MS); return 0; });
      const victim = yield* thread(function* () { yield* sleep(1_000 * MS); return 0; });
      tids = [(yield sys.gettid()) as number];
      yield* sleep(5 * MS);
      yield sys.tgkill((yield sys.getpid()) as number, victim, SIGTERM);
      yield* sleep(5_000 * MS);
      return 0;
    }, { cpus: 2 });
    expect(WIFSIGNALED(r.h.status) && WTERMSIG(r.h.status)).toBe(SIGTERM);
    expect(r.h.endTime).toBeLessThan(10 * MS); // nobody lived on to finish a sleep or the burst
    expect(r.k.findTask(tids[0])).toBeUndefined();
  });

  it('rule 15: a process-directed SIGUSR2 with no handler kills the group even though the named thread blocks it', () => {
    const r = run(function* () {
      const a = yield* thread(function* () { yield* block(SIGUSR2); yield* sleep(1_000 * MS); return 0; });
      yield* thread(function* () { yield* sleep(1_000 * MS); return 0; });
      yield* sleep(5 * MS);
      yield sys.kill(a, SIGUSR2);
      yield* sleep(1_000 * MS);
      return 0;
    });
    expect(WIFSIGNALED(r.h.status) && WTERMSIG(r.h.status)).toBe(SIGUSR2);
    expect(r.h.endTime).toBeLessThan(10 * MS);
  });
});

describe('rule 16: group stop and continue', () => {
  /** A child process with three threads: main loops in 1 ms bursts, A in one long burst, B pauses. */
  function* stoppableChild(progress: number[]) {
    yield* thread(function* () { yield sys.compute(60_000 * MS); return 0; });
    yield* thread(function* () { for (;;) yield sys.pause(); });
    for (;;) { yield sys.compute(MS); progress[0]++; }
  }

  it('rule 16: SIGSTOP stops every thread; the parent is told once (one CLD_STOPPED SIGCHLD, one wait4 report); SIGCONT resumes all', () => {
    const codes: number[] = [];
    const got: unknown[] = [];
    const progress = [0];
    run(function* (k) {
      // SA_RESTART: otherwise the SIGCHLD handler would make the wait4 below fail with EINTR
      yield* catchSig(SIGCHLD, function* (_s: number, info: SigInfo) { codes.push(info.code); }, 0x10000000);
      const child = (yield sys.fork(function* () { return yield* stoppableChild(progress); })) as number;
      yield* sleep(10 * MS);
      const t0 = (yield sys.clock_gettime()) as number;
      yield sys.kill(child, SIGSTOP);
      const [p, st] = yield* wait(child, WUNTRACED);
      // at once: the thread in a 60 s CPU burst is interrupted, it does not finish the burst first
      got.push(p === child, WIFSTOPPED(st), WSTOPSIG(st), (yield sys.clock_gettime()) as number - t0 < MS);
      got.push(threadsOf(k, child).map((t) => t.state === TASK_STOPPED));
      const before = progress[0];
      got.push((yield* wait(child, WUNTRACED | WNOHANG))[0]); // reported once only
      yield* sleep(20 * MS);
      got.push(progress[0] - before); // no progress while stopped
      yield sys.kill(child, SIGCONT);
      const [p2, st2] = yield* wait(child, WCONTINUED);
      got.push(p2 === child, WIFCONTINUED(st2));
      yield* sleep(10 * MS);
      got.push(progress[0] > before, threadsOf(k, child).some((t) => t.state === TASK_STOPPED));
      yield sys.kill(child, SIGKILL);
      const [, st3] = yield* wait(child, 0);
      got.push(WTERMSIG(st3));
      return 0;
    }, { cpus: 2 });
    expect(got).toEqual([true, true, SIGSTOP, true, [true, true, true], 0, 0, true, true, true, false, SIGKILL]);
    expect(codes).toEqual([CLD_STOPPED, CLD_CONTINUED, 2 /* CLD_KILLED */]);
  });

  it('rule 16: the parent is told by the last thread to stop: a thread in D state (slow read) delays the report until its read ends', () => {
    const got: number[] = [];
    run(function* () {
      const child = (yield sys.fork(function* () {
        const fd = (yield sys.open('/dev/slow')) as number;
        yield* thread(function* () { yield sys.read(fd, 1); for (;;) yield sys.pause(); });
        for (;;) yield sys.pause();
      })) as number;
      yield* sleep(MS); // the reader is in D now (its read ends at 8..16 ms)
      const t0 = (yield sys.clock_gettime()) as number;
      yield sys.kill(child, SIGSTOP);
      const [, st] = yield* wait(child, WUNTRACED);
      got.push(WSTOPSIG(st), (yield sys.clock_gettime()) as number - t0);
      yield sys.kill(child, SIGKILL);
      yield* wait(child, 0);
      return 0;
    });
    expect(got[0]).toBe(SIGSTOP);
    expect(got[1]).toBeGreaterThanOrEqual(6 * MS); // ≥ the rest of the device latency
  });

  it('rule 16: SIGCONT resumes every stopped thread even when all of them block it; its handler runs once it is unblocked', () => {
    const handled: number[] = [];
    const progress = [0, 0];
    const got: unknown[] = [];
    let letMainUnblock = false;
    run(function* (k) {
      const child = (yield sys.fork(function* () {
        yield* catchSig(SIGCONT, function* () { handled.push((yield sys.gettid()) as number); });
        yield* block(SIGCONT); // inherited by the thread: nobody can take SIGCONT
        yield* thread(function* () { for (;;) { yield sys.compute(MS); progress[1]++; } });
        for (;;) {
          yield sys.compute(MS);
          progress[0]++;
          if (letMainUnblock) { letMainUnblock = false; yield sys.rt_sigprocmask(SIG_SETMASK, 0n, null); }
        }
      })) as number;
      yield* sleep(10 * MS);
      yield sys.kill(child, SIGSTOP);
      yield* wait(child, WUNTRACED);
      const before = [...progress];
      yield sys.kill(child, SIGCONT);
      yield* sleep(10 * MS);
      got.push(progress[0] > before[0], progress[1] > before[1], handled.length);
      got.push(threadsOf(k, child).every((t) => t.state !== TASK_STOPPED));
      letMainUnblock = true;
      yield* sleep(10 * MS);
      got.push(handled.length);
      yield sys.kill(child, SIGKILL);
      yield* wait(child, 0);
      return 0;
    }, { cpus: 2 });
    // resumed although blocked everywhere; the pending SIGCONT is handled once, when unblocked
    expect(got).toEqual([true, true, 0, true, 1]);
  });

  it('rule 16: SIGCONT discards a pending stop signal; a stop signal discards a pending SIGCONT', () => {
    const got: bigint[] = [];
    const r = run(function* () {
      yield* block(SIGTSTP, SIGCONT);
      const pid = (yield sys.getpid()) as number;
      yield sys.kill(pid, SIGCONT);
      got.push(yield* pending());
      yield sys.kill(pid, SIGTSTP); // discards the pending SIGCONT
      got.push(yield* pending());
      yield sys.kill(pid, SIGCONT); // discards the pending SIGTSTP
      got.push(yield* pending());
      yield sys.rt_sigprocmask(SIG_SETMASK, 0n, null); // nothing left to stop us
      got.push(yield* pending());
      return 7;
    });
    expect(got).toEqual([mask(SIGCONT), mask(SIGTSTP), mask(SIGCONT), 0n]);
    expect(r.h.status).toBe(7 << 8);
  });
});

describe('rule 17: SIGKILL and SIGSTOP', () => {
  it('rule 17: sigaction on SIGKILL or SIGSTOP is EINVAL (catch, ignore, or even default); querying is allowed', () => {
    const got: number[] = [];
    run(function* () {
      for (const s of [SIGKILL, SIGSTOP]) {
        for (const h of [function* () {}, SIG_IGN, SIG_DFL]) {
          got.push((yield sys.rt_sigaction(s, { handler: h as any, flags: 0, mask: 0n }, null)) as number);
        }
        got.push((yield sys.rt_sigaction(s, null, {})) as number);
      }
      return 0;
    });
    expect(got).toEqual([-EINVAL, -EINVAL, -EINVAL, 0, -EINVAL, -EINVAL, -EINVAL, 0]);
  });

  it('rule 17: masks silently drop them (sigprocmask, sa_mask); a process blocking everything is still stopped by SIGSTOP and killed by SIGKILL', () => {
    const got: unknown[] = [];
    run(function* () {
      const all = (1n << 64n) - 1n;
      const child = (yield sys.fork(function* () {
        got.push((yield sys.rt_sigprocmask(SIG_BLOCK, all, null)) as number);
        const old: { value?: bigint } = {};
        yield sys.rt_sigprocmask(SIG_BLOCK, 0n, old);
        got.push((old.value! & mask(SIGKILL, SIGSTOP)) === 0n, (old.value! & mask(SIGUSR1)) !== 0n);
        yield sys.rt_sigaction(SIGUSR1, { handler: function* () {}, flags: 0, mask: all }, null);
        const act: { value?: { mask: bigint } } = {};
        yield sys.rt_sigaction(SIGUSR1, null, act as any);
        got.push((act.value!.mask & mask(SIGKILL, SIGSTOP)) === 0n);
        for (;;) yield sys.pause();
      })) as number;
      yield* sleep(5 * MS);
      yield sys.kill(child, SIGSTOP);
      const [, st] = yield* wait(child, WUNTRACED);
      got.push(WIFSTOPPED(st) && WSTOPSIG(st));
      yield sys.kill(child, SIGKILL);
      const [, st2] = yield* wait(child, 0);
      got.push(WIFSIGNALED(st2) && WTERMSIG(st2));
      return 0;
    });
    expect(got).toEqual([0, true, true, true, SIGSTOP, SIGKILL]);
  });

  it('rule 17: SIGKILL kills a stopped process at once', () => {
    const got: number[] = [];
    run(function* () {
      const child = (yield sys.fork(function* () { for (;;) yield sys.pause(); })) as number;
      yield* sleep(5 * MS);
      yield sys.kill(child, SIGSTOP);
      yield* wait(child, WUNTRACED);
      yield sys.kill(child, SIGKILL);
      const [p, st] = yield* wait(child, 0);
      got.push(p === child ? 1 : 0, WTERMSIG(st));
      return 0;
    });
    expect(got).toEqual([1, SIGKILL]);
  });
});

void pauseUntil; void SIGUSR1;
