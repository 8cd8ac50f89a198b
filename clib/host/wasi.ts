/**
 * wasi.ts — the WASI preview1 calls wasi-libc makes, answered by the simulated kernel through
 * the chosen library (never by the host: node:wasi would write to the real terminal).
 *
 * Models: wasi-libc's bottom half on the lab's kernel:
 *   fd_write/fd_read/fd_close   write/read/close. Console bytes are decoded as UTF-8 (a
 *                               streaming decoder per descriptor: a character may span two
 *                               writes); pipe bytes travel one byte per character, so binary
 *                               data and partial writes keep their exact byte counts.
 *   fd_fdstat_get               the console is a character device with no seek rights, so
 *                               isatty() is true and stdout is line-buffered; a pipe is not,
 *                               so stdout into a pipe is fully buffered (musl's rule).
 *   clock_time_get              the virtual clock: CLOCK_MONOTONIC from boot, CLOCK_REALTIME
 *                               the same plus a fixed epoch (2000-01-01), so runs repeat; the
 *                               CPU-time clocks from getrusage (the kernel's accounting).
 *   random_get                  a PRNG seeded per process: the same every run.
 *   poll_oneoff                 one clock subscription (wasi-libc's clock_nanosleep).
 *   proc_exit, sched_yield      exit, sched_yield.
 *   args_*, environ_*           argv from the run; an empty environment.
 */

import type { Sim, Rusage } from '../../libs/api.js';
import { ENOTTY, O_NONBLOCK, RUSAGE_SELF, RUSAGE_THREAD } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';
import { toWasi, WASI } from './errno.js';

/** CLOCK_REALTIME - CLOCK_MONOTONIC: 2000-01-01T00:00:00Z in ns. */
export const realtimeEpochNs = 946_684_800e9;

const FILETYPE_UNKNOWN = 0, FILETYPE_CHARACTER_DEVICE = 2;
const RIGHTS_FD_READ = 2n, RIGHTS_FD_WRITE = 64n, RIGHTS_POLL = 1n << 27n;
const FDFLAG_NONBLOCK = 4;

/**
 * Is `fd` the console? 1 yes, 0 no, or a negative WASI errno (a bad descriptor). Cached
 * until the descriptor table changes.
 */
function* ttyState(p: CProcess, fd: number): Sim<number> {
  const c = p.ttyCache.get(fd);
  if (c !== undefined) return c ? 1 : 0;
  if ((yield* p.libc.isatty(fd)) === 1) { p.ttyCache.set(fd, true); return 1; }
  if (p.libc.errno !== ENOTTY) return -toWasi(p.libc.errno);
  p.ttyCache.set(fd, false);
  return 0;
}

/** Bytes as a kernel string: one character per byte (latin1). */
function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** A kernel string as bytes: one per character, unless it holds characters above 0xff (UTF-8). */
function fromKernel(s: string): Uint8Array {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return Buffer.from(s, 'utf8');
  return Buffer.from(s, 'latin1');
}

/** The iovecs at `iovs` as [address, length] pairs. */
function iovecs(p: CProcess, iovs: number, n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([p.loadU32(iovs + 8 * i), p.loadU32(iovs + 8 * i + 4)]);
  return out;
}

function* opFdWrite(p: CProcess, a: Activation): Sim<number> {
  const [fd, iovs, n, outPtr] = [a.a0, a.a1, a.a2, a.a3];
  const parts = iovecs(p, iovs, n);
  const total = parts.reduce((s, [, len]) => s + len, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const [addr, len] of parts) { bytes.set(p.bytes(addr, len), at); at += len; }
  const tty = (yield* ttyState(p, fd)) === 1;
  let data: string;
  if (tty) {
    let d = p.consoleDecoders.get(fd);
    if (d === undefined) p.consoleDecoders.set(fd, (d = new TextDecoder('utf-8')));
    data = d.decode(bytes, { stream: true });
  } else data = latin1(bytes);
  const r = data === '' && total > 0 ? 0 : yield* p.libc.write(fd, data);
  if (r < 0) return toWasi(p.libc.errno);
  p.store32(outPtr, tty || r === data.length ? total : r);
  return WASI.SUCCESS;
}

function* opFdRead(p: CProcess, a: Activation): Sim<number> {
  const [fd, iovs, n, outPtr] = [a.a0, a.a1, a.a2, a.a3];
  const parts = iovecs(p, iovs, n);
  const total = parts.reduce((s, [, len]) => s + len, 0);
  const buf = { value: '' };
  const r = yield* p.libc.read(fd, buf, total);
  if (r < 0) return toWasi(p.libc.errno);
  const bytes = fromKernel(r === 0 ? '' : buf.value).subarray(0, total);
  let at = 0;
  for (const [addr, len] of parts) {
    if (at >= bytes.length) break;
    const k = Math.min(len, bytes.length - at);
    p.u8().set(bytes.subarray(at, at + k), addr);
    at += k;
  }
  p.store32(outPtr, at);
  return WASI.SUCCESS;
}

function* opFdClose(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.close(a.a0);
  p.forgetDescriptors();
  return r < 0 ? toWasi(p.libc.errno) : WASI.SUCCESS;
}

/**
 * struct fdstat: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16.
 * One ioctl(TCGETS), as glibc's stdio asks the same question before its first write. (The
 * flags stay 0: wasi-libc's fcntl is the lab's, which asks the kernel.)
 */
