/**
 * libc_proc.ts — the process-level calls every library inherits: process groups and
 * sessions, credentials, resource usage, nice values, the alternate signal stack, and execve.
 *
 * Mirrors: glibc's sysdeps/unix/sysv/linux wrappers — setpgid, getpgid, getpgrp, setsid,
 * getsid, the get*id calls: one system call each, -1 and errno on failure (INLINE_SYSCALL);
 * the set*id calls (setuid.c, seteuid.c — setresuid(-1, euid, -1) —, setreuid.c, ...) go
 * through INLINE_SETXID_SYSCALL, here `setxid`: one system call, except where the thread
 * library must make every thread change (NPTL's __nptl_setxid, libs/nptl/nptl_setxid.ts);
 * execve.c, which
 * first calls __pthread_kill_other_threads_np when libpthread provides one (LinuxThreads
 * does; NPTL's is empty: the kernel's de_thread does the work).
 *
 * What execve runs. The lab cannot load binaries, so execve(path, argv) takes a program the
 * way a shell finds one, from what the process can name:
 *  - a Program (a module's default export — the program's own `main`, or one it imports):
 *    execve(other, ['other', 'x']) runs other(libc, ['other', 'x']) as the new image;
 *  - the string '/proc/self/exe': the program this process runs, with a new argv;
 *  - any other path: the kernel opens the file (exec.ts openExec). The started program's own
 *    file, ./name in the cwd it started in, holds the program; a missing file is ENOENT, a
 *    file without x permission EACCES, a data file ENOEXEC. As with a real exec, the new image starts in the library's crt0
 * (`_crt0`: thread library initialisation, then main, then exit), in the same process (same
 * pid, open files without close-on-exec, signal mask, pending signals), with caught signals
 * reset to their defaults and a fresh address space.
 *
 * LibcBase (libc_base.ts) extends this class; a library overrides a call where it changes it.
 */

import {
  sys, EFAULT, EINVAL, ENOENT, EACCES, EPERM, PRIO_PROCESS, type Req, type Sim,
} from '../../kernel/index.js';
import type { Program, Ref, Rusage, Tms, StackT, Rlimit, Sysinfo, Utsname } from '../api.js';
import type { ProcessBase } from './libc_base.js';

/** What the kernel's getrusage and wait4 fill in (ns, kB). */
export type KRusage = Parameters<typeof sys.getrusage>[1];

/** The kernel's ns become struct timeval's µs (getrusage.c, wait4). */
export function rusageFromKernel(k: KRusage): Rusage {
  return {
    ru_utime: Math.floor((k.utime ?? 0) / 1000), ru_stime: Math.floor((k.stime ?? 0) / 1000),
    ru_maxrss: k.maxrss ?? 0, ru_nvcsw: k.nvcsw ?? 0, ru_nivcsw: k.nivcsw ?? 0,
  };
}

/** What the new image of execve starts with (passed through the kernel to execEntry). */
interface ExecImage {
  libc: LibcProc;
  /** The program to run; null when exec goes by a file's path (the file's image is it). */
  main: Program | null;
  argv: string[];
}

/** What a clone() child runs: the caller's function, then SYS_exit with its value (clone.S). */
interface CloneStart {
  libc: unknown;
  fn: (libc: any, arg: any) => Sim<number>;
  arg: unknown;
}

/** glibc's clone.S child path: call fn(arg), then the exit system call (this task only). */
function* cloneStart(s: CloneStart): Sim<unknown> {
  const r = yield* s.fn(s.libc, s.arg);
  yield sys.exit(typeof r === 'number' ? r : 0);
  return 0; // not reached: the task has exited
}

/** The first generator of an exec'd image: the library's crt0 with the program (or the file's). */
function* execEntry(img: ExecImage, image?: unknown): Sim<unknown> {
  return yield* img.libc._crt0((img.main ?? image) as Program, img.argv);
}

export abstract class LibcProc {
  /** INLINE_SYSCALL: make the call; a negative errno becomes -1 with errno set (LibcBase). */
  protected abstract sc(req: Req): Sim<number>;
  protected abstract setErrno(e: number): -1;
  protected abstract proc(): ProcessBase;
  /** The library's crt0 (__libc_start_main with its thread library): init, main(argv), exit. */
  abstract _crt0(main: Program, argv: string[]): Sim<unknown>;

  /** What the library does before exec replaces the image (LinuxThreads kills its threads); `path`: exec by a file's path. */
  protected *execPrepare(_path?: string): Sim<void> { /* nothing: the kernel's de_thread ends the other threads */ }

