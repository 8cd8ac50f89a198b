/**
 * index.ts — the kernel's public surface. libs/ and experiments/ import only from here.
 *
 * For thread libraries (user space): `sys` (system-call stubs), `uaccess` (loads, stores,
 * atomics, the thread pointer), the uapi constants, and the request/generator types.
 * For the lab (experiments/): `Kernel` with its options and cost presets, `spawnProgram`,
 * ps views, the trace log and its event kinds, kernel-thread helpers for kernel modules.
 */

export * from './uapi.js';
export { Req, NR_COMPUTE, type Sim } from './req.js';
export { sys } from './usys.js';
export * as uaccess from './uaccess.js';
export type { SigAction, SigInfo, Context } from './task.js';
export type { CloneArgs } from './fork.js';
export type { Utsname } from './sys_uname.js';
export type { ShmemObject as SharedMemory, ShmHolder } from './shmem.js';
export { PSHARED_BASE, SHM_DIR, NAME_MAX } from './shmem.js';
export { USER_BASE } from './mm.js';
export type { ConsoleInput, ConsoleTty, Stat } from './file.js';
export type { Flock } from './locks.js';
export { seedFile, changedFiles, HOME_DIR } from './fs_ramfs.js';
export type { Dirent } from './namei.js';
export type { SchedParam } from './sys_sched.js';
export { cloneFlagsError } from './fork.js';
export { Kernel, PID_MAX_DEFAULT, PID_MAX_LIMIT, type KernelOptions, type KTimer } from './kernel.js';
export { DEFAULT_DEPTH, type SchedPct, type ScheduleOptions, type UserSchedPerturb } from './sched_pct.js';
export { CELL_PID, CELL_TGID, CELL_BEAT, CELL_RUNNING, CELL_SLOTS } from './watch_cell.js';
export { pendingWork, type PendingWork } from './pending.js';
export type { CostModel } from './costs.js';
export { spawnProgram, describeStatus, shellExitCode, STUDENT_UID, type ProgramHandle, type SpawnOptions } from './shell.js';
export { psThreads, psProcesses, formatPsAx, formatPsEf, stateLetter, type PsRow } from './ps.js';
export * from './trace.js';
export { kthreadRun, kthreadStop, kthreadShouldStop } from './kthread.js';
export { NR, syscallName } from './syscalls.js';
export {
  CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, makeThreadCpuclock, makeProcessCpuclock,
} from './posix_cpu_timers.js';
export { KernelPanic } from './panic.js';
export { defaultAction, HandlerExit } from './signal.js';
export type { Task } from './task.js';
export {
  loadModule, unloadModule, isKernelModule, taskSnapshot,
  type KernelModule, type KernelApi, type ModuleTask, type LoadedModule,
} from './module.js';
export {
  PRESETS, DEFAULT_PRESET, HOST_COSTS_FILE, loadCostModel, describeCosts, CostModelError,
} from './costs.js';
