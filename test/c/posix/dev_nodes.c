/* /dev/null and /dev/zero by name outside open(): stat sees a root-owned character device
 * crw-rw-rw-, access grants read and write but not execute, truncate is EINVAL (not a regular
 * file: vfs_truncate) — TLPI fileio/t_truncate /dev/null; fstat of an open one agrees. Output
 * checked against gcc on Linux. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static void node(const char *path) {
	struct stat sb;
	int r = stat(path, &sb);
	printf("%s: stat %d chr %d perms %o uid %d", path, r, S_ISCHR(sb.st_mode), (unsigned)(sb.st_mode & 0777), (int)sb.st_uid);
	printf(", access rw %d", access(path, R_OK | W_OK));
	r = access(path, X_OK);
	printf(", x %d %s", r, r ? strerror(errno) : "");
	r = truncate(path, 0);
	printf(", truncate %d %s\n", r, r ? strerror(errno) : "");
	/* fstat of an open descriptor says what stat says */
	int fd = open(path, O_RDONLY);
	struct stat fb;
	r = fstat(fd, &fb);
	printf("  fstat %d chr %d perms %o uid %d same %d\n", r, S_ISCHR(fb.st_mode), (unsigned)(fb.st_mode & 0777), (int)fb.st_uid, fb.st_mode == sb.st_mode);
	close(fd);
}

int main(void) {
	node("/dev/null");
	node("/dev/zero");
	struct stat sb;
	int r = stat("/dev/nosuch", &sb);
	printf("/dev/nosuch: stat %d %s\n", r, strerror(errno));
	return 0;
}
