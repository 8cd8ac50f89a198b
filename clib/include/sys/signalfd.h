/*
 * <sys/signalfd.h> — signalfd(2) on the lab's kernel (kernel/signalfd.ts, after fs/signalfd.c):
 * read(2) takes the calling thread's pending signals of the mask — its own first, then the
 * process's — as struct signalfd_siginfo records (glibc's layout, 128 bytes), waiting for one
 * (EAGAIN with SFD_NONBLOCK); poll and select see it readable while one is pending. Block the
 * signals first (sigprocmask), or they are delivered as usual.
 */
#ifndef _SYS_SIGNALFD_H
#define _SYS_SIGNALFD_H
#include <stdint.h>
#include <signal.h>
#ifdef __cplusplus
extern "C" {
#endif

struct signalfd_siginfo {
	uint32_t ssi_signo;
	int32_t ssi_errno;
	int32_t ssi_code;
	uint32_t ssi_pid;
	uint32_t ssi_uid;
	int32_t ssi_fd;
	uint32_t ssi_tid;
	uint32_t ssi_band;
	uint32_t ssi_overrun;
	uint32_t ssi_trapno;
	int32_t ssi_status;
	int32_t ssi_int;
	uint64_t ssi_ptr;
	uint64_t ssi_utime;
	uint64_t ssi_stime;
	uint64_t ssi_addr;
	uint16_t ssi_addr_lsb;
	uint16_t __pad2;
	int32_t ssi_syscall;
	uint64_t ssi_call_addr;
	uint32_t ssi_arch;
	uint8_t __pad[28];
};

enum {
	SFD_CLOEXEC = 02000000,
#define SFD_CLOEXEC SFD_CLOEXEC
	SFD_NONBLOCK = 00004000
#define SFD_NONBLOCK SFD_NONBLOCK
};

int signalfd(int, const sigset_t *, int);

#ifdef __cplusplus
}
#endif
#endif
