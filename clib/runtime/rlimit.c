/*
 * rlimit.c — getrlimit, setrlimit, prlimit (<sys/resource.h>): the kernel's prlimit64
 * (kernel/sys_rlimit.ts), as glibc's wrappers on x86-64 are; and the limit on the program's
 * memory that malloc meets.
 *
 * Mirrors glibc's sysdeps/unix/sysv/linux/getrlimit64.c/setrlimit64.c (prlimit64 with pid 0)
 * and Linux's mm/mmap.c brk check (a data segment past RLIMIT_DATA, or an address space past
 * RLIMIT_AS, is ENOMEM): the program's WebAssembly memory is its address space, and malloc
 * grows it through sbrk, wrapped here to fail with ENOMEM (so malloc returns NULL) past the
 * smaller of the two limits.
 *
 * Simplifies: sbrk runs inside malloc, which must not suspend (wasi-libc's malloc is not
 * locked against the lab's threads), so it checks a copy of the limit this process last set
 * through setrlimit/prlimit (inherited by fork with the memory; a new image, or a limit set by
 * another process with prlimit, is not seen: such memory limits then go unenforced).
 */
#include <errno.h>
#include <stdint.h>
#include <sys/resource.h>
#include <unistd.h>
#include "lab.h"

static unsigned long long mem_limit = RLIM_INFINITY; /* min(RLIMIT_AS, RLIMIT_DATA) as last set */
static unsigned long long limit_as = RLIM_INFINITY, limit_data = RLIM_INFINITY;

static void remember(int res, const struct rlimit *nv) {
	if (res == RLIMIT_AS) limit_as = nv->rlim_cur;
	else if (res == RLIMIT_DATA) limit_data = nv->rlim_cur;
	else return;
	mem_limit = limit_as < limit_data ? limit_as : limit_data;
}

int prlimit(pid_t pid, int res, const struct rlimit *nv, struct rlimit *old) {
	int r = __lab_prlimit(pid, res, nv, old);
	if (r == 0 && nv && (pid == 0 || pid == getpid())) remember(res, nv);
	return r;
}

int getrlimit(int res, struct rlimit *out) { return prlimit(0, res, 0, out); }
int setrlimit(int res, const struct rlimit *nv) { return prlimit(0, res, nv, 0); }

void *__real_sbrk(intptr_t);
void *__wrap_sbrk(intptr_t inc) {
	if (inc > 0 && mem_limit != RLIM_INFINITY) {
		unsigned long long size = (unsigned long long)__builtin_wasm_memory_size(0) * 65536ULL;
		if (size + (unsigned long long)inc > mem_limit) {
			errno = ENOMEM;
			return (void *)-1;
		}
	}
	return __real_sbrk(inc);
}
