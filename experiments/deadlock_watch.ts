/**
 * deadlock_watch.ts — noticing a deadlock while a library's helper keeps timers going.
 *
 * The plain rule (runner.ts) is "the event queue ran dry while the program is not done": no
 * task can run and nothing is due that could wake one. A library helper breaks it: the
 * LinuxThreads manager polls its pipe every 2 s for ever, NGPT's watchdog sleeps its interval
 * while work sits on a stuck native. Their timeouts keep the queue busy, so a deadlocked program
 * would run on to the time limit. This watch ends such a run as a deadlock:
 *
 *   every program task other than the library's helpers (the library says which: isHelperTask)
 *   sleeps with no timeout armed, no kernel timer is active (no itimer, no device I/O in
 *   flight), and this stays so — not one program task woken, created or ended (each task's
 *   sleepGen is unchanged) — while every helper completes two of its cycles (wakes from its
 *   timeout and sleeps again).
 *
 * Two cycles, not one, because a helper may compare what it sees across one interval (NGPT's
 * watchdog rescues a native only after a whole interval without dispatches). The watch looks
 * when a helper's timeout fires (Kernel.onSleepTimeout, one test per timeout of a program task)
 * and, if the program is quiet then, once more 1 ms later, when the helper has run its cycle
 * (which takes microseconds; if it has not, the next timeout tries again). A program that can still make progress — a thread sleeping or waiting with a timeout, a read
 * of the slow device in flight, a pending alarm, a writer that can still run — never matches.
 *
 * Costs nothing on the hot path; for libraries without helpers (NPTL, green) it is not armed.
 */

import { type Kernel, type Task, type KTimer, pendingWork, stateLetter } from '../kernel/index.js';

/** How long after a helper's timeout the watch looks again (its cycle takes microseconds). */
export const CONFIRM_DELAY_NS = 1_000_000;
/** Helper cycles the program must stay quiet through. */
export const HELPER_CYCLES = 2;

/** What the watch sees at one instant: each task and its sleep generation. */
interface Observation {
  prog: Map<Task, number>;
  /** Every helper task, and those of them whose sleep will end by itself (a timeout). */
  helpers: Map<Task, number>;
  timedHelpers: Map<Task, number>;
  /** Nothing at all is running or runnable (the helpers are asleep again). */
  settled: boolean;
}

interface Quiet {
  prog: Map<Task, number>;
  /** The helpers that must still complete a cycle (a helper asleep for good need not). */
  helpers: Map<Task, number>;
  cycles: number;
  since: number;
}

export class DeadlockWatch {
  /** When the watch declared the deadlock (it stopped the kernel), or null. */
  detectedAt: number | null = null;
  /** When the program was first seen quiet, in the quiet spell that ended as a deadlock. */
  quietSince: number | null = null;
  private quiet: Quiet | null = null;
  private confirm: KTimer | null = null;

  constructor(
    private readonly k: Kernel,
    private readonly firstUserPid: () => number,
    private readonly isHelper: (tls: unknown) => boolean,
  ) {}

  /** Start watching (the run harness calls it before k.run()). */
  install(): void {
    this.k.onSleepTimeout = (t) => this.onTimeout(t);
  }

  private helperTask(t: Task): boolean {
    return t.pid >= this.firstUserPid() && !t.isKthread && this.isHelper(t.tls);
  }

  /** A task's timeout fires: if it is a helper's and the program is quiet, look again soon. */
  private onTimeout(t: Task): void {
    if (!this.helperTask(t) || this.confirm !== null) return;
    const o = this.observe(t);
    if (o === null) { this.quiet = null; return; }
    if (this.quiet === null || !sameGens(this.quiet.prog, o.prog)) {
      this.quiet = { prog: o.prog, helpers: o.timedHelpers, cycles: 0, since: this.k.now };
    }
    this.confirm = this.k.addTimer(this.k.now + CONFIRM_DELAY_NS, confirmFired, this);
  }

  /** The look after a helper's wake-up: count its cycle; enough cycles make a deadlock. */
  confirmNow(): void {
    this.confirm = null;
    const o = this.observe(null);
    const q = this.quiet;
    if (o === null || q === null || !sameGens(q.prog, o.prog)) { this.quiet = null; return; }
    if (!o.settled || !allCycled(q.helpers, o.helpers)) return;
    q.cycles++;
    q.helpers = o.timedHelpers;
    if (q.cycles < HELPER_CYCLES) return;
    this.detectedAt = this.k.now;
    this.quietSince = q.since;
    this.k.stop();
  }

  /**
   * Null if some program task can still run or be woken by a timer; else the snapshot.
   * `firing` is the helper whose timeout is being delivered (already off the event queue).
   */
  private observe(firing: Task | null): Observation | null {
    const w = pendingWork(this.k);
    for (const tm of w.timers) if (tm.fn !== confirmFired) return null;
    for (const t of w.timeouts.keys()) if (!this.helperTask(t)) return null;
    const first = this.firstUserPid();
    const prog = new Map<Task, number>();
    const helpers = new Map<Task, number>();
    const timedHelpers = new Map<Task, number>();
    let settled = !w.runnable;
    for (const t of this.k.tasks.values()) {
      if (t.pid < first || t.isKthread || t.exitState !== 0) continue;
      const running = stateLetter(t) === 'R';
      if (this.isHelper(t.tls)) {
        helpers.set(t, t.sleepGen);
        if (t === firing || w.timeouts.has(t)) timedHelpers.set(t, t.sleepGen);
        if (running) settled = false;
      } else {
        if (running) return null;
        prog.set(t, t.sleepGen);
      }
    }
    return { prog, helpers, timedHelpers, settled };
  }
}

function confirmFired(_k: Kernel, w: DeadlockWatch): void {
  w.confirmNow();
}

/** The same tasks, none of them woken or put to sleep again since. */
function sameGens(a: Map<Task, number>, b: Map<Task, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [t, g] of a) if (b.get(t) !== g) return false;
  return true;
}

/** Every helper seen before has since woken (its generation moved) or is gone. */
function allCycled(before: Map<Task, number>, now: Map<Task, number>): boolean {
  for (const [t, g] of before) if (now.get(t) === g) return false;
  return true;
}
