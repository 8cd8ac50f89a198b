/*
 * mmap_file.c — mmap of a regular file from C: MAP_SHARED maps the file's pages (a store is
 * what read returns, a write is what the mapping holds, a fork child's store is seen by the
 * parent, a second mapping agrees), MAP_PRIVATE is copy-on-write; do_mmap's errors (EACCES,
 * ENODEV, EBADF, EINVAL, ENOMEM for a huge length, EOVERFLOW for a huge offset; munmap of an
 * empty length: EINVAL); msync (EINVAL, ENOMEM, mtime moved by a store); mlock/munlock/
 * mlockall/munlockall (EINVAL, ENOMEM, EPERM at a zero RLIMIT_MEMLOCK, EBUSY for MS_INVALIDATE
 * of locked pages). The program runs as the lab's user (not root).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *en(int e) {
	return e == EINVAL ? "EINVAL" : e == ENOMEM ? "ENOMEM" : e == EACCES ? "EACCES" : e == ENODEV ? "ENODEV" : e == EBADF ? "EBADF" : e == EPERM ? "EPERM" : e == EBUSY ? "EBUSY" : e == EAGAIN ? "EAGAIN" : e == EOVERFLOW ? "EOVERFLOW" : "?";
}
#define TRY(call) do { errno = 0; long r_ = (long)(call); printf(" %ld%s%s", r_ == (long)MAP_FAILED ? -1L : r_ < 0 ? -1L : 0L, r_ == (long)MAP_FAILED || r_ < 0 ? " " : "", r_ == (long)MAP_FAILED || r_ < 0 ? en(errno) : ""); } while (0)

int main(void) {
	int fd = open("/tmp/mapped", O_CREAT | O_RDWR, 0600);
	write(fd, "hello world", 11);
	char *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p2 = mmap(0, 11, PROT_READ, MAP_SHARED, fd, 0);
	printf("shared: %.11s", p);
	p[0] = 'J';
	char buf[16] = {0};
	pread(fd, buf, 11, 0);
	pwrite(fd, "W", 1, 6);
	printf(", read after a store %s, mapping after a write %.11s, second mapping %.11s\n", buf, p, p2);
	char *q = mmap(0, 11, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	q[1] = 'X';
	pid_t c = fork();
	if (c == 0) {
		p[2] = 'Z';
		_exit(0);
	}
	waitpid(c, 0, 0);
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 11, 0);
	printf("private %.11s; after the child's store: mapping %.11s, file %s\n", q, p, buf);

	struct stat s1, s2;
	fstat(fd, &s1);
	sleep(1);
	p[3] = 'Q';
	int r = msync(p, 4096, MS_SYNC);
	fstat(fd, &s2);
	printf("msync %d, mtime moved %d;", r, s2.st_mtime > s1.st_mtime);
	TRY(msync(p, 10, 8));
	TRY(msync(p + 1, 10, MS_SYNC));
	TRY(msync(p, 10, MS_SYNC | MS_ASYNC));
	TRY(msync(p, 8192, MS_SYNC));
	printf("\nmmap errors:");
	int ro = open("/tmp/mapped", O_RDONLY), wo = open("/tmp/mapped", O_WRONLY), pp[2];
	pipe(pp);
	TRY(mmap(0, 10, PROT_WRITE, MAP_SHARED, ro, 0));
	TRY(mmap(0, 10, PROT_READ, MAP_PRIVATE, wo, 0));
	TRY(mmap(0, 10, PROT_READ, MAP_SHARED, pp[0], 0));
	TRY(mmap(0, 10, PROT_READ, MAP_SHARED, 77, 0));
	TRY(mmap(0, 10, PROT_READ, MAP_SHARED, fd, 100));
	TRY(mmap(0, 0, PROT_READ, MAP_SHARED, fd, 0));
	TRY(mmap(0, 0xfffff000u, PROT_READ, MAP_SHARED, fd, 0));
	TRY(mmap(0, 0xfffff000u, PROT_READ, MAP_SHARED, fd, (off_t)0xffffffff000LL));

	printf("\nmlock:");
	TRY(mlock(buf, sizeof buf));
	TRY(munlock(buf, sizeof buf));
	TRY(mlock((void *)0x7ffff000, 4096));
	TRY(munlock((void *)0x7ffff000, 4096));
	TRY(mlockall(0));
	TRY(mlockall(~(MCL_CURRENT | MCL_FUTURE)));
	TRY(mlockall(MCL_CURRENT));
	TRY(msync(p, 4096, MS_INVALIDATE));
	TRY(munlockall());
	TRY(msync(p, 4096, MS_INVALIDATE));
	struct rlimit zero = {0, 0};
	setrlimit(RLIMIT_MEMLOCK, &zero);
	TRY(mlock(buf, sizeof buf));
	TRY(mlockall(MCL_CURRENT));
	printf("\n");
	TRY(munmap(p, 0));
	TRY(munmap(p, 4096));
	printf("\n");
	return 0;
}
