/*
 * <aio.h> — POSIX asynchronous I/O, as glibc 2.36 declares it on Linux (rt/aio.h).
 *
 * glibc's implementation is user level (clib/runtime/aio.c mirrors it): each request joins a
 * list per descriptor and a helper thread made with the thread library's own pthread_create
 * does the pread/pwrite/fsync. So aio runs on every library, and under green (and NGPT with
 * one native) a helper blocked in a read blocks the process (DESIGN.md rule 34).
 * off_t is 64-bit on wasm32, so struct aiocb64 is struct aiocb and the *64 calls are the
 * plain ones (as on x86-64).
 */
#ifndef _AIO_H
#define _AIO_H
#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif

struct aiocb {
	int aio_fildes;
	int aio_lio_opcode;
	int aio_reqprio;
	volatile void *aio_buf;
	size_t aio_nbytes;
	struct sigevent aio_sigevent;
	/* glibc's internal fields */
	struct aiocb *__next_prio;
	int __abs_prio;
	int __policy;
	int __error_code;
	ssize_t __return_value;
	off_t aio_offset;
	char __glibc_reserved[32];
};

/* aio_cancel's answers */
enum { AIO_CANCELED, AIO_NOTCANCELED, AIO_ALLDONE };
#define AIO_CANCELED AIO_CANCELED
#define AIO_NOTCANCELED AIO_NOTCANCELED
#define AIO_ALLDONE AIO_ALLDONE

/* lio_listio's operations and modes */
enum { LIO_READ, LIO_WRITE, LIO_NOP };
#define LIO_READ LIO_READ
#define LIO_WRITE LIO_WRITE
#define LIO_NOP LIO_NOP
enum { LIO_WAIT, LIO_NOWAIT };
#define LIO_WAIT LIO_WAIT
#define LIO_NOWAIT LIO_NOWAIT

#ifndef AIO_PRIO_DELTA_MAX
#define AIO_PRIO_DELTA_MAX 20 /* glibc's bits/local_lim.h */
#endif

#ifdef _GNU_SOURCE
/* aio_init: glibc's tuning (the number of helper threads, their idle time in seconds). */
struct aioinit {
	int aio_threads;
	int aio_num;
	int aio_locks;
	int aio_usedba;
	int aio_debug;
	int aio_numusers;
	int aio_idle_time;
	int aio_reserved;
};
void aio_init(const struct aioinit *);
#endif

int aio_read(struct aiocb *);
int aio_write(struct aiocb *);
int lio_listio(int, struct aiocb *const [], int, struct sigevent *__restrict);
int aio_error(const struct aiocb *);
ssize_t aio_return(struct aiocb *);
int aio_suspend(const struct aiocb *const [], int, const struct timespec *__restrict);
int aio_cancel(int, struct aiocb *);
int aio_fsync(int, struct aiocb *);

#if defined(_LARGEFILE64_SOURCE) || defined(_GNU_SOURCE)
#define aiocb64 aiocb
#define aio_read64 aio_read
#define aio_write64 aio_write
#define lio_listio64 lio_listio
#define aio_error64 aio_error
#define aio_return64 aio_return
#define aio_suspend64 aio_suspend
#define aio_cancel64 aio_cancel
#define aio_fsync64 aio_fsync
#endif

#ifdef __cplusplus
}
#endif
#endif
