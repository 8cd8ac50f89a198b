/**
 * clone.ts — glibc's clone(fn, stack, flags, arg, ptid, tls, ctid) from C, through the
 * library's Libc.clone (one clone system call; the kernel checks the flags: rule 1).
 *
 * Models: the call TLPI's t_clone.c and "write your own thread library" labs make. The child
 * task runs fn(arg) and exits with its value (clone.S: SYS_exit, this task only):
 *  - with CLONE_VM it runs in this process's instance — the memory the parent sees — on a C
 *    stack of its own (the block clone.c malloc'ed, laid out as pthread_create's: process.ts
 *    threadFromBlock), as LinuxThreads' threads, which are clone(CLONE_VM|...) tasks too;
 *  - without it, in a copy of the instance made as fork makes one (fork.ts snapshot and
 *    childProcess), where fn(arg) starts on the copied block instead of fork returning 0.
 * Tid words (CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID): each C address is
 * named to the kernel as futex.ts names a futex word — its MAP_SHARED mapping's word (kept
 * coherent by the mapping itself), or its private shadow, which the kernel writes (the tid at
 * clone, 0 at the child's exit, with a futex wake) and process.ts syncTids copies into the C
 * word before C code runs again. So a "join" that futex-waits on the tid word until the
 * kernel clears it works as on Linux.
 *
 * Simplifies (the clone(2) man page's warning, kept): the child shares the caller's library
 * state — the thread pointer, so pthread_self(), the library's descriptor — and should make
 * plain system calls only, not pthread_* calls. Its errno and __thread variables are its own
 * (the lab switches them per C thread), where glibc's child would share the caller's unless it
 * set a TLS (CLONE_SETTLS is dropped: clone.c). A handler a CLONE_VM child's task takes runs
 * on the child's C stack (found by its tid: signals.ts); under NGPT and green the library hands
 * the signal to the user thread it believes runs — the creator's — so the handler runs there
 * (their signal model assumes every task is one of its natives). A child without CLONE_VM is a
 * process as fork's is. raise() in the child signals the child's own task (glibc ≥ 2.25's
 * raise, from getpid and gettid: signals.ts).
 */

import type { Libc, Sim, pthread_t } from '../../libs/api.js';
import {
  CLONE_VM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID, EFAULT,
} from '../../libs/api.js';
import { Activation, runActivation, suspend } from './activation.js';
import type { CProcess } from './process.js';
import { snapshot, childProcess, type ForkImage } from './fork.js';
import { lockInherited } from './objects.js';
import { tlsForked } from './tls.js';
import { kernelWord, mirrorWord } from './futex.js';

/** What the child's start routine needs. */
interface CloneInfo {
  p: CProcess;
  fn: number;
  arg: number;
  block: number;
  size: number;
  /** The caller's pthread_self (the child shares its thread pointer). */
  self: pthread_t;
  /** Without CLONE_VM: the image the child's instance is made from. */
  img: ForkImage | null;
  /** The child's CHILD_SETTID / CLEARTID word in its own (copied) memory: [C address, clear]. */
  ctid: [number, boolean] | null;
}

/**
 * Watch the tid word at C address `addr` (kernel word k) for the kernel's stores (process.ts
 * syncTids). Before the clone the C value is copied into the shadow (`mirror`); in a child
 * without CLONE_VM the kernel has already stored the tid in its copy, which the watch then finds.
 */
function watchTid(p: CProcess, addr: number, k: number, clear: boolean, mirror: boolean): void {
  if (p.regionAt(addr) !== null) return; // a MAP_SHARED word: the mapping keeps it coherent
  const m = p.libc.lab_mapping(k);
  if (m === null) return;
  if (mirror) mirrorWord(p, addr, k);
  const old = p.tids?.get(addr);
  (p.tids ??= new Map()).set(addr, { shm: m.shm, off: m.off, last: p.load32(addr), clear: clear || old?.clear === true });
}

/** The child task's C code: fn(arg) on its block, in this instance or in a copy of it. */
function* cloneChild(libc: Libc, info: CloneInfo): Sim<number> {
  let c = info.p;
  if (info.img !== null) {
    c = childProcess(info.img, libc);
    const th0 = c.threadFromBlock(info.self, info.block, info.size);
    tlsForked(c, info.img.parent, th0);
    c.threadStarted(th0);
    yield* lockInherited(c, th0, info.img.files);
    if (info.ctid !== null) {
      const k = c.futex?.byC.get(info.ctid[0]) ?? -1;
      if (k >= 0) watchTid(c, info.ctid[0], k, info.ctid[1], false);
    }
    return yield* runClone(c, th0, info, () => c.threadGone(th0));
  }
  const th = c.threadFromBlock(info.self, info.block, info.size);
  const tid = yield* libc.gettid(); // its handlers run on its own C stack (signals.ts receivingThread)
  const run = c.run;
  (run.clones ??= new Map()).set(tid, th);
  return yield* runClone(c, th, info, () => {
    c.deadBlocks.push([info.block, info.block + info.size]);
    run.clones!.delete(tid);
    if (run.clones!.size === 0) run.clones = null;
  });
}

function runClone(c: CProcess, th: ReturnType<CProcess['threadFromBlock']>, info: CloneInfo, end: () => void): Sim<number> {
  th.cloned = true;
  const act = new Activation(th, '__lab_clone_entry', [info.fn, info.arg], th.buf, th.bufEnd, th.stackTop);
  act.done = (r) => { end(); return r; };
  return runActivation(c, act);
}

/** The kernel word of a tid pointer the flags use (0: none), or -EFAULT. */
function* tidWord(p: CProcess, addr: number, used: boolean): Sim<number> {
  if (!used || addr === 0) return 0;
  return yield* kernelWord(p, addr);
}

/** clone(&args): the child's tid, or -1 with errno. */
function* opClone(p: CProcess, a: Activation): Sim<number> {
  const at = a.a0 >>> 0;
  const fn = p.load32(at), arg = p.load32(at + 4), flags = p.load32(at + 8);
  const ptid = p.loadU32(at + 12), ctid = p.loadU32(at + 16), block = p.loadU32(at + 20), size = p.loadU32(at + 24);
  const vm = (flags & CLONE_VM) !== 0;
  const clears = (flags & CLONE_CHILD_CLEARTID) !== 0;
  const kp = yield* tidWord(p, ptid, (flags & CLONE_PARENT_SETTID) !== 0);
  const kc = yield* tidWord(p, ctid, (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) !== 0);
  if (kp < 0 || kc < 0) { a.thread.errno = EFAULT; return -1; }
  const saved = p.tids === null ? null : new Map(p.tids);
  if (kp !== 0) watchTid(p, ptid, kp, false, true);
  if (kc !== 0 && vm) watchTid(p, ctid, kc, clears, true);
  else if (kc !== 0) mirrorWord(p, ctid, kc);
  const img = vm ? null : yield* snapshot(p, a);
  const info: CloneInfo = { p, fn, arg, block, size, self: a.thread.self, img, ctid: kc !== 0 && !vm ? [ctid, clears] : null };
  const tid = yield* p.libc.clone(cloneChild, flags & ~CLONE_SETTLS, info, kp, undefined, kc);
  if (tid < 0) {
    p.tids = saved;
    a.thread.errno = p.libc.errno;
    return -1;
  }
  if (img !== null) {
    img.childPid = tid;
    if (img.child !== null) img.child.pid = tid;
  }
  return tid;
}

export function cloneImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    clone: (args) => suspend(p, opClone, args),
  };
}
