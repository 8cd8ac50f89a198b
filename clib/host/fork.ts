/**
 * fork.ts — fork() from C: the child is a copy of the process and returns 0 from the call.
 *
 * Models: do_fork of a process image, which the TypeScript API cannot offer (a running
 * generator cannot be copied) but C can: the calling thread's C stack is unwound into its
 * Asyncify buffer — inside the program's memory — so a copy of the memory holds the thread
 * exactly where it called fork. The library's fork() runs a function in the child (libs/api.ts);
 * for C that function instantiates the same module again, copies the memory in, and rewinds
 * the forking thread's activation with fork returning 0. The parent is rewound with the child's
 * pid. Globals, heap, stack locals, stdio buffers (an unflushed printf is printed twice, as in
 * C) are private to each side from then on. Only the calling thread exists in the child.
 *
 * The library objects behind the program's mutexes, semaphores ... are not copied (they are
 * the library's); the child creates its own on first use, in the parent's state at fork
 * (objects.ts Inherited): a semaphore keeps its value, a mutex the forker held is held by the
 * child's thread, one another thread held stays held for ever.
 *
 * MAP_SHARED mappings are not private: the child keeps the parent's shared regions (the same
 * kernel objects, which the kernel's fork shares), so after fork both mirror one object
 * (process.ts); the parent's mirror is made current before its memory is copied.
 *
 * Pages that hold only zeros are not copied (memoryImage): the child's fresh memory has them
 * already, as copy_page_range leaves out the parent's never-touched pages (pte_none). A finished
 * thread's block is zeroed when it is given up (process.ts blockGone), so a program that ran a
 * thousand threads and then forks hundreds of children gives each the pages in use, not a copy
 * of every old thread stack (LTP's pthread_cond_broadcast/1-2: 200 children of a 110 MiB memory).
 *
 * Simplifies: the memory is copied when fork is called, not when the kernel clones (writes by
 * other threads of the parent in between do not reach the child); a fork inside a signal
 * handler resumes the interrupted code in the child as if its call had failed with EINTR.
 */

import { tlsForImage, tlsForked } from './tls.js';
import type { Libc, Sim } from '../../libs/api.js';
import { EINTR } from '../../libs/api.js';
import { Activation, runActivation, suspend } from './activation.js';
import { CProcess, CThread, type CRun, type SharedRegion } from './process.js';
import { objectStates, lockInherited, type Inherited } from './objects.js';
import { importTable } from './imports.js';
import { copyShadows, type FutexShadows } from './futex.js';
import type { JumpState } from './setjmp.js';

interface ActivationImage {
  entry: string;
  args: number[];
  buf: number;
  bufEnd: number;
  sp: number;
  /** Its stack's limit (a makecontext'd context's stack, if it runs one). */
  limit: number;
  /** Its setjmp records (the child may longjmp to a setjmp made before fork). */
  jumps: Map<number, JumpState> | null;
}

/** A copy of a process's memory: its size, and the runs of pages not all zero (later runs win). */
export interface MemoryImage {
  size: number;
  runs: [number, Uint8Array][];
}

export interface ForkImage {
  run: CRun;
  argv: string[];
  /** The parent's memory at fork; null once the child has it. */
  memory: MemoryImage | null;
  thread: { stackTop: number; buf: number; bufEnd: number; block: number; limit: number; nestLo: number; nestTop: number; errno: number; altstack: CThread['altstack'] };
  /** The forking activation first, then the ones it runs on top of. */
  activations: ActivationImage[];
  objects: Map<number, Inherited>;
  files: Map<number, Inherited>;
  parent: CProcess;
  shared: SharedRegion[] | null;
  mappings: Map<number, number>;
  mappingLens: Map<number, number>;
  privateAnon: Set<number>;
  /** syscall(SYS_futex)'s shadow words: the child's mm has a copy of their page (futex.ts). */
  futex: FutexShadows | null;
  /** The child's pid, once the parent's fork has returned. */
  childPid: number | null;
  child: CProcess | null;
}

export function* snapshot(p: CProcess, a: Activation): Sim<ForkImage> {
  const th = a.thread;
  const { objects, files } = yield* objectStates(p, th);
  const activations: ActivationImage[] = [];
  for (let x: Activation | null = a; x !== null; x = x.parent) {
    activations.push({ entry: x.entry, args: x.args, buf: x.buf, bufEnd: x.bufEnd, sp: x.sp, limit: x.limit, jumps: x.jumps });
  }
  if (p.shared !== null) p.acquireShared();
  const memory = memoryImage(p.mem.buffer);
  p.libc.lab_progress(); // a large memory's scan and copy take host time but no engine steps
  const tls = tlsForImage(p, th);
  if (tls !== null) memory.runs.push(tls);
  return {
    shared: p.shared === null ? null : p.shared.map((r) => ({ ...r })), mappings: new Map(p.mappings), mappingLens: new Map(p.mappingLens), privateAnon: new Set(p.privateAnon), futex: copyShadows(p.futex),
    run: p.run, argv: p.argv, memory,
    thread: { stackTop: th.stackTop, buf: th.buf, bufEnd: th.bufEnd, block: th.block, limit: th.limit, nestLo: th.nestLo, nestTop: th.nestTop, errno: th.errno, altstack: th.altstack },
    activations, objects, files, parent: p, childPid: null, child: null,
  };
}

