/**
 * sys_affinity.ts — CPU affinity: sched_setaffinity, sched_getaffinity, getcpu, and moving a
 * task off a CPU its new mask no longer allows.
 *
 * Mirrors: kernel/sched/core.c — sys_sched_setaffinity (get_user_cpu_mask: a shorter buffer
 * is zero-extended, a longer one read only as far as the kernel's mask), sched_setaffinity
 * (find_process_by_pid: pid 0 is the caller, and a pid names one task — a thread's tid sets
 * that thread only; ESRCH; EPERM unless the caller's euid is the task's uid or euid, or it has
 * CAP_SYS_NICE), __set_cpus_allowed_ptr (EINVAL when the mask has no active CPU; nothing to do
 * when the task's CPU stays allowed), affine_move_task (a queued task is moved at once by
 * move_queued_task; a running one by the CPU stopper, which preempts it), sys_sched_getaffinity
 * (EINVAL for a length shorter than nr_cpu_ids bits or not a multiple of sizeof(long); returns
 * the bytes written, min(len, cpumask_size())), and kernel/sys.c getcpu. Linux 2.6.11's
 * set_cpus_allowed / migrate_task do the same with a migration thread.
 *
 * Simplifies: the lab has no hotplug and no cpusets, so the possible, online and active masks
 * are all the first n CPUs and cpumask_size() is 8 bytes (NR_CPUS = 64, the lab's limit); a
 * running task is moved when its CPU next passes the scheduler's return-to-user check (its
 * slice is cut short, as the stopper's preemption does), not by a stopper kernel thread; the
 * destination is select_task_rq's choice among the allowed CPUs rather than
 * cpumask_any_and_distribute's. The pid is the task's pid (the lab has no pid namespaces).
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Cpu } from './sched.js';
import { activateTask, interruptCpu, putPrev, selectTaskRq, enqueueTask, kickCpu } from './sched.js';
import { EFAULT, EINVAL, EPERM, ESRCH } from './uapi.js';
import { capable } from './sys_cred.js';
import { cpuAllowed, onlineMask } from './cpumask.js';
import { EV_PREEMPT } from './trace.js';

/** cpumask_size(): the bytes of the kernel's CPU mask (NR_CPUS = 64 here). */
export const CPUMASK_SIZE = 8;

/** find_process_by_pid: pid 0 is the caller; a live task otherwise (a thread's tid names it alone). */
export function findProcessByPid(k: Kernel, t: Task, pid: number): Task | null {
  if (pid === 0) return t;
  const p = k.findTask(pid);
  return p ?? null;
}

/** check_same_owner, or CAP_SYS_NICE. */
function mayChange(t: Task, p: Task): boolean {
  return t.cred.euid === p.cred.euid || t.cred.euid === p.cred.uid || capable(t);
}

/** sched_setaffinity(pid, len, mask): 0 or -errno. `mask` is the user's cpu_set_t as a bigint. */
export function sysSchedSetaffinity(k: Kernel, t: Task, pid: number, len: number, mask: bigint): number {
  if (typeof mask !== 'bigint') return -EFAULT;
  if (!Number.isInteger(pid) || pid < 0 || !Number.isInteger(len) || len < 0) return -EINVAL;
  const p = findProcessByPid(k, t, pid);
  if (p === null) return -ESRCH;
  if (!mayChange(t, p)) return -EPERM;
  const user = len < CPUMASK_SIZE ? mask & ((1n << BigInt(len * 8)) - 1n) : mask;
  return setCpusAllowed(k, p, user);
}

/**
 * __set_cpus_allowed_ptr: store the mask (only its online bits) and move the task if its CPU
 * is no longer allowed. EINVAL, changing nothing, when no online CPU is in the mask.
 */
export function setCpusAllowed(k: Kernel, p: Task, mask: bigint): number {
  const online = onlineMask(k.cpus.length);
  const m = mask & online;
  if (m === 0n) return -EINVAL;
  p.cpusMask = m === online ? null : m;
  if (cpuAllowed(p, p.cpu)) return 0;
  if (p.onRq) moveQueuedTask(k, p);
  else if (p.onCpu) reschedToMigrate(k, k.cpus[p.cpu]);
  // A sleeping or stopped task goes to an allowed CPU when it is woken (selectTaskRq).
  return 0;
}

/** move_queued_task: off its run queue, onto an allowed CPU's. */
function moveQueuedTask(k: Kernel, p: Task): void {
  k.cpus[p.cpu].rq.remove(p);
  p.onRq = false;
  const dst = selectTaskRq(k, p);
  enqueueTask(k, p, dst);
  k.migrations++;
  kickCpu(k, dst, k.costs.ipi + k.costs.idleWake);
}

/**
 * The stopper's preemption of a running task, as a need_resched: end the CPU's slice now (and
 * cut a user burst in flight), so its next trip through the scheduler's checks migrates it.
 */
function reschedToMigrate(k: Kernel, cpu: Cpu): void {
  cpu.sliceEnd = k.engine.now;
  if (cpu.curr !== k.current) interruptCpu(k, cpu);
}

/**
 * migration_cpu_stop for the task running on `cpu`, called by entry.ts when the task's slice
 * has ended and its CPU is not allowed: take it off (an involuntary switch) and wake it on an
 * allowed CPU.
 */
export function migrateRunning(k: Kernel, cpu: Cpu, t: Task): void {
  putPrev(k, cpu, t);
  t.sliceLeft = 0;
  t.nivcsw++;
  k.migrations++;
  if (k.trace.on[EV_PREEMPT]) k.trace.emit(EV_PREEMPT, k.engine.now, cpu.id, t.pid, cpu.id, 0, '');
  activateTask(k, t, null);
}

/** sched_getaffinity(pid, len, out): the bytes written (out.value gets the mask), or -errno. */
export function sysSchedGetaffinity(k: Kernel, t: Task, pid: number, len: number, out: { value?: bigint } | null): number {
  if (!Number.isInteger(len) || len * 8 < k.cpus.length || len % 8 !== 0) return -EINVAL;
  if (out === null || typeof out !== 'object') return -EFAULT;
  if (!Number.isInteger(pid) || pid < 0) return -EINVAL;
  const p = findProcessByPid(k, t, pid);
  if (p === null) return -ESRCH;
  out.value = p.cpusMask ?? onlineMask(k.cpus.length);
  return Math.min(len, CPUMASK_SIZE);
}

/** getcpu(cpu, node): the CPU the caller runs on (node 0: one NUMA node). */
export function sysGetcpu(k: Kernel, t: Task, cpu: { value?: number } | null, node: { value?: number } | null): number {
  if (cpu) cpu.value = t.cpu;
  if (node) node.value = 0;
  return 0;
}
