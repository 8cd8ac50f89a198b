/* glibc's large-file interface (_LARGEFILE64_SOURCE) as TLPI's fileio/large_file.c uses it:
 * open64, lseek64 to an off64_t past 2 GiB (3 GB: a sparse file, one chunk in the lab's ramfs),
 * write, fstat64's size, pread64, ftruncate64,
 * mmap64 and getrlimit64 — the same calls as their plain names where off_t is 64 bits.
 * Output checked against gcc + glibc on Linux. */
#define _LARGEFILE64_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

int main(void) {
	int fd = open64("big", O_RDWR | O_CREAT | O_TRUNC, 0600);
	off64_t off = 3000000000LL;
	if (fd < 0) { perror("open64"); return 1; }
	off64_t at = lseek64(fd, off, SEEK_SET);
	printf("lseek64 %lld, write %zd\n", (long long)at, write(fd, "test", 4));
	struct stat64 sb;
	fstat64(fd, &sb);
	printf("size %lld\n", (long long)sb.st_size);
	char buf[5] = {0};
	printf("pread64 %zd '%s'\n", pread64(fd, buf, 4, off), buf);
	printf("ftruncate64 %d", ftruncate64(fd, 4096));
	fstat64(fd, &sb);
	printf(", size %lld\n", (long long)sb.st_size);
	pwrite64(fd, "mapped", 6, 0);
	char *p = mmap64(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off64_t)0);
	printf("mmap64 '%.6s'\n", p == MAP_FAILED ? "FAILED" : p);
	struct rlimit64 rl;
	printf("getrlimit64 %d, soft <= hard %d\n", getrlimit64(RLIMIT_NOFILE, &rl), rl.rlim_cur <= rl.rlim_max);
	close(fd);
	unlink("big");
	return 0;
}
