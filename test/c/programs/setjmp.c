/*
 * setjmp.c — setjmp/longjmp and sigsetjmp/siglongjmp, one mode per argv[1] (test/c/setjmp.test.ts).
 * Outputs checked against gcc 12 -O2 + glibc 2.36 on Linux. Only volatile and global variables
 * are printed after a jump: a non-volatile local changed after setjmp is indeterminate in C
 * (C11 7.13.2.1), so gcc -O0 and -O2 print it differently.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static jmp_buf env, inner;
static sigjmp_buf senv;
static int savemask;
static int use_sig;

static int blocked(int sig) {
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	return sigismember(&m, sig);
}

static void jump(int val) {
	if (use_sig) siglongjmp(senv, val);
	longjmp(env, val);
}

/* ---- plain jumps ---- */

static void bump(int n) {
	if (n < 5) longjmp(env, n + 1);
}

static void loop(void) {
	volatile int count = 0;
	int r = setjmp(env);
	count++;
	printf("setjmp returned %d (count %d)\n", r, count);
	if (r < 5) bump(r);
	printf("done after %d returns\n", count);
}

static void level2(int how) {
	if (how == 1) longjmp(inner, 21);
	longjmp(env, 12);
}

static void level1(int how) {
	volatile int x = 0;
	int r = setjmp(inner);
	if (r == 0) {
		x = 1;
		level2(how);
	}
	printf("level1: inner setjmp returned %d, x=%d\n", r, x);
	if (r == 21) longjmp(env, 11);
}

static void nested(void) {
	for (volatile int how = 1; how <= 2; how++) {
		int r = setjmp(env);
		if (r == 0) level1(how);
		printf("main: outer setjmp returned %d (how %d)\n", r, how);
	}
}

static void zero(void) {
	int r = setjmp(env);
	printf("setjmp returned %d\n", r);
	if (r == 0) longjmp(env, 0);
	r = setjmp(env);
	if (r == 0) longjmp(env, -7);
	printf("then %d\n", r);
}

/* ---- out of signal handlers ---- */

static volatile sig_atomic_t canjump;

static void handler(int sig) {
	printf("handler: %s, blocked in handler: %d\n", strsignal(sig), blocked(sig));
	if (canjump) jump(sig);
}

/* the textbook prompt loop: SIGINT jumps back to the prompt, three times */
static void prompt(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigaction(SIGINT, &sa, NULL);
	volatile int n = 0;
	int r = use_sig ? sigsetjmp(senv, savemask) : setjmp(env);
	canjump = 1;
	if (r != 0) printf("back at the prompt (%d), SIGINT blocked: %d\n", r, blocked(SIGINT));
	while (n < 3) {
		n++;
		printf("prompt %d> \n", n);
		raise(SIGINT);
		sigset_t p;
		sigpending(&p);
		printf("raise returned, SIGINT pending: %d\n", sigismember(&p, SIGINT));
	}
	printf("end, SIGINT blocked: %d\n", blocked(SIGINT));
}

static void *sender(void *arg) {
	usleep(1000);
	pthread_kill(*(pthread_t *)arg, SIGUSR1);
	return NULL;
}

/* SIGUSR1 from another thread while main sleeps in pause() */
static void usr1(void) {
	signal(SIGUSR1, handler);
	pthread_t self = pthread_self(), t;
	if (sigsetjmp(senv, savemask) == 0) {
		canjump = 1;
		pthread_create(&t, NULL, sender, &self);
		pause();
		printf("pause returned\n");
	}
	printf("jumped out of pause, SIGUSR1 blocked: %d\n", blocked(SIGUSR1));
	pthread_join(t, NULL);
}

static void segv_handler(int sig) {
	printf("caught %s\n", strsignal(sig));
	siglongjmp(senv, 1);
}