  // ---- process groups and sessions ----
  *setpgid(pid: number, pgid: number): Sim<number> { return yield* this.sc(sys.setpgid(pid, pgid)); }
  *getpgid(pid: number): Sim<number> { return yield* this.sc(sys.getpgid(pid)); }
  *getpgrp(): Sim<number> { return yield* this.sc(sys.getpgrp()); }
  *setsid(): Sim<number> { return yield* this.sc(sys.setsid()); }
  *getsid(pid: number): Sim<number> { return yield* this.sc(sys.getsid(pid)); }

  // ---- credentials ----
  *getuid(): Sim<number> { return yield* this.sc(sys.getuid()); }
  *geteuid(): Sim<number> { return yield* this.sc(sys.geteuid()); }
  *getgid(): Sim<number> { return yield* this.sc(sys.getgid()); }
  *getegid(): Sim<number> { return yield* this.sc(sys.getegid()); }
  *prctl(option: number, arg2: number | string | Ref<number> | Ref<string> | null = 0): Sim<number> {
    return yield* this.sc(sys.prctl(option, arg2));
  }
  *getresuid(r: Ref<number> | null, e: Ref<number> | null, s: Ref<number> | null): Sim<number> {
    return yield* this.sc(sys.getresuid(r, e, s));
  }
  *getresgid(r: Ref<number> | null, e: Ref<number> | null, s: Ref<number> | null): Sim<number> {
    return yield* this.sc(sys.getresgid(r, e, s));
  }

  /** INLINE_SETXID_SYSCALL: `make` builds the system call (NPTL makes it in every thread). */
  protected *setxid(make: () => Req): Sim<number> { return yield* this.sc(make()); }

  *setuid(uid: number): Sim<number> { return yield* this.setxid(() => sys.setuid(uid)); }
  *setreuid(ruid: number, euid: number): Sim<number> { return yield* this.setxid(() => sys.setreuid(ruid, euid)); }
  *setresuid(r: number, e: number, s: number): Sim<number> { return yield* this.setxid(() => sys.setresuid(r, e, s)); }
  /** seteuid.c: setresuid(-1, euid, -1); EINVAL for -1. */
  *seteuid(euid: number): Sim<number> {
    if (euid === -1) return this.setErrno(EINVAL);
    return yield* this.setxid(() => sys.setresuid(-1, euid, -1));
  }
  *setgid(gid: number): Sim<number> { return yield* this.setxid(() => sys.setgid(gid)); }
  *setresgid(r: number, e: number, s: number): Sim<number> { return yield* this.setxid(() => sys.setresgid(r, e, s)); }
  *setegid(egid: number): Sim<number> {
    if (egid === -1) return this.setErrno(EINVAL);
    return yield* this.setxid(() => sys.setresgid(-1, egid, -1));
  }

  // ---- resource usage ----
  /** getrusage.c: the kernel's ns become struct timeval's µs. */
  *getrusage(who: number, usage: { value?: Rusage }): Sim<number> {
    const k: KRusage = {};
    const r = yield* this.sc(sys.getrusage(who, k));
    if (r === 0 && usage) usage.value = rusageFromKernel(k);
    return r;
  }

  /** uname(2) (glibc's uname.c: the system call's struct as it is). */
  *uname(buf: { value?: Utsname }): Sim<number> {
    const k: Parameters<typeof sys.uname>[0] = {};
    const r = yield* this.sc(sys.uname(k));
    if (r === 0 && buf) {
      buf.value = { sysname: k.sysname ?? '', nodename: k.nodename ?? '', release: k.release ?? '', version: k.version ?? '', machine: k.machine ?? '', domainname: k.domainname ?? '' };
    }
    return r;
  }

  /** sysinfo(2): the kernel's struct as it is (mem_unit 1). */
  *sysinfo(info: { value?: Sysinfo }): Sim<number> {
    const k: Parameters<typeof sys.sysinfo>[0] = {};
    const r = yield* this.sc(sys.sysinfo(k));
    if (r === 0 && info) {
      const l = k.loads ?? [0, 0, 0];
      info.value = {
        uptime: k.uptime ?? 0, loads: [l[0] ?? 0, l[1] ?? 0, l[2] ?? 0], totalram: k.totalram ?? 0,
        freeram: k.freeram ?? 0, sharedram: k.sharedram ?? 0, bufferram: k.bufferram ?? 0,
        totalswap: k.totalswap ?? 0, freeswap: k.freeswap ?? 0, procs: k.procs ?? 0,
        totalhigh: k.totalhigh ?? 0, freehigh: k.freehigh ?? 0, memUnit: k.memUnit ?? 1,
      };
    }
    return r;
  }

  *times(buf: { value?: Tms } | null): Sim<number> {
    const k: { tms_utime?: number; tms_stime?: number; tms_cutime?: number; tms_cstime?: number } = {};
    const r = yield* this.sc(sys.times(k));
    if (buf) buf.value = { tms_utime: k.tms_utime ?? 0, tms_stime: k.tms_stime ?? 0, tms_cutime: k.tms_cutime ?? 0, tms_cstime: k.tms_cstime ?? 0 };
    return r;
  }

