/*
 * sigset.c — XSI's sigset (glibc's sysdeps/posix/sigset.c; LTP sigset/1-1 … 10-1): SIG_HOLD
 * adds the signal to the mask and answers the old handler; installing a handler unblocks the
 * signal and answers SIG_HOLD if it was held. The handler is the program's first function
 * pointer, which must not equal SIG_HOLD (2): function pointers start at 3.
 */
#include <signal.h>
#include <stdio.h>

static volatile int called;
static void on_chld(int s) { (void)s; called++; }

static int blocked(int sig) {
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, sig);
}

int main(void) {
	printf("handler is SIG_HOLD: %s\n", on_chld == SIG_HOLD ? "yes" : "no");
	void (*o)(int) = sigset(SIGCHLD, on_chld);
	raise(SIGCHLD);
	printf("old %s, handler ran %d\n", o == SIG_DFL ? "SIG_DFL" : "other", called);
	o = sigset(SIGCHLD, SIG_HOLD);
	printf("hold: old is the handler %s, blocked %d\n", o == on_chld ? "yes" : "no", blocked(SIGCHLD));
	raise(SIGCHLD);
	printf("held: handler ran %d\n", called);
	o = sigset(SIGCHLD, on_chld);
	printf("reinstall: old %s, blocked %d, handler ran %d\n", o == SIG_HOLD ? "SIG_HOLD" : "other", blocked(SIGCHLD), called);
	return 0;
}
