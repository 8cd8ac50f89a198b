/* chown, fchown, lchown, fchownat as an unprivileged user: only the owner's own group; a chown drops
 * set-user-ID. Expected output: gcc + glibc on Linux 6.18 run as uid 1000 (kernel/open.ts chownInode). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
static void show(const char *what, int r) { printf("%s: %d %s\n", what, r, r < 0 ? strerror(errno) : "ok"); }
int main(void) {
  unlink("f");
  int fd = open("f", O_CREAT | O_WRONLY, 0755);
  struct stat sb;
  fchmod(fd, 04755);
  stat("f", &sb);
  printf("setuid before: %d\n", (sb.st_mode & 04000) != 0);
  show("chown to root", chown("f", 0, -1));
  show("chown to self, group self", chown("f", getuid(), getgid()));
  stat("f", &sb);
  printf("setuid after a chown: %d, uid is me %d\n", (sb.st_mode & 04000) != 0, sb.st_uid == getuid());
  show("chgrp to root's group", chown("f", -1, 0));
  show("fchown -1 -1", fchown(fd, -1, -1));
  show("lchown to self", lchown("f", getuid(), -1));
  show("fchownat", fchownat(AT_FDCWD, "f", -1, getgid(), 0));
  show("chown a missing file", chown("nofile", -1, -1));
  show("chown /etc/passwd", chown("/etc/passwd", getuid(), -1));
  close(fd);
  unlink("f");
  return 0;
}
