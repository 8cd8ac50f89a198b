/**
 * fault_signal.ts — a hardware fault of C code delivered to the program's handler.
 *
 * Models: force_sig_fault (kernel/signal.c) for a fault the CPU raised in user code: the
 * signal goes to the faulting thread; if it is blocked or ignored there, the kernel unblocks
 * it and resets it to SIG_DFL, so it kills the process (force_sig_info_to_task). Otherwise its
 * handler runs — below the faulting stack pointer, or on the alternate signal stack with
 * SA_ONSTACK. A stack overflow leaves no room on the thread's stack for the signal frame:
 * without an alternate stack the kernel cannot deliver it and the process dies of SIGSEGV
 * (setup_rt_frame fails → force_sigsegv), which is why TLPI's t_sigaltstack needs one.
 *
 * The handler runs through the library, as any signal sent to the thread (a tgkill to itself),
 * so its mask, SA_RESETHAND and SA_NODEFER apply; it sees si_code SI_TKILL rather than
 * SEGV_MAPERR/FPE_INTDIV, and no si_addr.
 *
 * Simplifies: returning from the handler. On Linux the faulting instruction runs again, faults
 * again and the handler runs again, forever, unless it changed what faulted; the trapped C
 * frames are gone here, so the process is killed by the signal instead, and the message says
 * so. A handler that ends the process (exit, _exit, abort) behaves as on Linux.
 */

import type { Sim, Sigaction } from '../../libs/api.js';
import { SIG_BLOCK, SA_ONSTACK, SIG_DFL, SIG_IGN } from '../../libs/api.js';
import type { Activation } from './activation.js';
import type { CProcess } from './process.js';
import { CFault } from './traps.js';

/** The C handler's flags if `sig` would run one on this thread now, else null (the fault kills). */
function* handlerFlags(p: CProcess, sig: number): Sim<number | null> {
  const l = p.libc;
  const disp = { value: { handler: SIG_DFL } as Sigaction };
  if ((yield* l.sigaction(sig, null, disp)) !== 0) return null;
  const h = disp.value.handler;
  if (h === SIG_DFL || h === SIG_IGN || (h as { cfn?: number }).cfn === undefined) return null;
  const mask = { value: 0n };
  if ((yield* l.pthread_sigmask(SIG_BLOCK, null, mask)) !== 0) return null;
  if ((mask.value >> BigInt(sig - 1)) & 1n) return null;
  return disp.value.flags ?? 0;
}

/** The stack pointer C had when it trapped. */
function faultingSp(p: CProcess): number {
  p.getRegs(p.regs);
  p.fresh();
  return p.words[p.regs >>> 2];
}

/**
 * `fault` ended `act`'s C code. Run the program's handler for its signal on that thread if it
 * has one that can run; returns the error to throw when the handler returns (or at once when
 * there is none): the fault, fatal.
 */
export function* deliverFault(p: CProcess, act: Activation, fault: CFault, overflow: boolean): Sim<CFault> {
  const sig = fault.signo;
  const sp = faultingSp(p);
  const flags = yield* handlerFlags(p, sig);
  if (flags === null) return fault;
  const th = act.thread;
  act.sp = sp; // the signal frame goes below the faulting frame
  if (overflow && ((flags & SA_ONSTACK) === 0 || th.handlerStack(true) === null)) return fault;
  const l = p.libc;
  if (th.cloned) yield* l.tgkill(yield* l.getpid(), yield* l.gettid(), sig);
  else yield* l.raise(sig);
  return new CFault(sig, `${fault.message} — its handler returned: Linux would run the faulting instruction again (and fault again); the lab ends the process`);
}
