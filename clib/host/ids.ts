/**
 * ids.ts — process groups and sessions, user and group ids, nice values, resource usage,
 * times(), uname, the alternate signal stack and exec, from C (clib/runtime/ids.c), each the chosen
 * library's call.
 *
 * Models: glibc's wrappers over the kernel's calls (-1 and errno). struct rusage, struct tms
 * and stack_t are laid out as the lab's <sys/resource.h>, <sys/times.h> and <signal.h> say
 * (wasm32: long is 4 bytes, struct timeval 16). exec runs only the program itself, started
 * afresh in the same process (same pid, open files, signal mask), as the library's execve does:
 * by "/proc/self/exe" or by its file, ./name in the cwd it started in (kernel/fs_ramfs.ts
 * installImage); the lab has no other programs on disk. execvp's PATH search is glibc's.
 */

import type { Libc, Sim, Rusage, Tms, StackT, Sysinfo, Utsname } from '../../libs/api.js';
import { ENOENT, ENOEXEC, ENOTDIR, EACCES, EFAULT, SS_DISABLE, PR_SET_NAME, PR_GET_NAME, PR_GET_PDEATHSIG, PR_GET_CHILD_SUBREAPER, HOME_DIR, type Ref } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';

/** runtime/ids.c's ID_* order. */
const IDS: ((l: Libc, a: number, b: number, c: number) => Sim<number>)[] = [
  (l) => l.setsid(), (l, a) => l.getsid(a), (l, a, b) => l.setpgid(a, b), (l, a) => l.getpgid(a),
  (l) => l.getpgrp(), (l) => l.getuid(), (l) => l.geteuid(), (l) => l.getgid(), (l) => l.getegid(),
  (l, a) => l.setuid(a), (l, a) => l.seteuid(a), (l, a) => l.setgid(a), (l, a) => l.setegid(a),
  (l, a, b) => l.setreuid(a, b), (l, a, b, c) => l.setresuid(a, b, c), (l, a, b, c) => l.setresgid(a, b, c),
  (l, a) => l.nice(a), (l, a, b) => l.getpriority(a, b), (l, a, b, c) => l.setpriority(a, b, c),
];

function sc(p: CProcess, a: Activation, r: number): number {
  if (r === -1) a.thread.errno = p.libc.errno;
  return r;
}

function opId(p: CProcess, a: Activation): Sim<number> {
  const f = IDS[a.a0];
  if (f === undefined) throw new Error(`threadlab: unknown id call ${a.a0}`);
  a.post = sc;
  return f(p.libc, a.a1, a.a2, a.a3);
}

function* opGetresid(p: CProcess, a: Activation): Sim<number> {
  const [r, e, s] = [{ value: 0 }, { value: 0 }, { value: 0 }];
  const res = a.a0 === 0 ? yield* p.libc.getresuid(r, e, s) : yield* p.libc.getresgid(r, e, s);
  if (res === 0) {
    if (a.a1 !== 0) p.store32(a.a1, r.value);
    if (a.a2 !== 0) p.store32(a.a2, e.value);
    if (a.a3 !== 0) p.store32(a.a3, s.value);
  }
  return sc(p, a, res);
}

/** struct rusage: ru_utime @0 and ru_stime @16 (timeval), then longs: ru_maxrss @32, ru_nvcsw @80, ru_nivcsw @84; 152 bytes. */
export function storeRusage(p: CProcess, at: number, u: Rusage): void {
  p.u8().fill(0, at, at + 152);
  p.storeI64(at, Math.floor(u.ru_utime / 1e6));
  p.storeI64(at + 8, u.ru_utime % 1e6);
  p.storeI64(at + 16, Math.floor(u.ru_stime / 1e6));
  p.storeI64(at + 24, u.ru_stime % 1e6);
  p.store32(at + 32, u.ru_maxrss);
  p.store32(at + 80, u.ru_nvcsw);
  p.store32(at + 84, u.ru_nivcsw);
}

function* opGetrusage(p: CProcess, a: Activation): Sim<number> {
  const ref: { value?: Rusage } = {};
  const r = yield* p.libc.getrusage(a.a0, ref);
  if (r === 0 && ref.value && a.a1 !== 0) storeRusage(p, a.a1, ref.value);
  return sc(p, a, r);
}

