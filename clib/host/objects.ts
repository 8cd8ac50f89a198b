/**
 * objects.ts — C's pthread_mutex_t, pthread_cond_t, sem_t, pthread_barrier_t and FILE locks,
 * each backed by an object of the chosen library.
 *
 * Models: a C synchronisation object is memory; its state lives in the library. The host tags
 * the C object when it creates the library's (word 0: a magic number and the kind, word 1: an
 * id into this table, word 2: a mutex's type), so a copy of the memory (fork) still finds it
 * and zeroed memory — PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, a static sem_t —
 * means "not created yet": it is created on first use, as glibc's zero state needs no call.
 *
 * Lazy creation may yield (pthread_mutex_init charges CPU time), so two threads could meet an
 * uncreated object at once: the first puts a placeholder in the table and the second yields
 * the CPU (sched_yield) until the object exists. No lock of the lab's own is involved, so
 * the library's object numbering (mutex#0, mutex#1 ... in deadlock reports) is the program's.
 *
 * Process-shared objects. One initialised with PTHREAD_PROCESS_SHARED (or sem_init pshared 1)
 * inside a shared mapping (process.ts SharedRegion) is tagged MAGIC_SHARED and kept in the
 * kernel object's side table (SharedMemory.objects) by its offset in the object, so every
 * process that maps the object finds the same library object there — made by the library as a
 * process-shared one (its words in shared memory, shared futexes). A named semaphore (sem_open)
 * is a private sem_t tagged as usual whose object is `named`: fork's child keeps the very same
 * library object (its words are in a shared mapping the child inherits) instead of a copy.
 */

import type { Libc, Sim, pthread_mutex_t, pthread_cond_t, sem_t, pthread_barrier_t, MutexType, MutexAttr } from '../../libs/api.js';
import type { CProcess, CThread, SharedRegion } from './process.js';

export const KIND_MUTEX = 1, KIND_COND = 2, KIND_SEM = 3, KIND_BARRIER = 4, KIND_FILELOCK = 5;
/** Reader-writer and spin locks (rwlock.ts): word 2 is a lock's kind (a fork child makes it anew, free). */
export const KIND_RWLOCK = 6, KIND_SPIN = 7;
const MAGIC = 0x7a5b0000;
const MAGIC_SHARED = 0x7a5c0000;
const TYPES: MutexType[] = ['normal', 'recursive', 'errorcheck', 'adaptive'];

export interface LabObject {
  kind: number;
  id: number;
  /** Where it was created (FILE locks: the FILE). */
  addr: number;
  /** The library's object (null while a placeholder). */
  obj: unknown;
  /** Mutexes: PTHREAD_MUTEX_NORMAL/RECURSIVE/ERRORCHECK. */
  type: number;
  /** Which thread holds it (mutexes and FILE locks, as the host saw it), and how often. */
  owner: CThread | null;
  depth: number;
  /**
   * FILE locks: how many of `depth` a stdio call took for itself (stdio.c's LOCKED, glibc's
   * _IO_acquire_lock), as against flockfile's. A thread cancelled inside a stdio call gives those
   * back as it ends (__lab_thread_end → io_release), as glibc's _IO_acquire_lock_fct cleanup does.
   */
  ioDepth?: number;
  /** A named semaphore (sem_open): the fork child keeps this object. */
  named?: boolean;
  /** A named semaphore: how often sem_open returned it here and sem_close has not closed it. */
  opens?: number;
}

/**
 * An object of the parent at fork, waiting to be created in the child on first use: the
 * child's memory has the parent's tags, and the child gets its own library object, in the
 * state the parent's had — a semaphore's value, a barrier's count, and whether a mutex was
 * held by the forking thread (the child's only thread holds it) or by another thread (it
 * stays locked for ever: fork only copies the caller). Condition variables start empty.
 */
export interface Inherited {
  kind: number;
  addr: number;
  type: number;
  /** A semaphore's value, a barrier's count. */
  value: number;
  held: 'no' | 'forker' | 'other';
}

/** The owner of a mutex whose holder did not survive fork. */
export const GHOST = { self: -1 } as unknown as CThread;

export class ObjectTable {
  private nextId = 1;
  readonly byId = new Map<number, LabObject>();
  /** FILE locks by the FILE's address (a FILE is wasi-libc's: it carries no tag). */
  readonly fileLocks = new Map<number, LabObject>();
  /** A fork child's objects of the parent, by id (see Inherited). */
  readonly inherited = new Map<number, Inherited>();

  /** The id tagged at `addr` for an object of `kind`, or 0 (C objects are word-aligned). */
  taggedId(p: CProcess, addr: number, kind: number): number {
    p.fresh();
    const w = p.words;
    const i = addr >>> 2;
    return (addr & 3) === 0 && w[i] === (MAGIC | kind) ? w[i + 1] : 0;
  }

