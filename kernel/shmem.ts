/**
 * shmem.ts — memory shared between processes: shmem objects (the pages behind a MAP_SHARED
 * mapping), the /dev/shm namespace POSIX named objects live in, and the pshared arena.
 *
 * Mirrors: mm/shmem.c (shmem_file_setup / shmem_zero_setup: an anonymous MAP_SHARED mapping is
 * backed by an unlinked tmpfs file, so fork's child maps the same pages; shmem_getpage: a page
 * is the object's, not the mm's), fs/namei.c + fs/open.c for the paths glibc's shm_open and
 * sem_open use (open("/dev/shm/NAME", O_CREAT|O_EXCL, mode): EEXIST, ENOENT, ENAMETOOLONG for a
 * component over NAME_MAX, EACCES from the mode bits, mode masked by the umask), unlink
 * (ENOENT; the object lives on while mapped or open), ftruncate (i_size; EINVAL unless the
 * descriptor is open for writing), and kernel/futex/core.c get_futex_key (see futex.ts).
 *
 * Design (how sharing is real, not copied): an object owns its bytes (one ArrayBuffer seen as
 * bytes and as 32-bit words); every mm that maps it reads and writes those bytes (mm.ts routes
 * a shared VMA's addresses here), and fork shares the object instead of copying it (no
 * copy-on-write). A C program's memory is a WebAssembly instance's own linear memory, which no
 * other instance can see, so the C host mirrors a mapped object in the instance and keeps one
 * rule (the `holder`): at any moment either the object's bytes are current, or exactly one
 * instance's mirror is (the one that last ran C code with the object mapped). Code runs one
 * task at a time, so a C process takes the object (`acquire`: the holder's mirror is written
 * back, then copied in) before its C code runs, and every kernel access first writes the
 * holder's mirror back (`sync`). That makes every store visible to the next reader, in any
 * process — the sequential consistency a single-CPU machine gives, at the cost of a copy when
 * the object changes hands.
 *
 * The pshared arena: the lab's libraries keep an object's state as a JavaScript object plus
 * words of simulated memory addressed by number (libs/ never see a C address). A process-shared
 * mutex, condition variable or semaphore takes its words from one kernel-wide shmem object that
 * every process maps, on first use, at the same address (PSHARED_BASE), so the same number names
 * the same word everywhere and its futexes key on (arena, offset) as Linux's do on
 * (inode, page offset). Real programs place such objects in their own shared mapping; the arena
 * stands for "wherever the object was placed", given that the words' address must agree.
 *
 * Simplifies: the namespace is flat (no directories under /dev/shm), an object's size is not
 * rounded to pages (read/write/lseek/fstat on a descriptor: shmem_rw.ts), and permissions are the owner/other mode bits against the effective uid (root passes).
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { File, type FileOps } from './file.js';
import { shmemRead, shmemWrite, shmemLlseek, shmemStat } from './shmem_rw.js';
import {
  EACCES, EEXIST, EINVAL, ENAMETOOLONG, ENOENT, O_ACCMODE, O_RDONLY, O_WRONLY, S_IFREG,
  O_CREAT, O_EXCL, O_TRUNC,
} from './uapi.js';

/** limits.h NAME_MAX: the longest path component. */
export const NAME_MAX = 255;
export const SHM_DIR = '/dev/shm/';
export const PAGE_SIZE = 4096;
/** Where the pshared arena is mapped in every mm that uses it (above mmap_base, below the stack). */
export const PSHARED_BASE = 0xb0000000;
export const PSHARED_LEN = 1 << 24;

/** The mirror of an object that is newer than its bytes (the C host's copy in an instance). */
export interface ShmHolder {
  /** Write the mirror back into `o.bytes`. */
  flush(o: ShmemObject): void;
}

let shmIds = 0;

