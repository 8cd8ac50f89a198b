/*
 * ucontext.c — getcontext/setcontext/makecontext/swapcontext, one mode per argv[1]
 * (test/c/ucontext.test.ts). Outputs checked against gcc 12 -O2 + glibc 2.36 on Linux, except
 * the lab's own errors (the ub-* modes).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define STACK (64 * 1024)

static ucontext_t main_ctx, ctx_a, ctx_b;

/* ---- (1) two coroutines ping-ponging, back to main through uc_link ---- */

static int rounds;

static void ping(int id, int n) {
	for (int i = 0; i < n; i++) {
		printf("ping %d: round %d\n", id, i);
		swapcontext(&ctx_a, &ctx_b);
	}
	printf("ping done\n");
}

static void pong(int id, int n) {
	for (int i = 0; i < n; i++) {
		printf("pong %d: round %d\n", id, i);
		swapcontext(&ctx_b, &ctx_a);
	}
	printf("pong done\n");
}

static void pingpong(void) {
	static char sa[STACK], sb[STACK];
	rounds = 4;
	getcontext(&ctx_a);
	ctx_a.uc_stack.ss_sp = sa;
	ctx_a.uc_stack.ss_size = sizeof sa;
	ctx_a.uc_link = &main_ctx;
	makecontext(&ctx_a, (void (*)(void))ping, 2, 1, rounds);
	getcontext(&ctx_b);
	ctx_b.uc_stack.ss_sp = sb;
	ctx_b.uc_stack.ss_size = sizeof sb;
	ctx_b.uc_link = &ctx_a;
	makecontext(&ctx_b, (void (*)(void))pong, 2, 2, rounds);
	printf("main: swapcontext to ping\n");
	if (swapcontext(&main_ctx, &ctx_a) != 0) perror("swapcontext");
	printf("main: back\n");
}

/* ---- (2) a round-robin scheduler of three user threads ---- */

#define NT 3
static ucontext_t sched_ctx, uctx[NT];
static int finished[NT], current;

static void yield(void) { swapcontext(&uctx[current], &sched_ctx); }

static void worker(int id, int steps) {
	for (int s = 0; s < steps; s++) {
		printf("thread %d: step %d of %d\n", id, s + 1, steps);
		if (id == 1 && s == 1) raise(SIGUSR1); /* its handler runs on this thread's stack */
		yield();
	}
	printf("thread %d: finished\n", id);
	finished[id] = 1;
}

static void *stacks[NT];

static void scheduler(void) {
	for (int i = 0; i < NT; i++) {
		if (stacks[i] == NULL) stacks[i] = malloc(STACK);
		getcontext(&uctx[i]);
		uctx[i].uc_stack.ss_sp = stacks[i];
		uctx[i].uc_stack.ss_size = STACK;
		uctx[i].uc_link = &sched_ctx;
		makecontext(&uctx[i], (void (*)(void))worker, 2, i, i + 2);
	}
	int live = NT, switches = 0;
	while (live > 0) {
		live = 0;
		for (current = 0; current < NT; current++) {
			if (finished[current]) continue;
			switches++;
			swapcontext(&sched_ctx, &uctx[current]);
			if (!finished[current]) live++;
		}
	}
	printf("scheduler: all done after %d switches\n", switches);
	for (int i = 0; i < NT; i++) free(stacks[i]);
}

static void *run_scheduler(void *arg) {
	scheduler();
	return arg;
}

/* ---- (3) getcontext returns twice ---- */

static void twice(void) {
	ucontext_t uc;
	volatile int count = 0;
	int r = getcontext(&uc);
	count++;
	printf("getcontext returned %d, count %d\n", r, count);
	if (count < 5) setcontext(&uc);
	printf("done after %d returns\n", count);
}

/* ---- (4) setcontext restores uc_sigmask ---- */

static int blocked(int sig) {
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	return sigismember(&m, sig);
}

static void masks(void) {
	ucontext_t uc;
	volatile int pass = 0;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	getcontext(&uc); /* saved with SIGUSR1 blocked, SIGUSR2 not */
	pass++;
	printf("pass %d: USR1 blocked %d, USR2 blocked %d\n", pass, blocked(SIGUSR1), blocked(SIGUSR2));
	if (pass == 1) {
		sigset_t t;
		sigemptyset(&t);
		sigaddset(&t, SIGUSR2);
		sigprocmask(SIG_SETMASK, &t, NULL);
		printf("changed: USR1 blocked %d, USR2 blocked %d\n", blocked(SIGUSR1), blocked(SIGUSR2));
		setcontext(&uc);
	}
	/* a context made with an empty mask unblocks a pending signal when it starts */
	static char st[STACK];
	static ucontext_t c2, back;
	getcontext(&c2);
	sigemptyset(&c2.uc_sigmask);
	c2.uc_stack.ss_sp = st;
	c2.uc_stack.ss_size = sizeof st;
	c2.uc_link = &back;
	makecontext(&c2, (void (*)(void))twice, 0);
	raise(SIGUSR1);
	printf("before the switch: USR1 blocked %d\n", blocked(SIGUSR1));
	swapcontext(&back, &c2);
	printf("back: USR1 blocked %d\n", blocked(SIGUSR1));
}