/* SIGSEGV recovery: with a saved mask every fault is caught; without, the second kills */
static void segv(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = segv_handler;
	sigaction(SIGSEGV, &sa, NULL);
	for (volatile int i = 1; i <= 3; i++) {
		if (sigsetjmp(senv, savemask) == 0) {
			printf("fault %d\n", i);
			*(volatile int *)0 = i;
			printf("not reached\n");
		}
		printf("recovered from fault %d, SIGSEGV blocked: %d\n", i, blocked(SIGSEGV));
	}
}

static void alarm_handler(int sig) {
	(void)sig;
	siglongjmp(senv, 1);
}

/* SIGALRM cuts a blocking read short (signal() sets SA_RESTART: the jump drops the restart);
 * a later blocking read on the same pipe works */
static void timeout(void) {
	int fd[2];
	char c;
	pipe(fd);
	signal(SIGALRM, alarm_handler);
	if (sigsetjmp(senv, savemask) == 0) {
		alarm(1);
		ssize_t n = read(fd[0], &c, 1);
		printf("read returned %zd\n", n);
	} else {
		printf("read timed out, SIGALRM blocked: %d\n", blocked(SIGALRM));
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(200000);
		write(fd[1], "x", 1);
		_exit(0);
	}
	ssize_t n = read(fd[0], &c, 1);
	printf("second read returned %zd '%c'\n", n, c);
	waitpid(pid, NULL, 0);
	if (!savemask) return; /* SIGALRM stays blocked: a second alarm would never end pause() */
	if (sigsetjmp(senv, savemask) == 0) {
		alarm(1);
		pause();
	}
	printf("second alarm caught, SIGALRM blocked: %d\n", blocked(SIGALRM));
}

/* ---- threads ---- */

static void *worker(void *arg) {
	int id = (int)(long)arg;
	jmp_buf my;
	volatile int hops = 0;
	volatile unsigned sum = 0;
	int r = setjmp(my);
	sum += r;
	for (volatile int i = 0; i < 20000; i++) sum += i % 7; /* preemptible work */
	if (++hops <= 10 + id) longjmp(my, id * 100 + hops);
	printf("thread %d: %d jumps, sum %u\n", id, hops - 1, sum);
	return NULL;
}

static void threads(void) {
	pthread_t t[4];
	for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
}

static void forked(void) {
	volatile int where = 0;
	if (setjmp(env) != 0) {
		printf("child: back at setjmp, where=%d\n", where);
		_exit(0);
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		where = 2;
		longjmp(env, 1);
	}
	waitpid(pid, NULL, 0);
	printf("parent: where=%d\n", where);
}

static void altstack_handler(int sig) {
	stack_t ss;
	sigaltstack(NULL, &ss);
	printf("handler: %s, on the alternate stack: %d\n", strsignal(sig), (ss.ss_flags & SS_ONSTACK) != 0);
	if (canjump) siglongjmp(senv, 1);
}

/* a jump off the alternate stack leaves it (SS_ONSTACK is where the stack pointer is) */
static void altstack(void) {
	static char stack[65536];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0 };
	sigaltstack(&ss, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = altstack_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR2, &sa, NULL);
	if (sigsetjmp(senv, 1) == 0) {
		canjump = 1;
		raise(SIGUSR2);
	}
	sigaltstack(NULL, &ss);
	printf("after the jump, on the alternate stack: %d, sigaltstack can change: %d\n",
	       (ss.ss_flags & SS_ONSTACK) != 0, sigaltstack(&ss, NULL) == 0);
	canjump = 0;
	raise(SIGUSR2);
}

/* a nested handler jumps into the handler it interrupted, which then returns normally */
static sigjmp_buf henv;

static void usr2_jumps(int sig) {
	(void)sig;
	printf("SIGUSR2 handler jumps\n");
	siglongjmp(henv, 7);
}

static void usr1_sets(int sig) {
	(void)sig;
	int r = sigsetjmp(henv, 0);
	if (r == 0) {
		raise(SIGUSR2);
		printf("raise returned\n");
	}
	printf("SIGUSR1 handler: sigsetjmp returned %d, USR1 blocked %d, USR2 blocked %d\n", r, blocked(SIGUSR1), blocked(SIGUSR2));
}

