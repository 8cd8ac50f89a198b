/**
 * libc_shm.ts — memory shared between processes as every library's libc offers it: mmap and
 * munmap, msync, mlock/munlock/mlockall/munlockall (kernel/msync.ts, kernel/mlock.ts), shm_open/shm_unlink (librt; ftruncate is libc_fs.ts's); the process-shared attribute of mutexes,
 * condition variables and barriers as each library answers it; and named semaphores where the
 * library has none (sem_open/sem_close/sem_unlink are ENOSYS: LinuxThreads' semaphore.c, NGPT
 * 2.2.1's semaphore.c; GNU Pth has no semaphores at all). NPTL overrides the three
 * (libs/nptl/sem_open.ts).
 *
 * Mirrors: glibc posix/shm-directory.c __shm_get_name (leading slashes skipped; an empty name or
 * one with another '/' is EINVAL; a name that does not fit NAME_MAX is ENAMETOOLONG),
 * rt/shm_open.c (open("/dev/shm/NAME", oflag | O_NOFOLLOW | O_CLOEXEC, mode)), shm_unlink.c
 * (unlink; EPERM reported as EACCES); the setpshared functions of nptl/pthread_mutexattr_
 * setpshared.c (2.3: either value, else EINVAL), linuxthreads/mutex.c, condvar.c and barrier.c
 * (PTHREAD_PROCESS_SHARED is ENOSYS: "For now it is not possible to shared a conditional
 * variable"), GNU Pth 2.0.7 pthread.c (ENOSYS for any value: "not supported"). NGPT 2.2.1's
 * pthread.c stores either value and shares mutexes and condition variables through a futex-based
 * shared area (pth_sync.c pth_alloc_shared_mutex); the lab's NGPT keeps its user-level mutexes
 * per process and answers PTHREAD_PROCESS_SHARED with ENOSYS (test/conformance/deviations.ts).
 *
 * An attribute is a plain object here: pthread_mutexattr_setpshared(attr, v) sets attr.pshared,
 * which pthread_mutex_init(attr) reads (as C's pthread_mutexattr_t carries the bit).
 */

import { sys, uaccess, EINVAL, ENOSYS, EACCES, EPERM, ENAMETOOLONG, NAME_MAX, SHM_DIR, O_CLOEXEC, type Sim } from '../../kernel/index.js';
import type { Ref, sem_t, SharedMapping, pthread_mutex_t } from '../api.js';
import { PTHREAD_PROCESS_PRIVATE, PTHREAD_PROCESS_SHARED } from '../api.js';
import { LibcFs } from './libc_fs.js';
import type { PsharedRule } from './rwlockattr.js';

const O_NOFOLLOW = 0o400000;

/**
 * __shm_get_name: the /dev/shm path for a POSIX name (sem: "sem." prefixed), or an error number.
 * glibc's buffer holds "/dev/shm/" + "sem." + NAME_MAX bytes; the kernel refuses a component
 * past NAME_MAX (ENAMETOOLONG either way). `legacy`: glibc 2.3's nptl/sem_open.c and
 * sem_unlink.c, which only skip the leading slashes and refuse an empty name (the caller's
 * error: EINVAL for sem_open, ENOENT for sem_unlink) — a '/' further in reaches the kernel,
 * which finds no such directory (ENOENT).
 */
export function shmPath(name: string, sem: boolean, legacy = false): string | number {
  if (typeof name !== 'string') return EINVAL;
  let i = 0;
  while (name[i] === '/') i++;
  const n = name.slice(i);
  if (n.length === 0) return EINVAL;
  if (!legacy && n.includes('/')) return EINVAL;
  if (!legacy && n.length + (sem ? 4 : 0) > NAME_MAX) return ENAMETOOLONG;
  return SHM_DIR + (sem ? 'sem.' : '') + n;
}

export abstract class LibcShm extends LibcFs {
  /** Whose answer pthread_{mutex,cond,barrier}attr_setpshared give (see the header). */
  protected psharedRule: PsharedRule = 'glibc';

