/**
 * sigaltstack.ts — the alternate signal stack: sigaltstack(2), and which handler frames run
 * "on" it.
 *
 * Mirrors: kernel/signal.c do_sigaltstack (old settings first: SS_DISABLE when none, SS_ONSTACK
 * while running on it; a change while on it is EPERM; flags other than 0, SS_ONSTACK or
 * SS_DISABLE are EINVAL; a stack smaller than MINSIGSTKSZ is ENOMEM), on_sig_stack /
 * sas_ss_flags, and arch get_sigframe (a handler with SA_ONSTACK, when a stack is set and the
 * thread is not already on it, gets its frame there; a handler that interrupts code already
 * on the stack stays on it); kernel/fork.c copy_process (clone with CLONE_VM and without
 * CLONE_VFORK starts with no alternate stack — Linux ≥ 2.6.16; before, a thread inherited its
 * creator's: KernelOptions.cloneVmCopiesSigaltstack) and fs/exec.c (exec clears it).
 *
 * The lab has no real stacks, so what is modelled is what a program can observe: the values
 * sigaltstack reports, SS_ONSTACK while a handler runs on the stack, and EPERM then.
 * The settings are per task, so M:N and M:1 user threads share their native's.
 */

import type { Kernel } from './kernel.js';
import type { Task, KSigAction } from './task.js';
import { EINVAL, EPERM, ENOMEM, SA_ONSTACK, SS_ONSTACK, SS_DISABLE, MINSIGSTKSZ } from './uapi.js';

/** stack_t as the kernel reads and writes it. */
export interface KStack {
  ss_sp?: number;
  ss_size?: number;
  ss_flags?: number;
}

/** on_sig_stack: the task is running a handler frame that is on its alternate stack. */
export function onSigStack(t: Task): boolean {
  const f = t.sigFrames;
  return f.length > 0 && f[f.length - 1].onstack;
}

/** get_sigframe's choice for a new handler frame: on the alternate stack or not. */
export function frameOnAltStack(t: Task, ka: KSigAction): boolean {
  if (onSigStack(t)) return true; // nested: the frame goes below the interrupted one, on the stack
  return (ka.flags & SA_ONSTACK) !== 0 && t.sasSize !== 0;
}

/** sigaltstack(ss, oss). */
export function sysSigaltstack(k: Kernel, t: Task, ss: KStack | null, oss: KStack | null): number {
  const on = onSigStack(t);
  const old = { ss_sp: t.sasSp, ss_size: t.sasSize, ss_flags: t.sasSize === 0 ? SS_DISABLE : on ? SS_ONSTACK : 0 };
  if (ss) {
    if (typeof ss !== 'object') return -EINVAL;
    if (on) return -EPERM;
    const flags = ss.ss_flags ?? 0;
    if (flags !== 0 && flags !== SS_ONSTACK && flags !== SS_DISABLE) return -EINVAL;
    t.sasFlags = flags; // kept as given: a frame's uc_stack.ss_flags (__save_altstack)
    if (flags === SS_DISABLE) {
      t.sasSp = 0;
      t.sasSize = 0;
    } else {
      const size = ss.ss_size ?? 0;
      const sp = ss.ss_sp ?? 0;
      if (!Number.isInteger(size) || !Number.isInteger(sp)) return -EINVAL;
      if (size < MINSIGSTKSZ) return -ENOMEM;
      t.sasSp = sp;
      t.sasSize = size;
    }
  }
  if (oss) Object.assign(oss, old);
  return 0;
}
