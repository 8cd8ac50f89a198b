/* shm_open: the descriptor is close-on-exec (glibc passes O_CLOEXEC), the object belongs to the
 * caller's effective uid and gid, with the mode less the umask. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
	int fd = shm_open("/threadlab_shm_flags", O_RDWR | O_CREAT | O_EXCL, 0640);
	if (fd < 0) { perror("shm_open"); return 1; }
	struct stat st;
	fstat(fd, &st);
	printf("FD_CLOEXEC: %s\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) ? "set" : "clear");
	printf("owner is the euid: %s, group the egid: %s\n", st.st_uid == geteuid() ? "yes" : "no", st.st_gid == getegid() ? "yes" : "no");
	printf("mode %o, size %ld\n", (unsigned)(st.st_mode & 07777), (long)st.st_size);
	shm_unlink("/threadlab_shm_flags");
	return 0;
}
