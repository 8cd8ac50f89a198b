/**
 * kernel-process-ps.test.ts — the ps views (kernel/ps.ts) and determinism (DESIGN §4).
 *
 * ps: one snapshot, taken from inside a program at an instant when the machine holds a
 * multi-threaded process (NLWP 3, sleeping threads), a stopped child (T), an unreaped child
 * (Z, <defunct>), a vfork parent (D), the running snapshot taker (R), and kernel threads in
 * brackets. Determinism: the same raw-task program and seed give a byte-identical event log.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { umalloc, ustore } from '../kernel/uaccess.js';
import { formatPsAx, formatPsEf, psThreads, type PsRow } from '../kernel/ps.js';
import { recordTrace, formatEvent } from '../kernel/trace.js';
import { spawnProgram } from '../kernel/shell.js';
import { SIGSTOP, SIGKILL, SIGUSR1, FUTEX_WAIT, FUTEX_WAKE, SA_RESTART } from '../kernel/uapi.js';
import type { Kernel } from '../kernel/kernel.js';
import { boot, runMain, me, spawnThread, joinThread, wait, exitWith, burn } from './kernel-process-helpers.js';

interface Snapshot {
  ax: string;
  ef: string;
  rows: PsRow[];
  pids: Record<string, number>;
}

/** Build the zoo described in the header and take the snapshot from the vfork child. */
function psZoo(): { snap: Snapshot; shell: number } {
  const snap: Snapshot = { ax: '', ef: '', rows: [], pids: {} };
  const { h } = runMain(function* (k: Kernel) {
    const word = umalloc(1);
    const waiter = function* (): Generator<any, number, any> {
      yield sys.futex(word, FUTEX_WAIT, 0);
      return 0;
    };
    const t1 = yield* spawnThread(waiter);
    const t2 = yield* spawnThread(waiter);
    const stopped = (yield sys.fork(function* () { yield sys.pause(); return 0; })) as number;
    const zombie = (yield sys.fork(exitWith, 0)) as number;
    yield sys.kill(stopped, SIGSTOP);
    const vparent = (yield sys.fork(function* () {
      const vchild = (yield sys.vfork(function* () {
        snap.ax = formatPsAx(k);
        snap.ef = formatPsEf(k);
        snap.rows = psThreads(k);
        snap.pids.vchild = me(k).pid;
        return 0;
      })) as number;
      return vchild > 0 ? 0 : 1;
    })) as number;
    Object.assign(snap.pids, { main: me(k).pid, t1: t1.tid, t2: t2.tid, stopped, zombie, vparent });
    yield* wait(vparent, 0);
    yield sys.kill(stopped, SIGKILL);
    yield* wait(stopped, 0);
    yield* wait(zombie, 0);
    ustore(word, 1);
    yield sys.futex(word, FUTEX_WAKE, 2);
    yield* joinThread(t1);
    yield* joinThread(t2);
    return 0;
  }, { kthreads: true });
  return { snap, shell: h.shell.pid };
}