  // ---- nice values ----
  /** getpriority.c: the system call returns 20 - nice. */
  *getpriority(which: number, who: number): Sim<number> {
    const r = yield* this.sc(sys.getpriority(which, who));
    return r < 0 ? r : 20 - r;
  }

  *setpriority(which: number, who: number, prio: number): Sim<number> {
    return yield* this.sc(sys.setpriority(which, who, prio));
  }

  /** nice.c: getpriority + setpriority(old + inc), EACCES reported as EPERM; the new value. */
  *nice(inc: number): Sim<number> {
    const raw = (yield sys.getpriority(PRIO_PROCESS, 0)) as number;
    if (raw < 0) return this.setErrno(-raw);
    const r = (yield sys.setpriority(PRIO_PROCESS, 0, 20 - raw + inc)) as number;
    if (r < 0) return this.setErrno(r === -EACCES ? EPERM : -r);
    return yield* this.getpriority(PRIO_PROCESS, 0);
  }

  // ---- resource limits (kernel/sys_rlimit.ts; glibc's getrlimit/setrlimit/prlimit wrappers) ----
  *getrlimit(resource: number, out: { value?: Rlimit }): Sim<number> {
    return yield* this.sc(sys.getrlimit(resource, out));
  }

  *setrlimit(resource: number, limit: Rlimit): Sim<number> {
    return yield* this.sc(sys.setrlimit(resource, limit));
  }

  *prlimit(pid: number, resource: number, limit: Rlimit | null, old?: { value?: Rlimit } | null): Sim<number> {
    return yield* this.sc(sys.prlimit(pid, resource, limit, old ?? null));
  }

  // ---- raw futex (syscall(SYS_futex, ...)) ----
  /**
   * syscall(SYS_futex, ...): the request is the first thing yielded, so a caller that checked
   * user memory just before (the C host mirroring a word) is atomic with the kernel's compare.
   */
  *futex(uaddr: number, op: number, val: number, timeoutNs: number | null = null, uaddr2 = 0, val3 = 0): Sim<number> {
    return yield* this.sc(sys.futex(uaddr, op, val, timeoutNs, uaddr2, val3));
  }

  // ---- clone() ----
  /** clone(fn, flags, arg, ptid, tls, ctid): one clone system call (libs/api.ts). */
  *clone<A>(fn: (libc: any, arg: A) => Sim<number>, flags: number, arg?: A, ptid = 0, tls?: unknown, ctid = 0): Sim<number> {
    if (typeof fn !== 'function') return this.setErrno(EINVAL);
    const start: CloneStart = { libc: this, fn, arg };
    return yield* this.sc(sys.clone({ flags, fn: cloneStart, arg: start, ptid, tls, ctid }));
  }

  // ---- the alternate signal stack ----
  *sigaltstack(ss: StackT | null, old?: { value?: StackT } | null): Sim<number> {
    const o: { ss_sp?: number; ss_size?: number; ss_flags?: number } = {};
    const r = yield* this.sc(sys.sigaltstack(ss ? { ...ss } : null, o));
    if (r === 0 && old) old.value = { ss_sp: o.ss_sp ?? 0, ss_size: o.ss_size ?? 0, ss_flags: o.ss_flags ?? 0 };
    return r;
  }

  /** The lab's own (Libc.lab_sigframe_norestart): the kernel call, no errno. */
  *lab_sigframe_norestart(): Sim<number> {
    return (yield sys.lab_sigframe_norestart()) as number;
  }

  // ---- execve ----
  /** execve(path, argv): does not return on success; -1 and errno (ENOENT, EFAULT) otherwise. */
  *execve(path: string | Program, argv: string[]): Sim<number> {
    if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) return this.setErrno(EFAULT);
    let main: Program | null | undefined;
    let filename: string;
    if (typeof path === 'function') {
      main = path;
      filename = argv.length > 0 ? argv[0] : path.name || 'a.out';
    } else if (typeof path === 'string' && path !== '/proc/self/exe') {
      yield* this.execPrepare(path);
      const img: ExecImage = { libc: this, main: null, argv: argv.slice() };
      return this.setErrno(-((yield sys.execveFile(execEntry, img, path)) as number));
    } else if (typeof path === 'string') {
      main = this.proc().exe;
      filename = path;
    } else {
      return this.setErrno(EFAULT);
    }
    if (!main) return this.setErrno(ENOENT);
    yield* this.execPrepare();
    const img: ExecImage = { libc: this, main, argv: argv.slice() };
    const r = (yield sys.execve(execEntry, img, filename)) as number;
    return this.setErrno(-r);
  }
}
