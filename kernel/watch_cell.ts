/**
 * watch_cell.ts — the layout of Kernel.currentCell, the few words a watchdog in another thread
 * reads while the kernel runs (experiments/watchdog.ts). Models nothing of Linux: it plays the
 * part of the NMI watchdog's per-CPU counters (kernel/watchdog.c's hrtimer_interrupts, which a
 * soft-lockup detector compares between checks).
 *
 * An Int32Array over a SharedArrayBuffer of CELL_SLOTS words:
 *  - CELL_PID, CELL_TGID: the task whose user code the kernel last resumed (entry.ts);
 *  - CELL_BEAT: the engine's heartbeat, bumped every BEAT_STEPS engine steps (sim/engine.ts),
 *    and by Engine.pulse when the host did work that is progress (a C fork's memory copy);
 *  - CELL_RUNNING: 1 while Kernel.run simulates, 0 before and after (loading a program or
 *    writing its report is not simulation, so a still heartbeat then means nothing).
 */

export const CELL_PID = 0;
export const CELL_TGID = 1;
export const CELL_BEAT = 2;
export const CELL_RUNNING = 3;
export const CELL_SLOTS = 4;
