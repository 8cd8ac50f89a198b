/**
 * errno.ts — the kernel's (Linux) error numbers in wasi-libc's numbering.
 *
 * A C program's errno, and the error numbers pthread_* return, are compared with the names of
 * wasi-libc's <errno.h> (EINTR is 27 there, 4 in Linux) and printed by its strerror/perror,
 * so every number from the library is translated on the way in. Mirrors wasi-libc's
 * __errno_values.h; unknown numbers become EIO (never 0, which would mean success).
 */

import {
  EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, ENOEXEC, EBADF, ECHILD, EAGAIN, ENOMEM,
  EACCES, EFAULT, EBUSY, EEXIST, ENODEV, EINVAL, ENFILE, EMFILE, ENOTTY, ESPIPE, EPIPE, ERANGE,
  EDEADLK, ENOSYS, ENOTSUP, ETIMEDOUT,
} from '../../libs/api.js';

/** wasi-libc's values (wasi/api.h __WASI_ERRNO_*). */
export const WASI = {
  SUCCESS: 0, E2BIG: 1, EACCES: 2, EAGAIN: 6, EBADF: 8, EBUSY: 10, ECANCELED: 11, ECHILD: 12,
  EDEADLK: 16, EEXIST: 20, EFAULT: 21, EINTR: 27, EINVAL: 28, EIO: 29, EMFILE: 33, ENFILE: 41,
  ENODEV: 43, ENOENT: 44, ENOEXEC: 45, ENOMEM: 48, ENOSYS: 52, ENOTSUP: 58, ENOTTY: 59, ENXIO: 60,
  EPERM: 63, EPIPE: 64, ERANGE: 68, ESPIPE: 70, ESRCH: 71, ETIMEDOUT: 73,
} as const;

const TABLE = new Map<number, number>([
  [EPERM, WASI.EPERM], [ENOENT, WASI.ENOENT], [ESRCH, WASI.ESRCH], [EINTR, WASI.EINTR],
  [EIO, WASI.EIO], [ENXIO, WASI.ENXIO], [E2BIG, WASI.E2BIG], [ENOEXEC, WASI.ENOEXEC],
  [EBADF, WASI.EBADF], [ECHILD, WASI.ECHILD], [EAGAIN, WASI.EAGAIN], [ENOMEM, WASI.ENOMEM],
  [EACCES, WASI.EACCES], [EFAULT, WASI.EFAULT], [EBUSY, WASI.EBUSY], [EEXIST, WASI.EEXIST],
  [ENODEV, WASI.ENODEV], [EINVAL, WASI.EINVAL], [ENFILE, WASI.ENFILE], [EMFILE, WASI.EMFILE],
  [ENOTTY, WASI.ENOTTY], [ESPIPE, WASI.ESPIPE], [EPIPE, WASI.EPIPE], [ERANGE, WASI.ERANGE],
  [EDEADLK, WASI.EDEADLK], [ENOSYS, WASI.ENOSYS], [ENOTSUP, WASI.ENOTSUP], [ETIMEDOUT, WASI.ETIMEDOUT],
]);

/** A Linux error number (positive) as wasi-libc's; 0 stays 0. */
export function toWasi(linux: number): number {
  if (linux === 0) return 0;
  return TABLE.get(Math.abs(linux)) ?? WASI.EIO;
}