  /** The object tagged at `addr`, if it is one of `kind` and known here (or to the shared memory). */
  find(p: CProcess, addr: number, kind: number): LabObject | null {
    const id = this.taggedId(p, addr, kind);
    if (id !== 0) return this.byId.get(id) ?? null;
    return p.shared === null ? null : findShared(p, addr, kind);
  }

  /** A placeholder entry, tagged into memory before the library object exists. */
  reserve(p: CProcess, addr: number, kind: number, type: number, id = this.nextId++): LabObject {
    const o: LabObject = { kind, id, addr, obj: null, type, owner: null, depth: 0 };
    this.byId.set(o.id, o);
    p.store32(addr, MAGIC | kind);
    p.store32(addr + 4, o.id);
    p.store32(addr + 8, type);
    return o;
  }

  /** The child's table after fork: no objects yet, the parent's as inherited, ids continued; named semaphores kept. */
  forChild(states: Map<number, Inherited>): ObjectTable {
    const t = new ObjectTable();
    t.nextId = this.nextId;
    for (const [id, s] of states) t.inherited.set(id, s);
    for (const o of this.byId.values()) if (o.named === true) t.byId.set(o.id, { ...o }); // its own open count
    return t;
  }

  /** Forget the object at `addr` (destroy): its memory reads as "not created" again. */
  drop(p: CProcess, addr: number, o: LabObject): void {
    const r = p.load32(addr) === (MAGIC_SHARED | o.kind) ? p.regionAt(addr) : null;
    if (r !== null) r.m.shm.objects.delete(sharedKey(r, addr));
    this.byId.delete(o.id);
    p.store32(addr, 0);
    p.store32(addr + 4, 0);
  }
}

/**
 * The kind a static initializer put in word 2 of a zero-tagged object: a mutex's type
 * (PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP …) or a rwlock's kind
 * (PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP); 0 otherwise.
 */
function typeHint(p: CProcess, addr: number, max: number): number {
  const t = p.load32(addr + 8);
  return t >= 0 && t <= max ? t : 0;
}

/**
 * A mutex object's type: bits 0-1 the kind, ROBUST_TYPE when robust, the protocol (PTHREAD_PRIO_*)
 * at PROTO_SHIFT and a PROTECT mutex's ceiling at CEILING_SHIFT (sync.ts opMutexInit) — so a
 * fork child's copy is the same kind of mutex.
 */
export const ROBUST_TYPE = 4;
export const PROTO_SHIFT = 3;
export const CEILING_SHIFT = 5;

/** The attribute a mutex object's type stands for. */
export function mutexAttrOf(type: number): MutexAttr {
  const attr: MutexAttr = { type: TYPES[type & 3] ?? 'normal' };
  if ((type & ROBUST_TYPE) !== 0) attr.robust = 1;
  const proto = (type >>> PROTO_SHIFT) & 3;
  if (proto !== 0) { attr.protocol = proto; attr.prioceiling = type >>> CEILING_SHIFT; }
  return attr;
}

function* create(libc: Libc, kind: number, type: number, value = 0): Sim<unknown> {
  if (kind === KIND_MUTEX) return yield* libc.pthread_mutex_init(mutexAttrOf(type));
  if (kind === KIND_FILELOCK) return yield* libc.pthread_mutex_init({ type: 'normal' });
  if (kind === KIND_COND) return yield* libc.pthread_cond_init();
  if (kind === KIND_SEM) return yield* libc.sem_init(value);
  if (kind === KIND_BARRIER) return yield* libc.pthread_barrier_init(value);
  if (kind === KIND_RWLOCK) return yield* libc.pthread_rwlock_init({ lockkind: type, pshared: 0 });
  if (kind === KIND_SPIN) return yield* libc.pthread_spin_init(0);
  throw new Error(`threadlab: object kind ${kind} cannot be created implicitly`);
}

/** Create a fork child's object from the parent's state (the mutex left unlocked: see lockInherited). */
function* adopt(p: CProcess, addr: number, id: number, s: Inherited): Sim<LabObject> {
  p.objects.inherited.delete(id);
  const o = p.objects.reserve(p, addr, s.kind, s.kind === KIND_BARRIER ? s.value : s.type, id);
  o.obj = yield* create(p.libc, s.kind, s.type, s.value);
  return o;
}

/** Wait until a placeholder is filled by the thread creating it. */
function* await_(p: CProcess, o: LabObject): Sim<LabObject> {
  while (o.obj === null) yield* p.libc.sched_yield();
  return o;
}

/**
 * The library object behind the C object at `addr`, created now if the memory is still zero.
 * Returns null for a barrier never initialised (the caller reports EINVAL).
 */
export function* obtain(p: CProcess, addr: number, kind: number): Sim<LabObject | null> {
  const t = p.objects;
  const o = t.find(p, addr, kind);
  if (o !== null) return o.obj === null ? yield* await_(p, o) : o;
  const id = t.taggedId(p, addr, kind);
  const inh = id === 0 ? undefined : t.inherited.get(id);
  if (inh !== undefined) return yield* adopt(p, addr, id, inh);
  if (kind === KIND_BARRIER) return null;
  const n = t.reserve(p, addr, kind, kind === KIND_MUTEX ? typeHint(p, addr, 3) : kind === KIND_RWLOCK ? typeHint(p, addr, 2) : 0);
  n.obj = yield* create(p.libc, kind, n.type);
  return n;
}

