/* Named pipes: mkfifo, EEXIST, S_ISFIFO, the opens that wait for a partner (O_NONBLOCK: a reader
 * returns at once and reads EOF, a writer is ENXIO), a writer child and a reader parent, O_RDWR,
 * mknod of a device as a user (EPERM) and of the 0:0 whiteout (allowed; opens as ENXIO).
 * Expected output: gcc + glibc on Linux 6.18, run as uid 1000 (kernel/fifo.ts). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/sysmacros.h>
int main(void) {
  unlink("myfifo");
  printf("mkfifo %d\n", mkfifo("myfifo", 0644));
  int e = mkfifo("myfifo", 0644);
  printf("again %d %s\n", e, strerror(errno));
  struct stat sb; stat("myfifo", &sb);
  printf("S_ISFIFO %d mode %o\n", S_ISFIFO(sb.st_mode), sb.st_mode & 0777);
  int w = open("myfifo", O_WRONLY | O_NONBLOCK);
  printf("nonblock writer, no reader: %d %s\n", w, strerror(errno));
  int r = open("myfifo", O_RDONLY | O_NONBLOCK);
  char buf[64];
  ssize_t n0 = read(r, buf, sizeof buf);
  printf("nonblock reader: ok %d, read %zd (no writer: EOF)\n", r >= 0, n0);
  close(r);
  pid_t c = fork();
  if (c == 0) {
    int fd = open("myfifo", O_WRONLY); /* waits for the parent's reader */
    const char *msgs[] = { "hello ", "through ", "a fifo\n" };
    for (int i = 0; i < 3; i++) write(fd, msgs[i], strlen(msgs[i]));
    close(fd);
    _exit(0);
  }
  sleep(1);
  int fd = open("myfifo", O_RDONLY);
  fstat(fd, &sb);
  printf("fstat S_ISFIFO %d\n", S_ISFIFO(sb.st_mode));
  ssize_t n; size_t got = 0; char all[64];
  while ((n = read(fd, all + got, sizeof all - got - 1)) > 0) got += n;
  all[got] = 0;
  printf("read: %s", all);
  close(fd);
  waitpid(c, NULL, 0);
  int rw = open("myfifo", O_RDWR);
  write(rw, "self", 4);
  n = read(rw, buf, 4); buf[n] = 0;
  printf("O_RDWR: %s\n", buf);
  close(rw);
  e = mknod("null2", S_IFCHR | 0600, makedev(1, 3));
  printf("mknod /dev/null's 1:3 as a user: %d %s\n", e, strerror(errno));
  e = mknod("wh", S_IFCHR | 0600, 0);
  stat("wh", &sb);
  int o = open("wh", O_RDONLY);
  printf("mknod 0:0 (a whiteout): %d S_ISCHR %d, open %d %s\n", e, S_ISCHR(sb.st_mode), o, strerror(errno));
  unlink("wh");
  printf("unlink %d\n", unlink("myfifo"));
  return 0;
}
