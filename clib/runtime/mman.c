/*
 * mman.c — mmap/munmap, msync, mprotect, madvise, posix_madvise, mlock/munlock/mlockall/munlockall, shm_open/shm_unlink, sem_open/sem_close/sem_unlink (ftruncate: fs.c): the
 * memory comes from the program's own (page-aligned and zeroed, as fresh pages are); the host
 * (clib/host/shmem.ts) has the library map the kernel's side and, for MAP_SHARED, keeps the
 * range coherent with every other process mapping the same object.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lab.h"

#define PAGE 4096u

/*
 * MAP_FIXED at the start of a mapping mmap gave: mmap_region unmaps what was there, then maps
 * the new object on the same pages (LTP mmap/3-1). Simplifies: only such an address — anything
 * else is EINVAL (the lab's mappings live in the program's heap, so the rest of the address
 * space is not the kernel's to hand out), and the new mapping must fit in the old one's pages
 * (else the old one is gone and the call is ENOMEM).
 */
static void *map_fixed(void *addr, size_t len, size_t size, int prot, int flags, int fd, off_t off) {
	if ((unsigned long)addr % PAGE != 0 || __lab_munmap(addr) != 1) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if (malloc_usable_size(addr) < size) {
		free(addr);
		errno = ENOMEM;
		return MAP_FAILED;
	}
	memset(addr, 0, size);
	if (__lab_mmap(addr, (unsigned)len, prot, flags, fd, (int)off) < 0) {
		free(addr);
		return MAP_FAILED;
	}
	return addr;
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
	/* mmap(2)'s order: a misaligned offset, then an empty length (EINVAL); an offset past what
	 * the lab's 32-bit page offset holds (do_mmap's pgoff + pages overflow on a 32-bit kernel:
	 * EOVERFLOW); a length past what the address space holds (get_unmapped_area), or a heap that
	 * cannot give the pages: ENOMEM. */
	if (off < 0 || off % PAGE != 0 || len == 0) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if (off > INT_MAX || len > (size_t)INT_MAX) {
		errno = off > INT_MAX ? EOVERFLOW : ENOMEM;
		return MAP_FAILED;
	}
	size_t size = (len + PAGE - 1) & ~(size_t)(PAGE - 1);
	if (flags & MAP_FIXED) return map_fixed(addr, len, size, prot, flags, fd, off);
	void *p = aligned_alloc(PAGE, size);
	if (!p) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	memset(p, 0, size);
	if (__lab_mmap(p, (unsigned)len, prot, flags, fd, (int)off) < 0) {
		free(p);
		return MAP_FAILED;
	}
	return p;
}

int msync(void *addr, size_t len, int flags) { return __lab_msync(addr, (unsigned)len, flags); }
int mprotect(void *addr, size_t len, int prot) { return __lab_mprotect(0, addr, (unsigned)len, prot); }
int madvise(void *addr, size_t len, int advice) { return __lab_mprotect(1, addr, (unsigned)len, advice); }

/* glibc's posix_madvise: the error number, not -1; POSIX_MADV_DONTNEED is ignored (glibc will not
 * give it Linux's destructive meaning). */
int posix_madvise(void *addr, size_t len, int advice) {
	if (advice == POSIX_MADV_DONTNEED) return 0;
	int saved = errno;
	int r = madvise(addr, len, advice) == 0 ? 0 : errno;
	errno = saved;
	return r;
}
int mlock(const void *addr, size_t len) { return __lab_mlock(0, (void *)addr, (unsigned)len, 0); }
int munlock(const void *addr, size_t len) { return __lab_mlock(1, (void *)addr, (unsigned)len, 0); }
int mlockall(int flags) { return __lab_mlock(2, 0, 0, flags); }
int munlockall(void) { return __lab_mlock(3, 0, 0, 0); }

int __wrap_munmap(void *addr, size_t len) {
	/* do_vmi_munmap: a misaligned address or an empty length is EINVAL */
	if ((unsigned long)addr % PAGE != 0 || len == 0) {
		errno = EINVAL;
		return -1;
	}
	if (__lab_munmap(addr) == 1) free(addr);
	return 0;
}

int shm_open(const char *name, int oflag, mode_t mode) { return __lab_shm_open(name, oflag, (int)mode); }
int shm_unlink(const char *name) { return __lab_shm_unlink(name); }

/* sem_open(name, oflag[, mode, value]): glibc reads mode and value only with O_CREAT. */
sem_t *sem_open(const char *name, int oflag, ...) {
	int mode = 0;
	unsigned value = 0;
	if (oflag & O_CREAT) {
		va_list ap;
		va_start(ap, oflag);
		mode = (int)va_arg(ap, mode_t);
		value = va_arg(ap, unsigned);
		va_end(ap);
	}
	sem_t *s = calloc(1, sizeof(sem_t));
	if (!s) {
		errno = ENOMEM;
		return SEM_FAILED;
	}
	sem_t *r = __lab_sem_open(s, name, oflag, mode, value);
	if (r != s) free(s);
	return r ? r : SEM_FAILED;
}

int sem_close(sem_t *s) {
	int r = __lab_sem_close(s);
	if (r == 1) {
		free(s);
		return 0;
	}
	return r;
}

int sem_unlink(const char *name) { return __lab_sem_unlink(name); }
