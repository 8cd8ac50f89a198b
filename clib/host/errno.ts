/**
 * errno.ts — error numbers between the two numberings a C program's process holds: Linux's
 * (the kernel's and libraries', and the program's: clib/include/errno.h) and WASI's (wasi-libc's
 * own compiled code, and the WASI system-call interface it calls: wasi.ts).
 *
 * The lab's calls answer C in Linux's numbers as they are (pthread_* results, errno). WASI's
 * numbers appear in two places only: what wasi.ts's WASI imports return to wasi-libc (toWasi),
 * and what wasi-libc's code leaves in its own errno variable, which the host moves into the
 * program's errno when a thread leaves C (fromWasi; clib/runtime/errno.c does the same from C,
 * by name, when the program reads errno).
 *
 * Mirrors: wasi-libc's __errno_values.h (= wasi/api.h's __WASI_ERRNO_*) beside Linux's
 * include/uapi/asm-generic/errno-base.h and errno.h. ENOTCAPABLE has no Linux twin: EPERM.
 * A number outside a table becomes EIO (never 0, which would mean success).
 */

/** Each WASI error by name: [WASI number, Linux number]. */
const PAIRS: Record<string, [number, number]> = {
  E2BIG: [1, 7], EACCES: [2, 13], EADDRINUSE: [3, 98], EADDRNOTAVAIL: [4, 99],
  EAFNOSUPPORT: [5, 97], EAGAIN: [6, 11], EALREADY: [7, 114], EBADF: [8, 9], EBADMSG: [9, 74],
  EBUSY: [10, 16], ECANCELED: [11, 125], ECHILD: [12, 10], ECONNABORTED: [13, 103],
  ECONNREFUSED: [14, 111], ECONNRESET: [15, 104], EDEADLK: [16, 35], EDESTADDRREQ: [17, 89],
  EDOM: [18, 33], EDQUOT: [19, 122], EEXIST: [20, 17], EFAULT: [21, 14], EFBIG: [22, 27],
  EHOSTUNREACH: [23, 113], EIDRM: [24, 43], EILSEQ: [25, 84], EINPROGRESS: [26, 115],
  EINTR: [27, 4], EINVAL: [28, 22], EIO: [29, 5], EISCONN: [30, 106], EISDIR: [31, 21],
  ELOOP: [32, 40], EMFILE: [33, 24], EMLINK: [34, 31], EMSGSIZE: [35, 90], EMULTIHOP: [36, 72],
  ENAMETOOLONG: [37, 36], ENETDOWN: [38, 100], ENETRESET: [39, 102], ENETUNREACH: [40, 101],
  ENFILE: [41, 23], ENOBUFS: [42, 105], ENODEV: [43, 19], ENOENT: [44, 2], ENOEXEC: [45, 8],
  ENOLCK: [46, 37], ENOLINK: [47, 67], ENOMEM: [48, 12], ENOMSG: [49, 42], ENOPROTOOPT: [50, 92],
  ENOSPC: [51, 28], ENOSYS: [52, 38], ENOTCONN: [53, 107], ENOTDIR: [54, 20], ENOTEMPTY: [55, 39],
  ENOTRECOVERABLE: [56, 131], ENOTSOCK: [57, 88], ENOTSUP: [58, 95], ENOTTY: [59, 25],
  ENXIO: [60, 6], EOVERFLOW: [61, 75], EOWNERDEAD: [62, 130], EPERM: [63, 1], EPIPE: [64, 32],
  EPROTO: [65, 71], EPROTONOSUPPORT: [66, 93], EPROTOTYPE: [67, 91], ERANGE: [68, 34],
  EROFS: [69, 30], ESPIPE: [70, 29], ESRCH: [71, 3], ESTALE: [72, 116], ETIMEDOUT: [73, 110],
  ETXTBSY: [74, 26], EXDEV: [75, 18], ENOTCAPABLE: [76, 1],
};

/** The WASI numbers the WASI imports answer with by name (wasi.ts). */
export const WASI = {
  SUCCESS: 0, EINVAL: PAIRS['EINVAL'][0], ENOTSUP: PAIRS['ENOTSUP'][0], ESPIPE: PAIRS['ESPIPE'][0],
} as const;

/** Every WASI error with its name, WASI and Linux numbers (for tests and tools). */
export const ERRNO_PAIRS: readonly (readonly [string, number, number])[] =
  Object.entries(PAIRS).map(([n, [w, l]]) => [n, w, l] as const);

const LINUX_OF_WASI = new Map<number, number>(Object.values(PAIRS).map(([w, l]) => [w, l]));
/** Linux → WASI; ENOTCAPABLE's EPERM is not its way back (EPERM stays EPERM). */
const WASI_OF_LINUX = new Map<number, number>(
  Object.entries(PAIRS).filter(([n]) => n !== 'ENOTCAPABLE').map(([, [w, l]]) => [l, w]),
);

const LINUX_EIO = PAIRS['EIO'][1];
const WASI_EIO = PAIRS['EIO'][0];

/** A Linux error number (either sign) as WASI's, for a WASI import's result; 0 stays 0. */
export function toWasi(linux: number): number {
  if (linux === 0) return 0;
  return WASI_OF_LINUX.get(Math.abs(linux)) ?? WASI_EIO;
}

/** A WASI error number (what wasi-libc's code set) as Linux's, for the program; 0 stays 0. */
export function fromWasi(wasi: number): number {
  if (wasi === 0) return 0;
  return LINUX_OF_WASI.get(wasi) ?? LINUX_EIO;
}