/** shmem_inode_info with its page cache: the bytes, the size, who maps it. */
export class ShmemObject {
  readonly id = ++shmIds;
  bytes: Uint8Array;
  words: Int32Array;
  /** i_size in bytes. */
  size: number;
  /** Mappings of it in every mm (the mapcount), for tests and ipcs-like views. */
  nattch = 0;
  holder: ShmHolder | null = null;
  /**
   * User space's state for objects that live in these bytes, by offset: what a library keeps
   * for a process-shared semaphore or mutex placed here (found again from any process).
   */
  readonly objects = new Map<number, unknown>();
  /** Its name under /dev/shm while linked (null: anonymous or unlinked). */
  name: string | null = null;
  mode = 0o600;
  uid = 0;
  /** Its group: the creator's fsgid (shmem_get_inode → inode_init_owner). */
  gid = 0;
  /** i_ino under /dev/shm (fstat's st_ino; 0 for an object that never had a name). */
  ino = 0;
  /**
   * A System V segment's bookkeeping (ipc/shm.ts: shm_close), told each time a mapping of the
   * object goes away — munmap, shmdt, exit or exec dropping the mm — after nattch is lowered.
   */
  onUnmap: ((o: ShmemObject) => void) | null = null;

  constructor(size: number) {
    this.size = size;
    const buf = new ArrayBuffer(Math.max(PAGE_SIZE, roundUp(size)));
    this.bytes = new Uint8Array(buf);
    this.words = new Int32Array(buf);
  }

  /** The holder's mirror written back: the bytes are current (every kernel access first). */
  sync(): void {
    const h = this.holder;
    if (h !== null) {
      this.holder = null;
      h.flush(this);
    }
  }

  read(off: number): number {
    this.sync();
    const i = off >> 2;
    return i < this.words.length ? this.words[i] : 0;
  }

  write(off: number, v: number): void {
    this.sync();
    const i = off >> 2;
    if (i >= this.words.length) this.grow(off + 4);
    this.words[i] = v;
  }

  /** ftruncate: a new size; bytes past it read as zero again (shmem_setattr → truncate). */
  resize(size: number): void {
    this.sync();
    if (size < this.size) this.bytes.fill(0, size, Math.min(this.bytes.length, this.size));
    this.size = size;
    if (size > this.bytes.length) this.grow(size);
  }

  private grow(n: number): void {
    const buf = new ArrayBuffer(roundUp(Math.max(n, this.bytes.length * 2)));
    const b = new Uint8Array(buf);
    b.set(this.bytes);
    this.bytes = b;
    this.words = new Int32Array(buf);
  }
}

function roundUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

/** The kernel's shmem state: /dev/shm's names and the pshared arena. */
export interface ShmemState {
  names: Map<string, ShmemObject>;
  arena: ShmemObject;
  /** Next free byte of the arena, and freed blocks by size in words. */
  arenaTop: number;
  arenaFree: Map<number, number[]>;
  /** get_next_ino: the last inode number a /dev/shm file got (per kernel, so runs repeat). */
  lastIno: number;
}

export function shmemState(k: Kernel): ShmemState {
  let s = k.ext.shmem as ShmemState | undefined;
  if (s === undefined) {
    s = { names: new Map(), arena: new ShmemObject(PSHARED_LEN), arenaTop: 0, arenaFree: new Map(), lastIno: 0 };
    s.arena.name = null;
    k.ext.shmem = s;
  }
  return s;
}

/** What a /dev/shm descriptor refers to. */
export const shmemFileOps: FileOps = {
  name: 'shmem', mode: S_IFREG, read: shmemRead, write: shmemWrite, llseek: shmemLlseek, stat: shmemStat,
};

export function shmemOf(f: File | null): ShmemObject | null {
  return f !== null && f.ops === shmemFileOps ? (f.priv as ShmemObject) : null;
}

