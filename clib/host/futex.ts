/**
 * futex.ts — syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3) from C, on the kernel's
 * futex (kernel/futex.ts), through the library's raw system call (Libc.futex).
 *
 * Models: the futex(2) system call on a word of the program's memory — what the futex(2) man
 * page's futex_demo.c and every "write your own mutex / thread library" lab call. Linux reads
 * the word itself (get_user) and keys a waiter on it (get_futex_key); here the word lives in
 * the WebAssembly instance, which the kernel cannot see, so each C word is named to the kernel
 * by a kernel word (`kernelWord`):
 *  - in a MAP_SHARED mapping: the mapping's kernel address plus the offset. The kernel reads the
 *    shmem object, which first writes this process's mirror back (kernel/shmem.ts sync), so its
 *    compare reads the C word as it is, and every process mapping the object meets on the same
 *    key (object, offset), as Linux's inode + page offset;
 *  - anywhere else (globals, heap, C stacks: private memory): a "shadow" word the host assigns
 *    to that C address, in a private anonymous mapping of the kernel's (one page holds 1024;
 *    a page is mapped on first need, which shows as one mmap call). The C word's value is
 *    copied into its shadow just before the request is yielded, and the library yields it
 *    first (libs/common/libc_proc.ts), so copy, compare and queueing run with no other task in
 *    between: FUTEX_WAIT's compare-and-sleep stays atomic (rule 19). Threads sharing the
 *    instance (CLONE_VM) share the shadows and the kernel mm, so they meet on one key; a fork
 *    child keeps the table, its copy of the page, and its own mm (private futexes stay private).
 *
 * Tid words (clone's CLONE_PARENT_SETTID / CHILD_SETTID / CHILD_CLEARTID, clib/host/clone.ts)
 * in private memory are shadows the kernel itself writes; `CProcess.syncTids` copies a change
 * the kernel made into the C word before C code runs again (and before a futex call copies the
 * other way), so the word a joiner waits on is 0 once the kernel has cleared it.
 *
 * The timeout: FUTEX_WAIT's is relative; FUTEX_WAIT_BITSET's is absolute, on CLOCK_MONOTONIC or,
 * with FUTEX_CLOCK_REALTIME, CLOCK_REALTIME (turned relative here, as the kernel takes it).
 * A tv_nsec outside [0, 1e9) or a negative tv_sec is EINVAL (futex_init_timeout).
 *
 * Simplifies: a FUTEX_WAIT restarted after a SA_RESTART handler compares the shadow as copied
 * when the call began (a handler that changed the word is not seen: Linux would return EAGAIN);
 * FUTEX_WAKE_OP and FUTEX_FD are ENOSYS, as the kernel has none; so are the PI operations, which the
 * kernel has (kernel/futex_pi.ts) but which write the word themselves — the owner's TID, a
 * hand-over while the C thread sleeps — and a shadow is copied only from C to the kernel.
 */

import type { Sim } from '../../libs/api.js';
import {
  EFAULT, EINVAL, ENOSYS, FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE,
  FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, FUTEX_PRIVATE_FLAG, FUTEX_CLOCK_REALTIME,
  PROT_READ, PROT_WRITE, MAP_PRIVATE, MAP_ANONYMOUS, CLOCK_REALTIME, CLOCK_MONOTONIC,
} from '../../libs/api.js';
import { suspend, type Activation } from './activation.js';
import type { CProcess } from './process.js';
import { NULL_PAGE } from './instrument.js';

const PAGE = 4096;
const CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

/** A process's shadow words: kernel address by C address, and the free rest of the last page. */
export interface FutexShadows {
  byC: Map<number, number>;
  next: number;
  end: number;
}

/** A copy for a fork child (its mm has a copy of every shadow page at the same addresses). */
export function copyShadows(s: FutexShadows | null): FutexShadows | null {
  return s === null ? null : { byC: new Map(s.byC), next: s.next, end: s.end };
}

/**
 * The kernel word for C address `addr` (see the header): a shared mapping's, or a shadow
 * (mapped on first need: may yield); -EFAULT outside the program's memory or in its null page.
 */
