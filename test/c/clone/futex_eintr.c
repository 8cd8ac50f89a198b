/* futex_eintr.c — a signal whose handler was installed without SA_RESTART interrupts a
 * FUTEX_WAIT: -1 with EINTR (futex(2)), and the handler has run. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int word;
static volatile sig_atomic_t got;

static void handler(int sig) { got = sig; }

int main(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	long r = syscall(SYS_futex, &word, FUTEX_WAIT, 0, NULL, NULL, 0);
	int e = errno;
	printf("FUTEX_WAIT: %ld %s, handler ran %d\n", r, strerror(e), got == SIGALRM);
	return 0;
}
