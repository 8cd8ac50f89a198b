/* ttyname, ttyname_r (glibc: the buffer is looked at first), ctermid, sync, syncfs. Expected output:
 * gcc + glibc on Linux with stdin on a pseudo-terminal (script -qc), as the lab's console is pts/0. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
int main(void) {
  int p[2]; pipe(p);
  char *t = ttyname(0);
  printf("ttyname(0) %s\n", t ? t : "NULL");
  errno = 0; t = ttyname(p[0]);
  printf("ttyname(pipe) %s %s\n", t ? t : "NULL", strerror(errno));
  char small[4];
  printf("ttyname_r small %s\n", strerror(ttyname_r(1, small, sizeof small)));
  printf("ttyname_r bad fd %s\n", strerror(ttyname_r(99, small, sizeof small)));
  char buf[L_ctermid];
  printf("ctermid %s\n", ctermid(buf));
  sync();
  int a = syncfs(1), b = syncfs(99);
  printf("syncfs %d, bad fd %d %s\n", a, b, strerror(errno));
  return 0;
}
