/**
 * dev_slow.ts — /dev/slow, a simulated slow block-like device, and a minimal open().
 *
 * Models: a read that goes to a disk. A blocking read submits a request and sleeps in
 * TASK_UNINTERRUPTIBLE (state D in ps, like a process waiting on disk I/O: signals wait until
 * it ends) for costs.deviceLatency ± costs.deviceJitter, drawn from the kernel's seeded PRNG
 * when the request is submitted; the completion "interrupt" (a kernel timer) fills the file's
 * buffer and wakes readers and pollers. Mirrors in spirit: drivers/block's submit_bio → end_io
 * → wake_up, fs/read_write.c (vfs_read), fs/open.c (do_sys_open → -ENOENT for a missing path).
 *
 * The non-blocking protocol (what NGPT's and the green library's wrappers rely on):
 *   1. read() on an O_NONBLOCK descriptor with no data ready submits a request (unless one is
 *      already in flight) and returns -EAGAIN at once: the native task never sleeps in D.
 *   2. poll() reports POLLIN only once a completed request's data are buffered; poll never
 *      submits anything itself (so "poll first" on an idle device waits forever — start with
 *      a read).
 *   3. The next read() returns the buffered bytes (up to n; the rest stays buffered).
 * A blocking read that finds a request in flight waits for that one instead of submitting a
 * second. Each open file has its own request slot (a device with one queue per opener).
 *
 * Simplifies: open() knows the names in DEVICES (/dev/slow, and mem.ts's /dev/null and
 * /dev/zero) and the threads' comm files (proc_comm.ts) — by the exact absolute name, as stat,
 * access and truncate do (deviceMode), and no directory /dev lists them —
 * and hands every other name to the file system (open.ts); /dev/slow has no seek, no
 * writes (EBADF); the data are the letters a..z repeating, from the file's position.
 */

import { shmemOpen } from './shmem.js';
import type { Kernel, KTimer } from './kernel.js';
import { procCommOpen } from './proc_comm.js';
import { procStatOpen } from './proc_stat.js';
import { nullOps, zeroOps } from './mem.js';
import { sysOpenat, installOpened } from './open.js';
import { type Task, TASK_UNINTERRUPTIBLE } from './task.js';
import { sleepOn } from './sched.js';
import { File, deviceStat, type FileOps } from './file.js';
import { PollWaitQueue, wakeUpPoll } from './poll.js';
import {
  AT_FDCWD, EAGAIN, EBADF, EFAULT, EINVAL, O_ACCMODE, O_NONBLOCK, O_WRONLY, POLLIN,
} from './uapi.js';

export const SLOW_DEV_PATH = '/dev/slow';

/** Per-open-file state of the device: at most one request in flight, and what it returned. */
export class SlowDevFile {
  /** Completed data not yet read. */
  buf = '';
  /** The request in flight (its completion timer), or null. */
  inflight: KTimer | null = null;
  /** Bytes of the request in flight. */
  inflightBytes = 0;
  /** Device position: where the next request reads from. */
  pos = 0;
  /** When the request in flight was submitted and when it completes (for tests and traces). */
  submitted = 0;
  completes = 0;
  wq = new PollWaitQueue('slow_dev');
}

/** The device's data: letters a..z repeating, from byte `pos`. */
function deviceBytes(pos: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + ((pos + i) % 26));
  return s;
}

/** Submit a request of n bytes: its latency is drawn now, from the seeded PRNG. */
function submitRequest(k: Kernel, s: SlowDevFile, n: number): void {
  const c = k.costs;
  const jitter = c.deviceJitter > 0 ? k.prng.int(-Math.round(c.deviceJitter), Math.round(c.deviceJitter)) : 0;
  const latency = Math.max(0, c.deviceLatency + jitter);
  s.inflightBytes = n;
  s.submitted = k.now;
  s.completes = k.now + latency;
  s.inflight = k.addTimer(s.completes, requestDone, s);
}

