/**
 * sem_open.ts — NPTL's named semaphores: a struct new_sem in a /dev/shm file, mapped shared.
 *
 * Mirrors: glibc sysdeps/pthread/sem_open.c (the name through __shm_get_name with the "sem."
 * prefix: EINVAL, ENAMETOOLONG; glibc 2.3's nptl/sem_open.c only refuses an empty name, and its
 * sem_unlink.c answers ENOENT for one — the lab's default era; without O_CREAT|O_EXCL first try to open an existing one —
 * O_RDWR, so EACCES when the mode denies it — and, with O_CREAT, create it on ENOENT; creating
 * checks the value (EINVAL above SEM_VALUE_MAX, only then), makes the file with the mode under
 * the umask, writes the initial semaphore and maps it; an EEXIST race without O_EXCL opens the
 * one another process made), sem_close.c (munmap; EINVAL for a semaphore sem_open did not
 * return), sem_unlink.c (unlink "/dev/shm/sem.NAME": ENOENT; EPERM reported as EACCES).
 *
 * The semaphore is an ordinary NewSem whose words are the mapping's first two: every process
 * that opens the name maps the same shmem object, so its futex keys on (object, offset) and a
 * sem_post in one process wakes a sem_wait in another, whatever address each mapped it at.
 *
 * Simplifies: glibc writes the new file under a temporary name and links it into place, so no
 * opener ever sees it half made; here it is created under its name and initialised by the next
 * system calls (another process opening it in between reads a value of 0).
 *
 * One mapping per file per process, as sem_open.c's __sem_check_add_mapping keeps it (POSIX: a
 * second sem_open of the same name returns the same address while it is open): the process's
 * table of semaphores in use (struct inuse_sem: name, st_dev, st_ino, refcnt) finds the file
 * already mapped after fstat, counts it and closes the new descriptor; sem_close
 * (__sem_remove_mapping) counts down and unmaps at zero, EINVAL for a semaphore not in it. The
 * table is memory, so a fork child starts with a copy (nptl-init.ts).
 */

import { sys, EEXIST, EINVAL, ENOENT, O_RDWR, O_CLOEXEC, O_CREAT, O_EXCL, PROT_READ, PROT_WRITE, MAP_SHARED, type Sim, type Stat } from '../../kernel/index.js';
import { shmPath } from '../common/libc_shm.js';
import { NewSem, SEM_VALUE_MAX } from './sem_init.js';

const SEM_OPEN_FLAGS = O_RDWR | 0o400000 /* O_NOFOLLOW */ | O_CLOEXEC;
/** sizeof (sem_t) on x86-64. */
const SEM_SIZE = 32;
const NRETRIES = 50;

/** A semaphore sem_open returned (sem_close accepts only these). */
export class NamedSem extends NewSem {}

/** struct inuse_sem: one named semaphore mapped in this process, and how often it is open. */
export interface InuseSem { path: string; dev: number; ino: number; refcnt: number; sem: NamedSem }

/** __sem_open: the semaphore, or an error number (`legacy`: glibc 2.3's name rules, libc_shm.ts shmPath). */
export function* semOpen(name: string, oflag: number, mode: number, value: number, inuse: InuseSem[], legacy = false): Sim<NamedSem | number> {
  const path = shmPath(name, true, legacy);
  if (typeof path === 'number') return path;
  for (let tries = 0; ; tries++) {
    if ((oflag & O_CREAT) === 0 || (oflag & O_EXCL) === 0) {
      const fd = (yield sys.open(path, (oflag & O_EXCL) | SEM_OPEN_FLAGS)) as number;
      if (fd >= 0) return yield* checkAddMapping(path, fd, -1, inuse);
      if ((oflag & O_CREAT) === 0 || fd !== -ENOENT) return -fd;
    }
    if (!Number.isInteger(value) || value < 0 || value > SEM_VALUE_MAX) return EINVAL;
    const fd = (yield sys.open(path, O_CREAT | O_EXCL | SEM_OPEN_FLAGS, mode)) as number;
    if (fd >= 0) return yield* checkAddMapping(path, fd, value, inuse);
    if (fd !== -EEXIST || (oflag & O_EXCL) !== 0 || tries >= NRETRIES) return -fd;
  }
}

/** Map the file (a new one sized and given its value first) and close the descriptor. */
function* mapSem(fd: number, value: number): Sim<NamedSem | number> {
  if (value >= 0) yield sys.ftruncate(fd, SEM_SIZE);
  const addr = (yield sys.mmap(SEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) as number;
  yield sys.close(fd);
  if (addr < 0) return -addr;
  return new NamedSem(value, true, addr);
}

/** __sem_check_add_mapping: the semaphore this process has mapped for the same file, counted, else a new mapping. */
function* checkAddMapping(path: string, fd: number, value: number, inuse: InuseSem[]): Sim<NamedSem | number> {
  const st: { value?: Stat } = {};
  const r = (yield sys.fstat(fd, st)) as number;
  const dev = st.value?.st_dev ?? 0, ino = st.value?.st_ino ?? 0;
  const old = r < 0 ? undefined : inuse.find((u) => u.path === path && u.dev === dev && u.ino === ino);
  if (old !== undefined) {
    old.refcnt++;
    yield sys.close(fd);
    return old.sem;
  }
  const sem = yield* mapSem(fd, value);
  if (typeof sem !== 'number' && r >= 0) inuse.push({ path, dev, ino, refcnt: 1, sem });
  return sem;
}

/** sem_close (__sem_remove_mapping): count it down, unmap at zero; EINVAL for anything sem_open did not return (or closed already). */
export function* semClose(s: unknown, inuse: InuseSem[]): Sim<number> {
  const i = inuse.findIndex((u) => u.sem === s);
  if (i < 0) return EINVAL;
  if (--inuse[i].refcnt > 0) return 0;
  inuse.splice(i, 1);
  const r = (yield sys.munmap((s as NamedSem).value)) as number;
  return r < 0 ? EINVAL : 0;
}
