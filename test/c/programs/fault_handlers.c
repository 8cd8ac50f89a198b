/*
 * fault_handlers.c — a handler for a hardware fault, as an OS course writes one: catch SIGSEGV
 * (a null pointer, a stack overflow) or SIGFPE (an integer division by zero), say so, _exit.
 * argv[1] picks the case; each prints what Linux prints. ("return": a handler that returns —
 * on Linux the access faults again, forever; the lab ends the process with the signal.)
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void say_and_exit(int sig) {
	char msg[64];
	int n = snprintf(msg, sizeof msg, "caught %s\n", strsignal(sig));
	write(1, msg, n);
	_exit(10 + sig);
}

static void say_and_return(int sig) {
	char msg[64];
	int n = snprintf(msg, sizeof msg, "caught %s, returning\n", strsignal(sig));
	write(1, msg, n);
}

static volatile int zero = 0;
static int *volatile nowhere = NULL;

static int depth(int n) {
	volatile char frame[4096];
	frame[0] = (char)n;
	return depth(n + 1) + frame[0];
}

static void *faulting_thread(void *arg) {
	(void)arg;
	printf("the new thread faults\n");
	fflush(stdout);
	return (void *)(long)*nowhere;
}

int main(int argc, char **argv) {
	const char *what = argc > 1 ? argv[1] : "segv";
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = strcmp(what, "return") == 0 ? say_and_return : say_and_exit;
	sigemptyset(&sa.sa_mask);
	if (strcmp(what, "overflow-altstack") == 0) {
		stack_t ss = { .ss_sp = malloc(SIGSTKSZ), .ss_size = SIGSTKSZ, .ss_flags = 0 };
		sigaltstack(&ss, NULL);
		sa.sa_flags = SA_ONSTACK;
	}
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	if (strcmp(what, "blocked") == 0) {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGSEGV);
		sigprocmask(SIG_BLOCK, &s, NULL);
	}
	printf("%s: about to fault\n", what);
	fflush(stdout);
	if (strcmp(what, "fpe") == 0) return 100 / zero;
	if (strcmp(what, "thread") == 0) { /* the handler runs on the faulting thread */
		pthread_t t;
		pthread_create(&t, NULL, faulting_thread, NULL);
		pthread_join(t, NULL);
		printf("not reached\n");
		return 0;
	}
	if (strncmp(what, "overflow", 8) == 0) return depth(0);
	return *nowhere; /* segv, blocked, return */
}