/** Linux's page: the grain at which memoryImage leaves out zeros (checked 64 KiB at a time first). */
const PAGE = 4096;
const SPAN = 65536;
const ZERO = Buffer.alloc(SPAN);

/** Whether [off, off + n) of `all` holds only zeros (n ≤ SPAN). */
function zeros(all: Buffer, off: number, n: number): boolean {
  return all.compare(ZERO, 0, n, off, off + n) === 0;
}

/**
 * The memory's pages that are not all zero (copy_page_range), copied into one buffer as runs of
 * consecutive pages. A memory's size is a multiple of 64 KiB, WebAssembly's page.
 */
export function memoryImage(buffer: ArrayBufferLike): MemoryImage {
  const size = buffer.byteLength;
  const all = Buffer.from(buffer);
  const spans: [number, number][] = [];
  const page = (off: number): void => {
    if (zeros(all, off, PAGE)) return;
    const last = spans[spans.length - 1];
    if (last !== undefined && last[1] === off) last[1] = off + PAGE;
    else spans.push([off, off + PAGE]);
  };
  for (let off = 0; off < size; off += SPAN) {
    if (!zeros(all, off, SPAN)) for (let p = off; p < off + SPAN; p += PAGE) page(p);
  }
  let total = 0;
  for (const [a, b] of spans) total += b - a;
  const copy = new Uint8Array(total);
  const runs: [number, Uint8Array][] = [];
  let at = 0;
  for (const [a, b] of spans) {
    copy.set(all.subarray(a, b), at);
    runs.push([a, copy.subarray(at, at + b - a)]);
    at += b - a;
  }
  return { size, runs };
}

/** Make the fresh instance's memory the image: grown to its size, its own initial bytes replaced. */
function copyImage(c: CProcess, img: MemoryImage): void {
  const initial = c.mem.buffer.byteLength;
  if (img.size > initial) c.mem.grow((img.size - initial) / SPAN);
  const mem = new Uint8Array(c.mem.buffer);
  mem.fill(0, 0, Math.min(initial, img.size)); // grown pages are zero already
  for (const [off, bytes] of img.runs) mem.set(bytes, off);
}

/** A new instance with the parent's memory and mappings (fork's child; clone's without CLONE_VM). */
export function childProcess(img: ForkImage, libc: Libc): CProcess {
  const c = new CProcess(img.run, libc, img.argv, img.parent.objects.forChild(img.objects));
  img.child = c;
  c.pid = img.childPid;
  c.instantiate(importTable(c));
  const memory = img.memory!;
  img.memory = null; // the child's copy is made: the image's can go (the child may live long)
  copyImage(c, memory);
  libc.lab_progress();
  c.accounted = memory.size; // the kernel copied the parent's mm, data segment and all
  c.grown = 0;
  c.shared = img.shared;
  for (const [a, k] of img.mappings) c.mappings.set(a, k);
  for (const [a, n] of img.mappingLens) c.mappingLens.set(a, n);
  for (const a of img.privateAnon) c.privateAnon.add(a);
  c.futex = img.futex;
  return c;
}

/** The parent activation's setjmp records, for its copy in the child (the data is never changed: shared). */
function forkedJumps(jumps: Map<number, JumpState> | null, act: Activation): Map<number, JumpState> | null {
  if (jumps === null) return null;
  const m = new Map<number, JumpState>();
  for (const [env, st] of jumps) m.set(env, { ...st, act });
  return m;
}

/** The child's side: a new instance with the parent's memory, the forking thread rewound. */
function* forkChild(img: ForkImage, libc: Libc): Sim<number> {
  const c = childProcess(img, libc);
  const self = yield* libc.pthread_self();
  const t = img.thread;
  const th = new CThread(c, self, t.stackTop, t.buf, t.bufEnd, t.block, t.limit);
  th.errno = t.errno;
  th.altstack = t.altstack;
  th.nestLo = t.nestLo;
  th.nestTop = t.nestTop;
  tlsForked(c, img.parent, th);
  c.threadStarted(th);
  yield* lockInherited(c, th, img.files);
  let result = 0;
  for (const [i, x] of img.activations.entries()) {
    const act = new Activation(th, x.entry, x.args, x.buf, x.bufEnd, x.sp);
    act.started = true;
    act.limit = x.limit;
    act.result = result;
    act.jumps = forkedJumps(x.jumps, act);
    yield* runActivation(c, act);
    result = -1;
    th.errno = EINTR;
  }
  c.threadGone(th);
  return 0;
}

/** fork (a0 = 0) or vfork (a0 = 1): the child resumes from this call in a copy of the process. */
function* opFork(p: CProcess, a: Activation): Sim<number> {
  const img = yield* snapshot(p, a);
  const childMain = function* (libc: Libc): Sim<number> { return yield* forkChild(img, libc); };
  const pid = a.a0 === 1 ? yield* p.libc.vfork(childMain) : yield* p.libc.fork(childMain);
  if (pid < 0) {
    a.thread.errno = p.libc.errno;
    return -1;
  }
  img.childPid = pid;
  if (img.child !== null) img.child.pid = pid;
  return pid;
}

export function forkImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    fork: () => suspend(p, opFork, 0),
    vfork: () => suspend(p, opFork, 1),
  };
}