/** struct sysinfo (32-bit longs): uptime @0, loads @4, totalram … freeswap @16–36, procs @40 (u16), totalhigh @44, freehigh @48, mem_unit @52; 64 bytes. */
function* opSysinfo(p: CProcess, a: Activation): Sim<number> {
  const ref: { value?: Sysinfo } = {};
  const r = yield* p.libc.sysinfo(ref);
  const at = a.a0, v = ref.value;
  if (r === 0 && v && at !== 0) {
    p.u8().fill(0, at, at + 64);
    [v.uptime, ...v.loads, v.totalram, v.freeram, v.sharedram, v.bufferram, v.totalswap, v.freeswap].forEach((x, i) => p.store32(at + 4 * i, x));
    p.dv().setUint16(at + 40, v.procs, true);
    p.store32(at + 44, v.totalhigh);
    p.store32(at + 48, v.freehigh);
    p.store32(at + 52, v.memUnit);
  }
  return sc(p, a, r);
}

/** struct utsname: six fields of 65 bytes (sysname, nodename, release, version, machine, domainname), each NUL-terminated. */
function* opUname(p: CProcess, a: Activation): Sim<number> {
  const ref: { value?: Utsname } = {};
  const r = yield* p.libc.uname(ref);
  const at = a.a0, v = ref.value;
  if (r === 0 && v && at !== 0) {
    const u8 = p.u8();
    [v.sysname, v.nodename, v.release, v.version, v.machine, v.domainname].forEach((s, i) => {
      u8.fill(0, at + 65 * i, at + 65 * (i + 1));
      u8.set(Buffer.from(s, 'utf8').subarray(0, 64), at + 65 * i);
    });
  }
  return sc(p, a, r);
}

function* opTimes(p: CProcess, a: Activation): Sim<number> {
  const ref: { value?: Tms } = {};
  const r = yield* p.libc.times(a.a0 !== 0 ? ref : null);
  if (r !== -1 && ref.value && a.a0 !== 0) {
    const t = ref.value;
    [t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime].forEach((v, i) => p.storeI64(a.a0 + 8 * i, v));
  }
  return sc(p, a, r);
}

/** stack_t: ss_sp @0, ss_flags @4, ss_size @8. */
function* opSigaltstack(p: CProcess, a: Activation): Sim<number> {
  const ss: StackT | null = a.a0 === 0 ? null : { ss_sp: p.loadU32(a.a0), ss_flags: p.load32(a.a0 + 4), ss_size: p.loadU32(a.a0 + 8) };
  const old: { value?: StackT } = {};
  const r = yield* p.libc.sigaltstack(ss, a.a1 !== 0 ? old : null);
  if (r === 0 && ss !== null) {
    a.thread.altstack = ss.ss_flags & SS_DISABLE ? null : { lo: ss.ss_sp, hi: ss.ss_sp + ss.ss_size };
  }
  if (r === 0 && a.a1 !== 0 && old.value) {
    p.store32(a.a1, old.value.ss_sp);
    p.store32(a.a1 + 4, old.value.ss_flags);
    p.store32(a.a1 + 8, old.value.ss_size);
  }
  return sc(p, a, r);
}

/** argv from a NULL-terminated char *[]. */
function cArgv(p: CProcess, at: number): string[] {
  const out: string[] = [];
  for (let i = 0; at !== 0 && i < 1024; i++) {
    const s = p.loadU32(at + 4 * i);
    if (s === 0) break;
    out.push(p.cString(s));
  }
  return out;
}

function* opExecve(p: CProcess, a: Activation): Sim<number> {
  const path = p.cString(a.a0);
  const argv = cArgv(p, a.a1);
  const args = argv.length > 0 ? argv : [p.image.name];
  if (a.a2 === 0 || path.includes('/')) return yield* execOne(p, a, path, args, true);
  return yield* execSearch(p, a, path, args);
}

