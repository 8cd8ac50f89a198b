/*
 * errno.c — errno in Linux's numbers, per thread, over a wasi-libc that keeps its own in WASI's.
 *
 * Mirrors: glibc's __errno_location (the lvalue behind `errno`, clib/include/errno.h).
 *
 * Two variables: the program's errno (`lab_errno`, Linux numbers: what C code reads and
 * writes, and what the host sets after a failed lab call), and wasi-libc's own `errno`, which
 * its compiled code (strtol, malloc, stdio, its WASI system-call wrappers) sets to WASI
 * numbers. That one is a mailbox: whenever the program looks at errno (__lab_errno) or the
 * thread leaves C (the host, clib/host/activation.ts, with clib/host/errno.ts's table), a
 * number found in it is moved into the program's errno, translated, and the mailbox is
 * emptied — so the latest failure wins, whichever side reported it. The host switches the
 * program's errno between threads; the mailbox is empty whenever C is not running.
 *
 * posix_memalign, which returns an error number, is translated too (clock_nanosleep is clock.c's).
 *
 * Simplifies: wasi-libc code that reads errno after a call that the lab serves (fopen after
 * open) sees 0, not the lab's error (the program sees the error); a pointer to errno kept by
 * the program misses a later wasi-libc failure until errno is read again by name.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <wasi/api.h>
#include "lab.h"

#undef errno
extern _Thread_local int errno; /* wasi-libc's (WASI numbers) */

/* The running thread's errno, in Linux numbers (the host saves and restores it per thread). */
static int lab_errno;

