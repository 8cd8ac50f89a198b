/**
 * tls.ts — thread-local variables (`__thread`, `_Thread_local`, C11's `thread_local`): one copy
 * per thread, as glibc's TLS gives each thread its own block (nptl/allocate_stack.c places it
 * beside the thread's descriptor; _dl_allocate_tls_init copies .tdata and zeroes .tbss).
 *
 * The lab's C programs are built without WebAssembly's threads features, so clang would make a
 * thread-local variable an ordinary global, shared by every thread — a silent wrong answer for a
 * program counting per thread. Instead the compiler is told to put each into one data section,
 * `.lab_tls` (TLS_FLAGS), which the linker keeps as its own block; the link map says where
 * (tlsBlockFromMap). The block holds the running thread's values: when another thread of the
 * process enters C (activation.ts), the block is saved into the leaving owner's CThread and the
 * newcomer's copy — or, for a thread that never ran, the initial bytes the image's data gave
 * the block — is put in its place (switchTls).
 *
 * Simplified: every thread's copy lives at the same address, so a pointer to a thread-local
 * variable handed to another thread reads that thread's copy, not the creator's (on Linux each
 * copy has its own address). The block is copied at each switch between threads of the
 * process: its size (a few bytes to a few KiB) times the switches. wasi-libc's own errno is
 * switched by activation.ts.
 */

import type { CProcess, CThread } from './process.js';

const SECTION = '.lab_tls';
const ATTRIBUTE = `__attribute__((section("${SECTION}")))`;

/** Compiler flags for the user's sources: the thread-local storage keywords name the section. */
export const TLS_FLAGS = [`-D__thread=${ATTRIBUTE}`, `-D_Thread_local=${ATTRIBUTE}`, '-Wno-keyword-macro'];

/** The `.lab_tls` output segment in a wasm-ld map ("addr off size .lab_tls"): [address, size], or null. */
export function tlsBlockFromMap(map: string): [number, number] | null {
  const m = /^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+) \.lab_tls$/m.exec(map);
  if (m === null) return null;
  const size = parseInt(m[2], 16);
  return size > 0 ? [parseInt(m[1], 16), size] : null;
}

/** At a new image's start: keep the block's initial bytes; the main thread owns what is in memory. */
export function tlsStart(p: CProcess, main: CThread): void {
  const tls = p.image.tls;
  if (tls === null) return;
  p.tlsInit = p.u8().slice(tls[0], tls[0] + tls[1]);
  p.tlsOwner = main;
}

/**
 * fork's copy of the memory: the forking thread's block goes in it, whoever's was in memory —
 * its address and a copy of its bytes (null: the memory holds it already, or there is none).
 */
export function tlsForImage(p: CProcess, th: CThread): [number, Uint8Array] | null {
  const tls = p.image.tls;
  return tls !== null && p.tlsOwner !== th ? [tls[0], (th.tls ?? p.tlsInit!).slice()] : null;
}

/** A fork child: its memory holds the forking thread's block, which becomes the child's thread's. */
export function tlsForked(child: CProcess, parent: CProcess, th: CThread): void {
  child.tlsInit = parent.tlsInit;
  child.tlsOwner = th;
}

/** `t` enters C: put its thread-local block in memory, saving the current owner's. */
export function switchTls(p: CProcess, t: CThread): void {
  const [addr, size] = p.image.tls!;
  const mem = p.u8();
  const owner = p.tlsOwner;
  if (owner !== null) {
    if (owner.tls === null) owner.tls = mem.slice(addr, addr + size);
    else owner.tls.set(mem.subarray(addr, addr + size));
  }
  mem.set(t.tls ?? p.tlsInit!, addr);
  p.tlsOwner = t;
}