/** The completion interrupt: buffer the data, wake D-state readers and pollers. */
function requestDone(k: Kernel, s: SlowDevFile): void {
  k.current = null; // interrupt context
  s.inflight = null;
  s.buf += deviceBytes(s.pos, s.inflightBytes);
  s.pos += s.inflightBytes;
  s.inflightBytes = 0;
  wakeUpPoll(k, s.wq, null);
}

function slowRead(k: Kernel, t: Task, f: File, n: number): string | number {
  const s = f.priv as SlowDevFile;
  if ((f.flags & O_ACCMODE) === O_WRONLY) return -EBADF;
  if (n === 0) return '';
  if (s.buf.length > 0) {
    const data = s.buf.slice(0, n);
    s.buf = s.buf.slice(data.length);
    k.extraCost += k.costs.pipeCopyPerByte * data.length; // copy_to_user
    return data;
  }
  if (s.inflight === null) submitRequest(k, s, n);
  if (f.flags & O_NONBLOCK) return -EAGAIN;
  return sleepOn(k, t, s.wq, -1, TASK_UNINTERRUPTIBLE);
}

const slowOps: FileOps = {
  name: 'slow',
  stat: () => deviceStat(0o444), // cr--r--r-- root (DEVICE_MODES)
  read: slowRead,
  poll(k, f) {
    return (f.priv as SlowDevFile).buf.length > 0 ? POLLIN : 0;
  },
  pollQueues: (f) => [(f.priv as SlowDevFile).wq],
  release(k, f) {
    const s = f.priv as SlowDevFile;
    if (k) k.delTimer(s.inflight);
    else if (s.inflight) s.inflight.active = false;
    s.inflight = null;
  },
};

/** The device state behind a file, if it is /dev/slow (for tests). */
export function slowDevOf(f: File | null): SlowDevFile | null {
  return f !== null && f.ops === slowOps ? (f.priv as SlowDevFile) : null;
}

/** The names open() knows, and how each makes its struct file. */
const DEVICES: Record<string, (flags: number) => File> = {
  [SLOW_DEV_PATH]: (flags) => new File(slowOps, flags, new SlowDevFile()),
  '/dev/null': (flags) => new File(nullOps, flags), // mem.ts
  '/dev/zero': (flags) => new File(zeroOps, flags),
};

/** The device nodes' permission bits, as udev makes them (/dev/null and /dev/zero crw-rw-rw-, root's). */
const DEVICE_MODES: Record<string, number> = { [SLOW_DEV_PATH]: 0o444, '/dev/null': 0o666, '/dev/zero': 0o666 };

/**
 * The permission bits of the device node at `path` (the same names openDevice knows), or null:
 * stat, access and truncate (open.ts) see these as root-owned character devices.
 */
export function deviceMode(path: string): number | null {
  return Object.prototype.hasOwnProperty.call(DEVICE_MODES, path) ? DEVICE_MODES[path] : null;
}

/**
 * open(path, flags, mode): a descriptor for a known device or a thread's comm file; any other
 * path is the file system's (open.ts: regular files and directories). -EINVAL for a bad access
 * mode, -EFAULT when path is not a string, -EMFILE when the table is full.
 */
export function sysOpen(k: Kernel, t: Task, path: string, flags: number, mode?: number): number {
  if (typeof path !== 'string') return -EFAULT;
  flags = flags ?? 0;
  if (!Number.isInteger(flags) || (flags & O_ACCMODE) === O_ACCMODE) return -EINVAL;
  const f = shmemOpen(k, t, path, flags, mode ?? 0o666) ?? procStatOpen(k, t, path, flags) ?? procCommOpen(k, t, path, flags);
  if (f === null) return sysOpenat(k, t, AT_FDCWD, path, flags, mode ?? 0o666);
  return typeof f === 'number' ? f : installOpened(t, f, flags);
}

/** The open file of a device named by its absolute path (openat asks first), or null. */
export function openDevice(path: string, flags: number): File | null {
  const make = Object.prototype.hasOwnProperty.call(DEVICES, path) ? DEVICES[path] : undefined;
  return make === undefined ? null : make(flags & (O_ACCMODE | O_NONBLOCK));
}