/** may_open → generic_permission: the owner's, else the group's, else the others' bits (root passes). */
function permitted(t: Task, o: ShmemObject, acc: number): boolean {
  const euid = t.cred ? t.cred.euid : 0;
  if (euid === 0) return true;
  const inGroup = t.cred ? t.cred.fsgid === o.gid : false; // no supplementary groups in the lab
  const bits = euid === o.uid ? (o.mode >> 6) & 7 : inGroup ? (o.mode >> 3) & 7 : o.mode & 7;
  const want = acc === O_RDONLY ? 4 : acc === O_WRONLY ? 2 : 6;
  return (bits & want) === want;
}

/** The name under /dev/shm, or an error: ENAMETOOLONG past NAME_MAX, ENOENT for a subdirectory. */
function shmName(path: string): string | number {
  const name = path.slice(SHM_DIR.length);
  if (name.length > NAME_MAX) return -ENAMETOOLONG;
  if (name.length === 0 || name.includes('/')) return -ENOENT;
  return name;
}

/**
 * open("/dev/shm/NAME", flags, mode): null when the path is not under /dev/shm (the caller goes
 * on), else the open file (the caller installs it, close-on-exec as flags say) or -errno (O_CREAT|O_EXCL on an existing name: EEXIST; no O_CREAT and
 * no name: ENOENT; O_TRUNC empties it).
 */
export function shmemOpen(k: Kernel, t: Task, path: string, flags: number, mode: number): File | number | null {
  if (!path.startsWith(SHM_DIR)) return null;
  const name = shmName(path);
  if (typeof name === 'number') return name;
  const s = shmemState(k);
  let o = s.names.get(name);
  const acc = flags & O_ACCMODE;
  if (o !== undefined) {
    if ((flags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL)) return -EEXIST;
    if (!permitted(t, o, acc)) return -EACCES;
  } else {
    if (!(flags & O_CREAT)) return -ENOENT;
    o = new ShmemObject(0);
    o.name = name;
    o.ino = ++s.lastIno;
    o.mode = (mode ?? 0o666) & 0o7777 & ~(t.fs ? t.fs.umask : 0o022);
    o.uid = t.cred ? t.cred.euid : 0;
    o.gid = t.cred ? t.cred.fsgid : 0;
    s.names.set(name, o);
  }
  if (flags & O_TRUNC && acc !== O_RDONLY) o.resize(0);
  return new File(shmemFileOps, flags & (O_ACCMODE | 0o4000), o);
}

/** unlink("/dev/shm/NAME"): the name goes; the object lives on while mapped or open. */
export function shmemUnlink(k: Kernel, t: Task, path: string): number | null {
  if (typeof path !== 'string' || !path.startsWith(SHM_DIR)) return null;
  const name = shmName(path);
  if (typeof name === 'number') return name;
  const s = shmemState(k);
  const o = s.names.get(name);
  if (o === undefined) return -ENOENT;
  const euid = t.cred ? t.cred.euid : 0;
  if (euid !== 0 && euid !== o.uid) return -EACCES; // the directory is sticky (/dev/shm is 1777)
  s.names.delete(name);
  o.name = null;
  return 0;
}

/** ftruncate of a /dev/shm file (open.ts sysFtruncate hands it here): EINVAL unless open for writing. */
export function shmemFtruncate(f: File, o: ShmemObject, length: number): number {
  if ((f.flags & O_ACCMODE) === O_RDONLY || !Number.isInteger(length) || length < 0) return -EINVAL;
  o.resize(length);
  return 0;
}

/** n words of the pshared arena (their offset in it), zeroed; freed blocks are reused. */
export function arenaAlloc(s: ShmemState, n: number): number {
  const list = s.arenaFree.get(n);
  if (list !== undefined && list.length > 0) {
    const off = list.pop()!;
    for (let i = 0; i < n; i++) s.arena.write(off + 4 * i, 0);
    return off;
  }
  const off = s.arenaTop;
  if (off + 4 * n > PSHARED_LEN) return -1;
  s.arenaTop += 4 * n;
  return off;
}

export function arenaFree(s: ShmemState, off: number, n: number): void {
  let list = s.arenaFree.get(n);
  if (list === undefined) s.arenaFree.set(n, (list = []));
  list.push(off);
}