/* WASI's error numbers (wasi/api.h) in Linux's; ENOTCAPABLE (no Linux twin) reads as EPERM. */
static const unsigned char linux_of_wasi[] = {
	[__WASI_ERRNO_2BIG] = E2BIG,                   [__WASI_ERRNO_ACCES] = EACCES,
	[__WASI_ERRNO_ADDRINUSE] = EADDRINUSE,         [__WASI_ERRNO_ADDRNOTAVAIL] = EADDRNOTAVAIL,
	[__WASI_ERRNO_AFNOSUPPORT] = EAFNOSUPPORT,     [__WASI_ERRNO_AGAIN] = EAGAIN,
	[__WASI_ERRNO_ALREADY] = EALREADY,             [__WASI_ERRNO_BADF] = EBADF,
	[__WASI_ERRNO_BADMSG] = EBADMSG,               [__WASI_ERRNO_BUSY] = EBUSY,
	[__WASI_ERRNO_CANCELED] = ECANCELED,           [__WASI_ERRNO_CHILD] = ECHILD,
	[__WASI_ERRNO_CONNABORTED] = ECONNABORTED,     [__WASI_ERRNO_CONNREFUSED] = ECONNREFUSED,
	[__WASI_ERRNO_CONNRESET] = ECONNRESET,         [__WASI_ERRNO_DEADLK] = EDEADLK,
	[__WASI_ERRNO_DESTADDRREQ] = EDESTADDRREQ,     [__WASI_ERRNO_DOM] = EDOM,
	[__WASI_ERRNO_DQUOT] = EDQUOT,                 [__WASI_ERRNO_EXIST] = EEXIST,
	[__WASI_ERRNO_FAULT] = EFAULT,                 [__WASI_ERRNO_FBIG] = EFBIG,
	[__WASI_ERRNO_HOSTUNREACH] = EHOSTUNREACH,     [__WASI_ERRNO_IDRM] = EIDRM,
	[__WASI_ERRNO_ILSEQ] = EILSEQ,                 [__WASI_ERRNO_INPROGRESS] = EINPROGRESS,
	[__WASI_ERRNO_INTR] = EINTR,                   [__WASI_ERRNO_INVAL] = EINVAL,
	[__WASI_ERRNO_IO] = EIO,                       [__WASI_ERRNO_ISCONN] = EISCONN,
	[__WASI_ERRNO_ISDIR] = EISDIR,                 [__WASI_ERRNO_LOOP] = ELOOP,
	[__WASI_ERRNO_MFILE] = EMFILE,                 [__WASI_ERRNO_MLINK] = EMLINK,
	[__WASI_ERRNO_MSGSIZE] = EMSGSIZE,             [__WASI_ERRNO_MULTIHOP] = EMULTIHOP,
	[__WASI_ERRNO_NAMETOOLONG] = ENAMETOOLONG,     [__WASI_ERRNO_NETDOWN] = ENETDOWN,
	[__WASI_ERRNO_NETRESET] = ENETRESET,           [__WASI_ERRNO_NETUNREACH] = ENETUNREACH,
	[__WASI_ERRNO_NFILE] = ENFILE,                 [__WASI_ERRNO_NOBUFS] = ENOBUFS,
	[__WASI_ERRNO_NODEV] = ENODEV,                 [__WASI_ERRNO_NOENT] = ENOENT,
	[__WASI_ERRNO_NOEXEC] = ENOEXEC,               [__WASI_ERRNO_NOLCK] = ENOLCK,
	[__WASI_ERRNO_NOLINK] = ENOLINK,               [__WASI_ERRNO_NOMEM] = ENOMEM,
	[__WASI_ERRNO_NOMSG] = ENOMSG,                 [__WASI_ERRNO_NOPROTOOPT] = ENOPROTOOPT,
	[__WASI_ERRNO_NOSPC] = ENOSPC,                 [__WASI_ERRNO_NOSYS] = ENOSYS,
	[__WASI_ERRNO_NOTCONN] = ENOTCONN,             [__WASI_ERRNO_NOTDIR] = ENOTDIR,
	[__WASI_ERRNO_NOTEMPTY] = ENOTEMPTY,           [__WASI_ERRNO_NOTRECOVERABLE] = ENOTRECOVERABLE,
	[__WASI_ERRNO_NOTSOCK] = ENOTSOCK,             [__WASI_ERRNO_NOTSUP] = ENOTSUP,
	[__WASI_ERRNO_NOTTY] = ENOTTY,                 [__WASI_ERRNO_NXIO] = ENXIO,
	[__WASI_ERRNO_OVERFLOW] = EOVERFLOW,           [__WASI_ERRNO_OWNERDEAD] = EOWNERDEAD,
	[__WASI_ERRNO_PERM] = EPERM,                   [__WASI_ERRNO_PIPE] = EPIPE,
	[__WASI_ERRNO_PROTO] = EPROTO,                 [__WASI_ERRNO_PROTONOSUPPORT] = EPROTONOSUPPORT,
	[__WASI_ERRNO_PROTOTYPE] = EPROTOTYPE,         [__WASI_ERRNO_RANGE] = ERANGE,
	[__WASI_ERRNO_ROFS] = EROFS,                   [__WASI_ERRNO_SPIPE] = ESPIPE,
	[__WASI_ERRNO_SRCH] = ESRCH,                   [__WASI_ERRNO_STALE] = ESTALE,
	[__WASI_ERRNO_TIMEDOUT] = ETIMEDOUT,           [__WASI_ERRNO_TXTBSY] = ETXTBSY,
	[__WASI_ERRNO_XDEV] = EXDEV,
	[__WASI_ERRNO_NOTCAPABLE] = EPERM,
};

static int linux_errno(int w) {
	if (w > 0 && w < (int)sizeof linux_of_wasi && linux_of_wasi[w] != 0) return linux_of_wasi[w];
	return EIO;
}

/* The lvalue `errno` names: first take in what wasi-libc reported since the last look. */
int *__lab_errno(void) {
	if (errno != 0) {
		lab_errno = linux_errno(errno);
		errno = 0;
	}
	return &lab_errno;
}

/*
 * wasi-libc's functions that return an error number rather than set errno answer in WASI's
 * numbers: the host links with --wrap for each (build.ts), and the number is translated here.
 */
static int returned(int w) { return w == 0 ? 0 : linux_errno(w); }

int __real_posix_memalign(void **, size_t, size_t);

int __wrap_posix_memalign(void **p, size_t align, size_t n) {
	return returned(__real_posix_memalign(p, align, n));
}

LAB_EXPORT(__lab_errno_location) int *__lab_errno_location(void) { return &lab_errno; }
LAB_EXPORT(__lab_wasi_errno_location) int *__lab_wasi_errno_location(void) { return &errno; }
