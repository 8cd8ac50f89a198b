/* si_code as glibc reports it: sigwaitinfo/sigtimedwait fold the kernel's SI_TKILL (raise, tgkill,
 * tkill) into SI_USER (sysdeps/unix/sysv/linux/sigtimedwait.c); a handler's siginfo is the kernel's. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
static volatile int hcode = 99;
static void h(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; hcode = si->si_code; }
int main(void) {
  sigset_t s; sigemptyset(&s); sigaddset(&s, SIGUSR1); sigprocmask(SIG_BLOCK, &s, 0);
  siginfo_t i;
  raise(SIGUSR1); sigwaitinfo(&s, &i); printf("raise -> sigwaitinfo si_code %d\n", i.si_code);
  syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1); sigwaitinfo(&s, &i); printf("tgkill -> sigwaitinfo si_code %d\n", i.si_code);
  struct timespec ts = { 1, 0 };
  syscall(SYS_tkill, gettid(), SIGUSR1); sigtimedwait(&s, &i, &ts); printf("tkill -> sigtimedwait si_code %d\n", i.si_code);
  union sigval v = { .sival_int = 7 };
  sigqueue(getpid(), SIGUSR1, v); sigwaitinfo(&s, &i); printf("sigqueue -> sigwaitinfo si_code %d (SI_QUEUE %d)\n", i.si_code, SI_QUEUE);
  struct sigaction sa = { 0 }; sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO; sigaction(SIGUSR1, &sa, 0);
  sigprocmask(SIG_UNBLOCK, &s, 0);
  syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
  printf("tgkill -> handler si_code %d (SI_TKILL %d: not folded)\n", hcode, SI_TKILL);
  return 0;
}
