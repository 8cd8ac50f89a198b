/* mprotect and madvise from C: their argument checks, and MADV_DONTNEED's zero pages. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void show(const char *what, int r) { printf("%-34s %2d %s\n", what, r, r == 0 ? "" : strerror(errno)); }

int main(void) {
	size_t len = 4 * 4096;
	char *priv = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *stack = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	printf("mmap with MAP_STACK|MAP_NORESERVE: %s\n", stack == MAP_FAILED ? "failed" : "ok");
	show("mprotect(read-only)", mprotect(priv, len, PROT_READ));
	show("mprotect(back to read/write)", mprotect(priv, len, PROT_READ | PROT_WRITE));
	show("mprotect(misaligned)", mprotect(priv + 1, 4096, PROT_READ));
	show("mprotect(unknown bit)", mprotect(priv, 4096, 0x100));
	show("mprotect(length 0)", mprotect(priv, 0, PROT_READ));
	munmap(stack, len);
	show("mprotect(unmapped)", mprotect(stack, 4096, PROT_READ));
	strcpy(priv + 4096, "private data");
	strcpy(shared + 4096, "shared data");
	show("madvise(private, DONTNEED)", madvise(priv, len, MADV_DONTNEED));
	show("madvise(shared, DONTNEED)", madvise(shared, len, MADV_DONTNEED));
	printf("after DONTNEED: private '%s' (%d), shared '%s'\n", priv + 4096, priv[4096], shared + 4096);
	show("madvise(WILLNEED)", madvise(priv, len, MADV_WILLNEED));
	show("madvise(unknown advice 6)", madvise(priv, len, 6));
	show("madvise(misaligned)", madvise(priv + 8, len, MADV_NORMAL));
	printf("posix_madvise(unknown advice 6) = %d (%s)\n", posix_madvise(priv, len, 6), strerror(posix_madvise(priv, len, 6)));
	return 0;
}