static void nested_handlers(void) {
	signal(SIGUSR2, usr2_jumps);
	signal(SIGUSR1, usr1_sets);
	raise(SIGUSR1);
	printf("after SIGUSR1: USR1 blocked %d, USR2 blocked %d\n", blocked(SIGUSR1), blocked(SIGUSR2));
}

static void usr2_prints(int sig) {
	(void)sig;
	printf("SIGUSR2 handler runs\n");
}

static void usr1_raises_and_jumps(int sig) {
	(void)sig;
	raise(SIGUSR2); /* blocked by sa_mask: pending until siglongjmp restores the mask */
	printf("SIGUSR1 handler: USR2 pending, jumping\n");
	siglongjmp(senv, 1);
}

/* siglongjmp's mask restore unblocks a pending signal: its handler runs before the jump lands */
static void pending_at_restore(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = usr1_raises_and_jumps;
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGUSR2, usr2_prints);
	if (sigsetjmp(senv, 1) == 0) raise(SIGUSR1);
	else printf("landed, USR1 blocked %d, USR2 blocked %d\n", blocked(SIGUSR1), blocked(SIGUSR2));
}

/* after a jump out of a handler the thread is no longer in one: sem_post posts at once
 * (LinuxThreads' sem_post goes through its manager thread while p_in_sighandler is set) */
static void sempost(void) {
	sem_t s;
	sem_init(&s, 0, 0);
	signal(SIGUSR1, handler);
	if (sigsetjmp(senv, 1) == 0) {
		canjump = 1;
		raise(SIGUSR1);
	}
	sem_post(&s);
	int v;
	sem_getvalue(&s, &v);
	printf("after the jump, sem_post made the value %d\n", v);
}

/* ---- undefined behaviour: the lab ends the process with a message ---- */

static void set_in_handler(int sig) {
	(void)sig;
	if (setjmp(inner) == 0) printf("handler set its jmp_buf and returns\n");
}

static void *other_setjmp(void *arg) {
	(void)arg;
	setjmp(inner);
	sleep(2);
	return NULL;
}

static int set_and_return(void) {
	volatile char pad[256];
	pad[0] = 1;
	if (setjmp(inner) != 0) printf("set_and_return: back from a longjmp\n");
	return pad[0];
}

int main(int argc, char *argv[]) {
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *m = argc > 1 ? argv[1] : "loop";
	use_sig = strstr(m, "sig") != NULL || strstr(m, "mask") != NULL;
	savemask = strstr(m, "mask") != NULL;
	if (!strcmp(m, "loop")) loop();
	else if (!strcmp(m, "nested")) nested();
	else if (!strcmp(m, "zero")) zero();
	else if (!strncmp(m, "prompt", 6)) prompt();
	else if (!strncmp(m, "usr1", 4)) usr1();
	else if (!strncmp(m, "segv", 4)) segv();
	else if (!strncmp(m, "alarm", 5)) timeout();
	else if (!strcmp(m, "threads")) threads();
	else if (!strcmp(m, "fork")) forked();
	else if (!strcmp(m, "altstack")) altstack();
	else if (!strcmp(m, "handlers")) nested_handlers();
	else if (!strcmp(m, "restore")) pending_at_restore();
	else if (!strcmp(m, "sempost-sig")) sempost();
	else if (!strcmp(m, "ub-handler")) {
		signal(SIGUSR1, set_in_handler);
		raise(SIGUSR1);
		longjmp(inner, 1);
	} else if (!strcmp(m, "ub-thread")) {
		pthread_t t;
		pthread_create(&t, NULL, other_setjmp, NULL);
		sleep(1);
		longjmp(inner, 1);
	} else if (!strcmp(m, "ub-returned")) {
		if (set_and_return() == 1) longjmp(inner, 5);
		printf("set_and_return returned again\n");
	}
	printf("main returns\n");
	return 0;
}