  /** The pshared rule: 0, EINVAL, or ENOSYS; `attr.pshared` is set when it is 0. */
  private setPshared(attr: { pshared?: number }, v: number): number {
    if (typeof attr !== 'object' || attr === null) return EINVAL;
    const rule = this.psharedRule;
    if (rule === 'pth') return ENOSYS;
    const known = v === PTHREAD_PROCESS_PRIVATE || v === PTHREAD_PROCESS_SHARED;
    if (!known && rule !== 'ngpt') return EINVAL;
    if (v === PTHREAD_PROCESS_SHARED && rule !== 'glibc') return ENOSYS;
    attr.pshared = v;
    return 0;
  }
  *pthread_mutexattr_setpshared(attr: { pshared?: number }, v: number): Sim<number> { return this.setPshared(attr, v); }
  *pthread_condattr_setpshared(attr: { pshared?: number }, v: number): Sim<number> { return this.setPshared(attr, v); }
  *pthread_barrierattr_setpshared(attr: { pshared?: number }, v: number): Sim<number> { return this.setPshared(attr, v); }
  /**
   * Robust mutexes: none (ENOSYS, the call did not exist) — LinuxThreads never had them, glibc 2.3's
   * NPTL neither (they came with 2.4 and Linux 2.6.17's robust futex list), NGPT 2.2.1 and GNU Pth
   * 2.0.7 have no such call. NPTL of the 2.36 era overrides both.
   */
  *pthread_mutexattr_setrobust(_attr: { robust?: number }, _v: number): Sim<number> { return ENOSYS; }
  *pthread_mutex_consistent(_m: pthread_mutex_t): Sim<number> { return ENOSYS; }
  /**
   * The priority protocols: none (ENOSYS, the calls did not exist) — glibc 2.3.6's LinuxThreads
   * and NPTL define _POSIX_THREAD_PRIO_INHERIT/_PROTECT as -1 and have no
   * pthread_mutexattr_setprotocol (it came with glibc 2.4/2.5 and Linux 2.6.18's PI futexes);
   * NGPT 2.2.1 and GNU Pth 2.0.7 answer ENOSYS. NPTL of the 2.36 era overrides them.
   */
  *pthread_mutexattr_setprotocol(_attr: { protocol?: number }, _v: number): Sim<number> { return ENOSYS; }
  *pthread_mutexattr_getprotocol(_attr: { protocol?: number }, _out: Ref<number>): Sim<number> { return ENOSYS; }
  *pthread_mutexattr_setprioceiling(_attr: { prioceiling?: number }, _v: number): Sim<number> { return ENOSYS; }
  *pthread_mutexattr_getprioceiling(_attr: { prioceiling?: number }, _out: Ref<number>): Sim<number> { return ENOSYS; }
  *pthread_mutex_setprioceiling(_m: pthread_mutex_t, _v: number, _old: Ref<number> | null): Sim<number> { return ENOSYS; }
  *pthread_mutex_getprioceiling(_m: pthread_mutex_t, _out: Ref<number>): Sim<number> { return ENOSYS; }

  // ---- mmap, shm_open (librt) ----
  /** mmap(len, prot, flags, fd, offset): the address, or -1 (MAP_FAILED) with errno. */
  *mmap(len: number, prot: number, flags: number, fd = -1, offset = 0): Sim<number> {
    if (flags === 0) return this.setErrno(EINVAL); // neither MAP_SHARED nor MAP_PRIVATE
    return yield* this.sc(sys.mmap(len, prot, flags, fd, offset));
  }
  *munmap(addr: number, _len?: number): Sim<number> { return yield* this.sc(sys.munmap(addr)); }
  *msync(addr: number, len: number, flags: number): Sim<number> { return yield* this.sc(sys.msync(addr, len, flags)); }
  *mprotect(addr: number, len: number, prot: number): Sim<number> { return yield* this.sc(sys.mprotect(addr, len, prot)); }
  *madvise(addr: number, len: number, advice: number): Sim<number> { return yield* this.sc(sys.madvise(addr, len, advice)); }
  *mlock(addr: number, len: number): Sim<number> { return yield* this.sc(sys.mlock(addr, len)); }
  *munlock(addr: number, len: number): Sim<number> { return yield* this.sc(sys.munlock(addr, len)); }
  *mlockall(flags: number): Sim<number> { return yield* this.sc(sys.mlockall(flags)); }
  *munlockall(): Sim<number> { return yield* this.sc(sys.munlockall()); }
  *shm_open(name: string, oflag: number, mode = 0o600): Sim<number> {
    const path = shmPath(name, false);
    if (typeof path === 'number') return this.setErrno(path);
    return yield* this.sc(sys.open(path, oflag | O_NOFOLLOW | O_CLOEXEC, mode));
  }
  *shm_unlink(name: string): Sim<number> {
    const path = shmPath(name, false);
    if (typeof path === 'number') return this.setErrno(path);
    return yield* this.unlinkShm(path);
  }
  /** The lab's: the object behind a mapping at `addr` (what the C host mirrors), or null. */
  lab_mapping(addr: number): SharedMapping | null { return uaccess.mappingAt(addr); }
  /** The lab's: host work that is progress (a C fork's copy of memory) moves the heartbeat. */
  lab_progress(): void { uaccess.hostProgress(); }

  // ---- named semaphores: none (NPTL overrides) ----
  *sem_open(_name: string, _oflag: number, _mode?: number, _value?: number): Sim<sem_t | null> {
    this.setErrno(ENOSYS);
    return null;
  }
  *sem_close(_s: sem_t): Sim<number> { return this.setErrno(ENOSYS); }
  *sem_unlink(_name: string): Sim<number> { return this.setErrno(ENOSYS); }

  /** unlink of a /dev/shm path with glibc's EPERM → EACCES (sem_unlink.c, shm_unlink.c). */
  protected *unlinkShm(path: string): Sim<number> {
    const r = (yield sys.unlink(path)) as number;
    if (r >= 0) return 0;
    return this.setErrno(-r === EPERM ? EACCES : -r);
  }
}

export type { Ref };