/**
 * Create the object at `addr` explicitly (pthread_mutex_init and the other *_init calls); a
 * process-shared one inside a shared mapping goes to the shared memory's table.
 */
export function* initObject(p: CProcess, addr: number, kind: number, make: Sim<unknown>, type = 0, pshared = false): Sim<LabObject> {
  const old = p.objects.find(p, addr, kind);
  if (old !== null) p.objects.drop(p, addr, old);
  const r = pshared && (addr & 3) === 0 ? p.regionAt(addr) : null;
  if (r === null) {
    const o = p.objects.reserve(p, addr, kind, type);
    o.obj = yield* make;
    return o;
  }
  const o: LabObject = { kind, id: 0, addr, obj: null, type, owner: null, depth: 0 };
  r.m.shm.objects.set(sharedKey(r, addr), o);
  p.store32(addr, MAGIC_SHARED | kind);
  p.store32(addr + 4, 0);
  p.store32(addr + 8, type);
  o.obj = yield* make;
  return o;
}

/** Where an object at `addr` of a shared region is kept in its shared memory's table. */
function sharedKey(r: SharedRegion, addr: number): number {
  return r.m.off + (addr - r.addr);
}

/** The process-shared object tagged at `addr` (MAGIC_SHARED), from the shared memory's table. */
function findShared(p: CProcess, addr: number, kind: number): LabObject | null {
  if ((addr & 3) !== 0 || p.words[addr >>> 2] !== (MAGIC_SHARED | kind)) return null;
  const r = p.regionAt(addr);
  if (r === null) return null;
  const o = r.m.shm.objects.get(sharedKey(r, addr)) as LabObject | undefined;
  return o !== undefined && o.kind === kind ? o : null;
}

/** The lock of a FILE (by address), created on first use. */
export function* fileLock(p: CProcess, file: number): Sim<LabObject> {
  const t = p.objects;
  let o = t.fileLocks.get(file);
  if (o !== undefined) return o.obj === null ? yield* await_(p, o) : o;
  o = { kind: KIND_FILELOCK, id: 0, addr: file, obj: null, type: 0, owner: null, depth: 0 };
  t.fileLocks.set(file, o);
  o.obj = yield* create(p.libc, KIND_FILELOCK, 0);
  return o;
}

/** What the parent's objects are at fork (a generator: a semaphore's value is the library's). */
export function* objectStates(p: CProcess, forker: CThread): Sim<{ objects: Map<number, Inherited>; files: Map<number, Inherited> }> {
  const held = (o: LabObject): Inherited['held'] => (o.owner === null ? 'no' : o.owner === forker ? 'forker' : 'other');
  const objects = new Map(p.objects.inherited);
  for (const o of p.objects.byId.values()) {
    if (o.obj === null || o.named === true) continue;
    let value = o.kind === KIND_BARRIER ? o.type : 0;
    if (o.kind === KIND_SEM) {
      const ref = { value: 0 };
      yield* p.libc.sem_getvalue(o.obj as sem_t, ref);
      value = ref.value;
    }
    objects.set(o.id, { kind: o.kind, addr: o.addr, type: o.kind === KIND_BARRIER ? 0 : o.type, value, held: held(o) });
  }
  const files = new Map<number, Inherited>();
  for (const [addr, o] of p.objects.fileLocks) {
    if (o.owner !== null) files.set(addr, { kind: KIND_FILELOCK, addr, type: 0, value: 0, held: held(o) });
  }
  return { objects, files };
}

/**
 * In a fork child, before its C code resumes: every mutex (and FILE lock) held at fork is
 * created now and locked by the child's thread; one a thread other than the forker held keeps
 * a holder that does not exist (GHOST), so locking it again blocks, as in a real child.
 */
export function* lockInherited(p: CProcess, th: CThread, files: Map<number, Inherited>): Sim<void> {
  for (const [id, s] of [...p.objects.inherited]) {
    if (s.kind !== KIND_MUTEX || s.held === 'no') continue;
    const o = yield* adopt(p, s.addr, id, s);
    yield* p.libc.pthread_mutex_lock(o.obj as pthread_mutex_t);
    o.owner = s.held === 'forker' ? th : GHOST;
    o.depth = 1;
  }
  for (const [addr, s] of files) {
    const o = yield* fileLock(p, addr);
    yield* p.libc.pthread_mutex_lock(o.obj as pthread_mutex_t);
    o.owner = s.held === 'forker' ? th : GHOST;
    o.depth = 1;
  }
}

export type { pthread_mutex_t, pthread_cond_t, sem_t, pthread_barrier_t };
