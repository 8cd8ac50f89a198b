// What a program's standard streams are: a terminal (isatty, a character device, st_blksize
// 1024 on a pty) or a pipe (ENOTTY, a FIFO, st_blksize 4096), as ./prog | cat gives.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    char line[3][96];
    for (int fd = 0; fd < 3; fd++) {
        struct stat st;
        errno = 0;
        int tty = isatty(fd);
        int e = errno;
        fstat(fd, &st);
        snprintf(line[fd], sizeof line[fd], "fd %d: isatty %d%s%s, %s, st_blksize %ld\n", fd, tty,
                 tty ? "" : " ", tty ? "" : strerror(e),
                 S_ISCHR(st.st_mode) ? "character device" : S_ISFIFO(st.st_mode) ? "pipe" : "other", (long)st.st_blksize);
    }
    for (int fd = 0; fd < 3; fd++) fputs(line[fd], stdout);
    printf("BUFSIZ %d\n", BUFSIZ);
    return 0;
}