function* opFdstat(p: CProcess, a: Activation): Sim<number> {
  const [fd, out] = [a.a0, a.a1];
  const state = yield* ttyState(p, fd);
  if (state < 0) return -state;
  const tty = state === 1;
  const u8 = p.u8();
  u8.fill(0, out, out + 24);
  u8[out] = tty ? FILETYPE_CHARACTER_DEVICE : FILETYPE_UNKNOWN;
  p.dv().setBigUint64(out + 8, RIGHTS_FD_READ | RIGHTS_FD_WRITE | RIGHTS_POLL, true);
  return WASI.SUCCESS;
}

function* opFdstatSetFlags(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.fcntl(a.a0, 4 /* F_SETFL */, a.a1 & FDFLAG_NONBLOCK ? O_NONBLOCK : 0);
  return r < 0 ? toWasi(p.libc.errno) : WASI.SUCCESS;
}

/** Clocks 0 realtime, 1 monotonic, 2 process CPU time, 3 thread CPU time (getrusage, µs). */
function* opClock(p: CProcess, a: Activation): Sim<number> {
  const id = a.a0;
  if (id === 2 || id === 3) {
    const ref: { value?: Rusage } = {};
    if ((yield* p.libc.getrusage(id === 2 ? RUSAGE_SELF : RUSAGE_THREAD, ref)) < 0 || !ref.value) return toWasi(p.libc.errno);
    p.storeI64(a.a1, (ref.value.ru_utime + ref.value.ru_stime) * 1000);
    return WASI.SUCCESS;
  }
  if (id < 0) { // a pthread_getcpuclockid clock (MAKE_THREAD_CPUCLOCK / MAKE_PROCESS_CPUCLOCK)
    const ns = yield* p.libc.clock_gettime(id);
    if (ns < 0) return toWasi(p.libc.errno);
    p.storeI64(a.a1, ns);
    return WASI.SUCCESS;
  }
  if (id !== 0 && id !== 1) return WASI.EINVAL;
  const now = yield* p.libc.clock_gettime();
  p.storeI64(a.a1, now + (id === 0 ? realtimeEpochNs : 0));
  return WASI.SUCCESS;
}

// Never enters C and its clock reads finish on the spot (a wall clock is the vDSO's; a CPU
// clock one system call): run inside the import when the kernel can (activation.ts runInline),
// so a loop polling gettimeofday does not unwind its C stack at every read.
opClock.inline = true;

/** One subscription (48 bytes): userdata u64 @0, tag u8 @8, clock id u32 @16, timeout u64 @24, flags u16 @40. */
function* opPollOneoff(p: CProcess, a: Activation): Sim<number> {
  const [inp, out, n, neventsPtr] = [a.a0, a.a1, a.a2, a.a3];
  if (n !== 1 || p.u8()[inp + 8] !== 0) return WASI.ENOTSUP;
  const id = p.loadU32(inp + 16);
  let ns = Number(p.dv().getBigUint64(inp + 24, true));
  if (p.dv().getUint16(inp + 40, true) & 1) {
    ns -= (yield* p.libc.clock_gettime()) + (id === 0 ? realtimeEpochNs : 0);
  }
  const r = ns > 0 ? yield* p.libc.nanosleep(ns) : 0;
  p.u8().fill(0, out, out + 32);
  p.dv().setBigUint64(out, p.dv().getBigUint64(inp, true), true);
  p.dv().setUint16(out + 8, r < 0 ? toWasi(p.libc.errno) : 0, true);
  p.store32(neventsPtr, 1);
  return WASI.SUCCESS;
}

function* opProcExit(p: CProcess, a: Activation): Sim<number> {
  return yield* p.libc.exit(a.a0);
}

function* opSchedYield(p: CProcess): Sim<number> {
  yield* p.libc.sched_yield();
  return WASI.SUCCESS;
}

function argBytes(p: CProcess): Uint8Array[] {
  return p.argv.map((s) => Buffer.from(`${s}\0`, 'utf8'));
}

export function wasiImports(p: CProcess): Record<string, (...a: any[]) => number> {
  let rng = 0x9e3779b9;
  return {
    fd_write: (fd, iovs, n, out) => suspend(p, opFdWrite, fd, iovs, n, out),
    fd_read: (fd, iovs, n, out) => suspend(p, opFdRead, fd, iovs, n, out),
    fd_close: (fd) => suspend(p, opFdClose, fd),
    fd_fdstat_get: (fd, out) => suspend(p, opFdstat, fd, out),
    fd_fdstat_set_flags: (fd, flags) => suspend(p, opFdstatSetFlags, fd, flags),
    fd_seek: () => WASI.ESPIPE,
    clock_time_get: (id, _precision, out) => suspend(p, opClock, id, out),
    clock_res_get: (_id, out) => { p.storeI64(out, 1); return WASI.SUCCESS; },
    poll_oneoff: (inp, out, n, nev) => suspend(p, opPollOneoff, inp, out, n, nev),
    proc_exit: (code) => suspend(p, opProcExit, code),
    sched_yield: () => suspend(p, opSchedYield),
    random_get: (buf, len) => {
      const u8 = p.u8();
      for (let i = 0; i < len; i++) {
        rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5;
        u8[buf + i] = rng & 0xff;
      }
      return WASI.SUCCESS;
    },
    args_sizes_get: (argc, size) => {
      const b = argBytes(p);
      p.store32(argc, b.length);
      p.store32(size, b.reduce((s, x) => s + x.length, 0));
      return WASI.SUCCESS;
    },
    args_get: (argv, buf) => {
      let at = buf;
      argBytes(p).forEach((x, i) => { p.store32(argv + 4 * i, at); p.u8().set(x, at); at += x.length; });
      return WASI.SUCCESS;
    },
    environ_sizes_get: (count, size) => { p.store32(count, 0); p.store32(size, 0); return WASI.SUCCESS; },
    environ_get: () => WASI.SUCCESS,
  };
}
