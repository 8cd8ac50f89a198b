/* syscall(2) with the numbers <sys/syscall.h> names: gettid as thread programs printed it before glibc 2.30, tgkill, kill, a raw write, and ENOSYS for a number the lab does not implement. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <signal.h>
#include <errno.h>
#include <string.h>
#include <pthread.h>
#include <sys/syscall.h>
static volatile int got;
static void h(int s){got=s;}
static void* f(void*a){ long tid=syscall(SYS_gettid); printf("thread: gettid %s, != pid %d\n", tid==gettid()?"matches":"differs", tid!=getpid()); return 0;}
int main(void){ signal(SIGUSR1,h); printf("main: gettid == getpid %d, getppid %d\n", syscall(SYS_gettid)==getpid(), syscall(SYS_getppid)==getppid());
 pthread_t t; pthread_create(&t,0,f,0); pthread_join(t,0);
 syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1); printf("tgkill delivered %d\n", got==SIGUSR1);
 long r = syscall(SYS_write, 1, "raw write\n", 10); printf("write returned %ld\n", r);
 r = syscall(SYS_kill, 999999, 0); printf("kill: %ld %s\n", r, strerror(errno));
 r = syscall(4000); printf("unknown: %ld %s\n", r, strerror(errno)); return 0;}
