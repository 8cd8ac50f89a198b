/* glibc's si_int and si_ptr (<signal.h>): the value sigqueue sent, as glibc 2.3.6's
   nptl/tst-getpid1.c reads it. */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
	sigset_t s;
	siginfo_t si;
	struct timespec ts = {1, 0}; /* sigtimedwait: NGPT's own sigwaitinfo fills si_signo only (libs/ngpt) */
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &s, NULL);
	sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 1234});
	sigtimedwait(&s, &si, &ts);
	printf("si_int %d\n", si.si_int);
	static int x;
	sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_ptr = &x});
	sigtimedwait(&s, &si, &ts);
	printf("si_ptr is the pointer sent: %d\n", si.si_ptr == &x);
	return 0;
}