/**
 * execve of one path; `note` adds the lab's line on stderr when no program is there (ENOENT,
 * ENOEXEC: the only program on the lab's disk is the one started, ./name in its first cwd).
 */
function* execOne(p: CProcess, a: Activation, path: string, argv: string[], note: boolean): Sim<number> {
  const r = sc(p, a, yield* p.libc.execve(path, argv));
  if (note && (p.libc.errno === ENOENT || p.libc.errno === ENOEXEC)) {
    yield* p.libc.write(2, `threadlab: exec("${path}"): the lab has no other programs on disk; a C program can exec only itself ("${HOME_DIR}/${p.image.name}", where it was started, or "/proc/self/exe")\n`);
  }
  return r;
}

/**
 * execvp/execlp/execvpe of a name without '/': glibc's execvpe.c tries each directory of PATH;
 * the lab's environment is empty, so the search is glibc's default path (CS_PATH,
 * "/bin:/usr/bin"), as natively with PATH unset. ENOENT goes on to the next directory; EACCES is
 * remembered and returned when nothing ran.
 */
function* execSearch(p: CProcess, a: Activation, name: string, argv: string[]): Sim<number> {
  let eacces = false;
  for (const dir of ['/bin', '/usr/bin']) {
    yield* execOne(p, a, `${dir}/${name}`, argv, false);
    const e = p.libc.errno;
    if (e === EACCES) eacces = true;
    else if (e !== ENOENT && e !== ENOTDIR && e !== ENOEXEC) return -1;
  }
  if (eacces) { a.thread.errno = EACCES; return -1; }
  yield* p.libc.write(2, `threadlab: execvp("${name}"): not found in PATH (unset: glibc's default /bin:/usr/bin, where the lab has no programs); a C program can exec only itself ("./${p.image.name}" or "${HOME_DIR}/${p.image.name}")\n`);
  a.thread.errno = ENOENT;
  return -1;
}

/**
 * prctl(option, arg2) from C: the name options copy the name between C memory and the call
 * (at most 15 bytes and a NUL, TASK_COMM_LEN); PR_GET_PDEATHSIG and PR_GET_CHILD_SUBREAPER
 * store an int where arg2 points. A null pointer there is EFAULT, as put_user's.
 */
function* opPrctl(p: CProcess, a: Activation): Sim<number> {
  const option = a.a0;
  const at = a.a1 >>> 0;
  const needsPointer = option === PR_SET_NAME || option === PR_GET_NAME || option === PR_GET_PDEATHSIG || option === PR_GET_CHILD_SUBREAPER;
  if (needsPointer && at === 0) { a.thread.errno = EFAULT; return -1; }
  if (option === PR_SET_NAME) return sc(p, a, yield* p.libc.prctl(option, p.cString(at)));
  if (option === PR_GET_NAME) {
    const name: Ref<string> = { value: '' };
    const r = yield* p.libc.prctl(option, name);
    if (r === 0) {
      const bytes = new TextEncoder().encode(name.value).subarray(0, 15);
      p.u8().set(bytes, at);
      p.u8()[at + bytes.length] = 0;
    }
    return sc(p, a, r);
  }
  if (option === PR_GET_PDEATHSIG || option === PR_GET_CHILD_SUBREAPER) {
    const v: Ref<number> = { value: 0 };
    const r = yield* p.libc.prctl(option, v);
    if (r === 0) p.store32(at, v.value);
    return sc(p, a, r);
  }
  return sc(p, a, yield* p.libc.prctl(option, at));
}

export function idImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    id: (which, x, y, z) => suspend(p, opId, which, x, y, z),
    getresid: (g, r, e, s) => suspend(p, opGetresid, g, r, e, s),
    getrusage: (who, r) => suspend(p, opGetrusage, who, r),
    times: (t) => suspend(p, opTimes, t),
    sysinfo: (info) => suspend(p, opSysinfo, info),
    uname: (u) => suspend(p, opUname, u),
    sigaltstack: (ss, old) => suspend(p, opSigaltstack, ss, old),
    execve: (path, argv, search) => suspend(p, opExecve, path, argv, search),
    prctl: (option, arg2) => suspend(p, opPrctl, option, arg2),
  };
}