export function* kernelWord(p: CProcess, addr: number): Sim<number> {
  if (addr < NULL_PAGE || addr + 4 > p.mem.buffer.byteLength) return -EFAULT;
  const r = p.regionAt(addr);
  if (r !== null) return r.kaddr + (addr - r.addr);
  const s = (p.futex ??= { byC: new Map(), next: 0, end: 0 });
  const k = s.byC.get(addr);
  if (k !== undefined) return k;
  if (s.next === s.end) {
    const page = yield* p.libc.mmap(PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    if (page < 0) return -p.libc.errno;
    s.next = page;
    s.end = page + PAGE;
  }
  const w = s.next;
  s.next += 4;
  s.byC.set(addr, w);
  return w;
}

/** Copy the C word at `addr` into its shadow (nothing to do for a shared mapping's word). */
export function mirrorWord(p: CProcess, addr: number, k: number): void {
  if (p.regionAt(addr) !== null) return;
  const m = p.libc.lab_mapping(k);
  if (m === null) return;
  const v = p.load32(addr);
  m.shm.write(m.off, v);
  const t = p.tids?.get(addr);
  if (t !== undefined) t.last = v;
}

/** The timeout in ns from now (null: none), or -1 for a timespec the kernel refuses. */
function* timeoutNs(p: CProcess, at: number, cmd: number, op: number): Sim<number | null> {
  if (at === 0 || (cmd !== FUTEX_WAIT && cmd !== FUTEX_WAIT_BITSET)) return null;
  const sec = p.loadI64(at), nsec = p.load32(at + 8);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -1;
  const ns = sec * 1e9 + nsec;
  if (cmd === FUTEX_WAIT) return ns;
  const now = yield* p.libc.clock_gettime(op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC);
  return Math.max(0, ns - now);
}

function fail(a: Activation, e: number): number {
  a.thread.errno = e;
  return -1;
}

/** futex(uaddr, op, val, timeout-or-val2, uaddr2, val3): the kernel's answer, -1 and errno on failure. */
function* opFutex(p: CProcess, a: Activation): Sim<number> {
  const uaddr = a.a0 >>> 0, op = a.a1, cmd = op & CMD_MASK;
  const requeue = cmd === FUTEX_REQUEUE || cmd === FUTEX_CMP_REQUEUE;
  if (cmd !== FUTEX_WAIT && cmd !== FUTEX_WAKE && cmd !== FUTEX_WAIT_BITSET && cmd !== FUTEX_WAKE_BITSET && !requeue) return fail(a, ENOSYS);
  if ((uaddr & 3) !== 0) return fail(a, EINVAL);
  if ((op & FUTEX_CLOCK_REALTIME) !== 0 && cmd !== FUTEX_WAIT_BITSET && cmd !== FUTEX_WAIT) return fail(a, ENOSYS); // do_futex (4.5+)
  const timeout = yield* timeoutNs(p, a.a3 >>> 0, cmd, op);
  if (timeout !== null && timeout < 0) return fail(a, EINVAL);
  const k = yield* kernelWord(p, uaddr);
  if (k < 0) return fail(a, -k);
  let k2 = 0;
  if (requeue) {
    if (((a.a4 >>> 0) & 3) !== 0) return fail(a, EINVAL);
    k2 = yield* kernelWord(p, a.a4 >>> 0);
    if (k2 < 0) return fail(a, -k2);
  }
  // From here to the request: no yield (the copy and the kernel's compare are one step).
  if (p.tids !== null) p.syncTids();
  mirrorWord(p, uaddr, k);
  if (requeue) mirrorWord(p, a.a4 >>> 0, k2);
  const r = requeue
    ? yield* p.libc.futex(k, op, a.a2 | 0, a.a3 | 0, k2, a.a5 | 0)
    : yield* p.libc.futex(k, op, a.a2 | 0, timeout, 0, a.a5 | 0);
  if (r < 0) a.thread.errno = p.libc.errno;
  return r;
}

export function futexImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    futex: (uaddr, op, val, timeout, uaddr2, val3) => suspend(p, opFutex, uaddr, op, val, timeout, uaddr2, val3),
  };
}