describe('ps: ps ax and ps -eLf', () => {
  const { snap, shell } = psZoo();
  const p = snap.pids;

  it('ps: every state letter — S (and l for threads), T stopped, Z zombie, D vfork parent, R running', () => {
    const line = (pid: number) => snap.ax.split('\n').find((l) => l.trimStart().startsWith(`${pid} `)) ?? '';
    expect(line(p.main)).toMatch(/ pts\/0\s+Sl\s+\S+ \.\/prog$/);
    expect(line(p.stopped)).toMatch(/ pts\/0\s+T\s+\S+ \.\/prog$/);
    expect(line(p.zombie)).toMatch(/ pts\/0\s+Z\s+\S+ \[prog\] <defunct>$/);
    expect(line(p.vparent)).toMatch(/ pts\/0\s+D\s+\S+ \.\/prog$/);
    expect(line(p.vchild)).toMatch(/ pts\/0\s+R\s+\S+ \.\/prog$/);
    expect(line(shell)).toMatch(/ pts\/0\s+S\s+\S+ -bash$/);
    expect(line(p.t1)).toBe(''); // threads are not processes
  });

  it('ps: -eLf shows one row per thread with its LWP and the group\'s NLWP', () => {
    const mine = snap.rows.filter((r) => r.pid === p.main);
    expect(mine.map((r) => [r.lwp, r.nlwp, r.stat])).toEqual([[p.main, 3, 'Sl'], [p.t1, 3, 'Sl'], [p.t2, 3, 'Sl']]);
    for (const tid of [p.main, p.t1, p.t2]) {
      expect(snap.ef).toMatch(new RegExp(`^student\\s+${p.main}\\s+${shell}\\s+${tid}\\s+0\\s+3 Sl\\s+pts/0\\s+\\S+ \\./prog$`, 'm'));
    }
    expect(snap.rows.filter((r) => r.pid === p.stopped).map((r) => r.nlwp)).toEqual([1]);
  });

  it('ps: kernel threads are shown in brackets, root-owned, with no tty, children of kthreadd', () => {
    const kthreads = snap.rows.filter((r) => r.kthread);
    expect(kthreads.length).toBeGreaterThan(5);
    for (const r of kthreads) {
      if (r.pid === 2) continue;
      expect(r.ppid).toBe(2);
      expect(r.cmd).toMatch(/^\[.+\]$/);
      expect(snap.ef).toMatch(new RegExp(`^root\\s+${r.pid}\\s+2\\s+${r.lwp}\\s+0\\s+1 \\S+\\s+\\?\\s+\\S+ \\${r.cmd.slice(0, -1)}\\]$`, 'm'));
    }
    expect(snap.ax).toMatch(/^\s+2 \?\s+S\s+\S+ \[kthreadd\]$/m);
    // user processes are never bracketed (only a zombie's "[comm] <defunct>")
    for (const r of snap.rows.filter((x) => !x.kthread && x.stat[0] !== 'Z')) expect(r.cmd).not.toMatch(/^\[/);
  });

  it('ps: processes forked by the student\'s program belong to the student', () => {
    for (const pid of [p.stopped, p.zombie, p.vparent, p.vchild]) {
      expect(snap.rows.find((r) => r.pid === pid)?.uid).toBe('student');
    }
  });
});

// ---------------------------------------------------------------------------------------
// Determinism

/** A program that exercises threads, fork, wait, signals, futexes and two CPUs. */
function* busyMain(k: Kernel): Generator<any, number, any> {
  let hits = 0;
  yield sys.rt_sigaction(SIGUSR1, { handler: function* () { hits++; }, flags: SA_RESTART, mask: 0n }, null);
  const threads = [];
  for (let i = 0; i < 3; i++) {
    threads.push(yield* spawnThread(function* (n: number): Generator<any, number, any> {
      for (let j = 0; j < 20; j++) { yield sys.compute(50_000 * (n + 1)); if (j % 5 === 0) yield sys.sched_yield(); }
      return n;
    }, i));
  }
  const kids: number[] = [];
  for (let i = 0; i < 3; i++) kids.push((yield sys.fork(burn, 200_000 * (i + 1))) as number);
  yield sys.kill(me(k).pid, SIGUSR1);
  for (const c of kids) yield* wait(c, 0);
  for (const t of threads) yield* joinThread(t);
  yield sys.write(1, `hits=${hits}\n`);
  return 0;
}

function tracedRun(seed: number): { log: string; stdout: string; now: number } {
  const k = boot({ cpus: 2, seed, kthreads: true });
  const rec = recordTrace(k.trace, 'all');
  spawnProgram(k, busyMain, k, 'busy');
  k.run();
  rec.stop();
  return { log: rec.events.map(formatEvent).join('\n'), stdout: k.stdout.join(''), now: k.now };
}

describe('determinism (DESIGN §4)', () => {
  it('determinism: the same program and seed give a byte-identical event log, stdout and clock', () => {
    const a = tracedRun(42);
    const b = tracedRun(42);
    expect(a.log.length).toBeGreaterThan(1000);
    for (const kind of ['sched_switch', 'sys_enter', 'clone', 'exit', 'signal_deliver', 'futex_wait', 'reap']) {
      expect(a.log).toContain(` ${kind} `);
    }
    expect(b.log).toBe(a.log);
    expect(b.stdout).toBe(a.stdout);
    expect(b.now).toBe(a.now);
  });

  it('determinism: another seed changes nothing here (no random draws in this program), so the log is equal', () => {
    // Only the PRNG's consumers (e.g. /dev/slow's jitter) see the seed; this program has none.
    expect(tracedRun(7).log).toBe(tracedRun(42).log);
  });
});
