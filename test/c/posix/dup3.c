/* dup3: O_CLOEXEC, EINVAL for the same descriptor or another flag. Expected output: gcc + glibc on Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
  int p[2]; pipe(p);
  int r = dup3(p[1], 10, O_CLOEXEC);
  printf("dup3 O_CLOEXEC: %d, FD_CLOEXEC %d\n", r, fcntl(10, F_GETFD) & FD_CLOEXEC);
  r = dup3(p[1], 11, 0);
  printf("dup3 0: %d, FD_CLOEXEC %d\n", r, fcntl(11, F_GETFD) & FD_CLOEXEC);
  r = dup3(p[1], p[1], 0);
  printf("dup3 same fd: %d %s\n", r, strerror(errno));
  r = dup3(p[1], 12, O_NONBLOCK);
  printf("dup3 O_NONBLOCK: %d %s\n", r, strerror(errno));
  r = dup3(99, 12, 0);
  printf("dup3 bad fd: %d %s\n", r, strerror(errno));
  write(10, "x", 1); char c; read(p[0], &c, 1); printf("through the copy: %c\n", c);
  return 0;
}