static void on_usr1(int sig) { printf("handler: %s\n", strsignal(sig)); }

/* ---- makecontext'd function returning with uc_link NULL: exit(0) ---- */

static void last(int a, int b, int c) {
	printf("last: %d %d %d\n", a, b, c);
}

static void nolink(void) {
	static char st[STACK];
	getcontext(&ctx_a);
	ctx_a.uc_stack.ss_sp = st;
	ctx_a.uc_stack.ss_size = sizeof st;
	ctx_a.uc_link = NULL;
	makecontext(&ctx_a, (void (*)(void))last, 3, 7, -8, 9);
	setcontext(&ctx_a);
	printf("not reached\n");
}

/* ---- from a signal handler: setcontext leaves it (swapcontext: sigctx.c) ---- */

static volatile int ticks;

static void to_main(int sig) {
	(void)sig;
	ticks++;
	setcontext(&main_ctx);
}

static void leave_handler(void) {
	volatile int n = 0;
	signal(SIGUSR2, to_main);
	getcontext(&main_ctx);
	n++;
	printf("pass %d, USR2 blocked %d\n", n, blocked(SIGUSR2));
	if (n < 3) raise(SIGUSR2);
	printf("ticks %d\n", ticks);
}

/* ---- fork in a coroutine: the child goes on in it, then through uc_link ---- */

static void forker(void) {
	pid_t pid = fork();
	if (pid == 0) {
		printf("child: in the coroutine\n");
		return;
	}
	int st;
	waitpid(pid, &st, 0);
	printf("parent: child exited %d\n", WEXITSTATUS(st));
}

static void fork_in_coroutine(void) {
	static char st[STACK];
	volatile int child = 0;
	pid_t parent = getpid();
	getcontext(&ctx_a);
	ctx_a.uc_stack.ss_sp = st;
	ctx_a.uc_stack.ss_size = sizeof st;
	ctx_a.uc_link = &main_ctx;
	makecontext(&ctx_a, forker, 0);
	swapcontext(&main_ctx, &ctx_a);
	child = getpid() != parent;
	printf("%s: back in main\n", child ? "child" : "parent");
	if (child) exit(3);
}

/* ---- a context's stack overflows: SIGSEGV ---- */

static int deep(int n) {
	volatile char buf[256];
	buf[0] = (char)n;
	return n == 0 ? 0 : deep(n - 1) + buf[0];
}

static void overflow_co(void) {
	printf("deep %d\n", deep(100000));
}

static void overflow(void) {
	getcontext(&ctx_a);
	ctx_a.uc_stack.ss_sp = malloc(SIGSTKSZ);
	ctx_a.uc_stack.ss_size = SIGSTKSZ;
	ctx_a.uc_link = &main_ctx;
	makecontext(&ctx_a, overflow_co, 0);
	printf("to a context on a %d-byte stack\n", SIGSTKSZ);
	swapcontext(&main_ctx, &ctx_a);
}

/* ---- undefined: another thread's context; one never saved ---- */

static void *other(void *arg) {
	(void)arg;
	setcontext(&main_ctx);
	return NULL;
}

static void ub_thread(void) {
	volatile int n = 0;
	getcontext(&main_ctx);
	if (n++ > 0) { printf("resumed\n"); return; }
	pthread_t t;
	pthread_create(&t, NULL, other, NULL);
	pthread_join(t, NULL);
}

int main(int argc, char **argv) {
	const char *m = argc > 1 ? argv[1] : "";
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!strcmp(m, "pingpong")) pingpong();
	else if (!strcmp(m, "sched")) { signal(SIGUSR1, on_usr1); scheduler(); }
	else if (!strcmp(m, "sched-thread")) {
		/* the same in a created thread, the stacks malloc'ed before its own */
		signal(SIGUSR1, on_usr1);
		for (int i = 0; i < NT; i++) stacks[i] = malloc(STACK);
		pthread_t t;
		pthread_create(&t, NULL, run_scheduler, NULL);
		pthread_join(t, NULL);
	}
	else if (!strcmp(m, "twice")) twice();
	else if (!strcmp(m, "mask")) { signal(SIGUSR1, on_usr1); masks(); }
	else if (!strcmp(m, "nolink")) nolink();
	else if (!strcmp(m, "handler")) leave_handler();
	else if (!strcmp(m, "fork")) fork_in_coroutine();
	else if (!strcmp(m, "overflow")) overflow();
	else if (!strcmp(m, "ub-thread")) ub_thread();
	else if (!strcmp(m, "ub-never")) { static ucontext_t z; setcontext(&z); }
	else { fprintf(stderr, "unknown mode %s\n", m); return 2; }
	printf("main returns\n");
	return 0;
}
