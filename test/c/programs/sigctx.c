/*
 * sigctx.c — swapcontext from signal handlers: a preemptive user-level thread library
 * (the OS-course assignment: setitimer + a SIGVTALRM handler calling swapcontext) and
 * focused cases of a context saved in a handler. Only timing-independent lines are printed.
 * Modes: uthreads [real|virtual [millions of iterations per unit]], mask, cross, outside, nested,
 * inswap, eintr, restart, fault (test/c/sigctx.test.ts; outputs checked
 * against gcc 12 -O2 + glibc 2.36 on Linux, except fault: the lab's own error).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#define STACK (64 * 1024)
#define NT 3

static int blocked(int sig) {
	sigset_t s;
	sigprocmask(SIG_BLOCK, 0, &s);
	return sigismember(&s, sig);
}

static void make(ucontext_t *c, void (*fn)(void), int argc, int arg, ucontext_t *link) {
	getcontext(c);
	c->uc_stack.ss_sp = malloc(STACK);
	c->uc_stack.ss_size = STACK;
	c->uc_link = link;
	makecontext(c, fn, argc, arg);
}

/* ---- the textbook library: round robin, preempted by a timer ---- */

static ucontext_t main_ctx, ctx[NT];
static volatile int cur, done[NT], slices[NT], in_handler_switches, units;
static volatile unsigned sums[NT];
static int sig_used = SIGVTALRM;
static const long WORK[NT] = { 3, 5, 4 };
static long mult = 1; /* work per unit, in millions of iterations */

static int next_runnable(int from) {
	for (int k = 1; k <= NT; k++) {
		int n = (from + k) % NT;
		if (!done[n]) return n;
	}
	return -1;
}

static void schedule(int sig) {
	(void)sig;
	int prev = cur, n = next_runnable(prev);
	if (n < 0 || n == prev) return;
	cur = n;
	slices[n]++;
	in_handler_switches++;
	swapcontext(&ctx[prev], &ctx[n]);
	/* back in this thread's handler: the signal is still blocked here */
	if (!blocked(sig_used)) printf("BUG: timer signal not blocked in the resumed handler\n");
}

static void worker(int id) {
	for (long u = 0; u < WORK[id]; u++) {
		unsigned s = sums[id];
		for (volatile long i = 0; i < 1000000L * mult; i++) s += (unsigned)i ^ (unsigned)id;
		sigset_t b, old;
		sigemptyset(&b);
		sigaddset(&b, sig_used);
		sigprocmask(SIG_BLOCK, &b, &old); /* critical section: no switch here */
		sums[id] = s;
		units++;
		sigprocmask(SIG_SETMASK, &old, 0);
	}
	sigset_t b;
	sigemptyset(&b);
	sigaddset(&b, sig_used);
	sigprocmask(SIG_BLOCK, &b, 0);
	done[id] = 1;
	int n = next_runnable(id);
	if (n < 0) setcontext(&main_ctx);
	cur = n;
	slices[n]++;
	setcontext(&ctx[n]);
}

static void uthreads(int real) {
	if (real) sig_used = SIGALRM;
	for (int i = 0; i < NT; i++) make(&ctx[i], (void (*)(void))worker, 1, i, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = schedule;
	sigemptyset(&sa.sa_mask);
	sigaction(sig_used, &sa, 0);
	struct itimerval it = { { 0, 500 }, { 0, 500 } };
	if (setitimer(real ? ITIMER_REAL : ITIMER_VIRTUAL, &it, 0) != 0) { perror("setitimer"); return; }
	cur = 0;
	slices[0] = 1;
	swapcontext(&main_ctx, &ctx[0]);
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(real ? ITIMER_REAL : ITIMER_VIRTUAL, &off, 0);
	printf("main: all %d threads finished, %d units\n", NT, units);
	for (int i = 0; i < NT; i++) printf("thread %d: sum %u, preempted %s\n", i, sums[i], slices[i] > 1 ? "yes" : "no");
	printf("switches from the handler: %s\n", in_handler_switches > NT ? "many" : "few");
	printf("main: timer signal blocked %d\n", blocked(sig_used));
}

/* ---- mask: the signal stays blocked in the resumed handler until it returns ---- */

static ucontext_t hctx, other_ctx, back_ctx, end_ctx;

static void mask_handler(int sig) {
	printf("handler: USR1 blocked %d, switching\n", blocked(sig));
	swapcontext(&hctx, &other_ctx);
	printf("handler: resumed, USR1 blocked %d\n", blocked(sig));
}

static void other(void) {
	printf("other: USR1 blocked %d\n", blocked(SIGUSR1));
	swapcontext(&back_ctx, &hctx);
	printf("other: resumed by main, USR1 blocked %d\n", blocked(SIGUSR1));
}

static void mask(void) {
	signal(SIGUSR1, mask_handler);
	make(&other_ctx, other, 0, 0, &end_ctx);
	printf("main: raise = %d\n", raise(SIGUSR1));
	printf("main: after the handler, USR1 blocked %d\n", blocked(SIGUSR1));
	swapcontext(&end_ctx, &back_ctx);
	printf("main: back through uc_link\n");
}

/* ---- cross: a handler's context resumed from another invocation of the handler ---- */

static ucontext_t inv[2], b_ctx, m2_ctx;
static volatile int invocations;

static void cross_handler(int sig) {
	(void)sig;
	int me = invocations++;
	printf("invocation %d: enter\n", me);
	if (me == 0) swapcontext(&inv[0], &b_ctx);
	else swapcontext(&inv[1], &inv[0]);
	printf("invocation %d: resumed, USR2 blocked %d\n", me, blocked(SIGUSR2));
}

static void b_func(void) {
	printf("b: raising again\n");
	int r = raise(SIGUSR2);
	printf("b: raise returned %d, USR2 blocked %d\n", r, blocked(SIGUSR2));
}

static void cross(void) {
	signal(SIGUSR2, cross_handler);
	make(&b_ctx, b_func, 0, 0, &m2_ctx);
	int r = raise(SIGUSR2);
	printf("main: raise returned %d, USR2 blocked %d\n", r, blocked(SIGUSR2));
	swapcontext(&m2_ctx, &inv[1]);
	printf("main: done, %d invocations\n", invocations);
}

/* ---- outside: from a handler to a context saved outside any handler, and back ---- */

static ucontext_t out_ctx, h3, k_ctx, k_end;
static volatile int stage;

static void out_handler(int sig) {
	(void)sig;
	printf("handler: to main's saved context\n");
	stage = 1;
	swapcontext(&h3, &out_ctx);
	printf("handler: back, stage %d, USR1 blocked %d\n", stage, blocked(SIGUSR1));
}

static void k_func(void) {
	printf("k: raising\n");
	raise(SIGUSR1);
	printf("k: after the handler returned, stage %d, USR1 blocked %d\n", stage, blocked(SIGUSR1));
}

static void outside(void) {
	signal(SIGUSR1, out_handler);
	make(&k_ctx, k_func, 0, 0, &k_end);
	swapcontext(&out_ctx, &k_ctx);
	printf("main: resumed from the handler, stage %d, USR1 blocked %d\n", stage, blocked(SIGUSR1));
	stage = 2;
	swapcontext(&k_end, &h3);
	printf("main: k finished, stage %d\n", stage);
}

/* ---- nested: from a handler run on top of another handler ---- */

static ucontext_t n_ctx, n_saved;

static void n_func(void) { printf("n: running\n"); }

static void inner(int sig) {
	(void)sig;
	printf("inner handler: switching\n");
	swapcontext(&n_saved, &n_ctx);
}

static void outer(int sig) {
	(void)sig;
	printf("outer handler: raising USR2\n");
	raise(SIGUSR2);
}

static void nested(void) {
	signal(SIGUSR1, outer);
	signal(SIGUSR2, inner);
	make(&n_ctx, n_func, 0, 0, &n_saved);
	raise(SIGUSR1);
	printf("main: back after both handlers\n");
}

/* ---- eintr / restart: a handler that interrupted a blocking read switches to a writer ---- */

static ucontext_t r_h, r_w, r_wend;
static int fds[2];

static void r_writer(void) {
	printf("writer: writing\n");
	write(fds[1], "x", 1);
	swapcontext(&r_wend, &r_h);
}

static void r_handler(int sig) {
	(void)sig;
	printf("handler: to the writer\n");
	swapcontext(&r_h, &r_w);
	printf("handler: back\n");
}

static void interrupted_read(int restart) {
	pipe(fds);
	make(&r_w, r_writer, 0, 0, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = r_handler;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGALRM, &sa, 0);
	alarm(1);
	char c = '?';
	ssize_t n = read(fds[0], &c, 1);
	printf("main: read %d (%s)\n", (int)n, n < 0 ? strerror(errno) : "a byte");
	if (n < 0) n = read(fds[0], &c, 1);
	printf("main: read %d '%c'\n", (int)n, c);
}

/* ---- signal in swapcontext: a second signal, unblocked by the first handler's switch, is
 * taken inside that swapcontext (a nested handler) and switches again ---- */

static ucontext_t w_h1, w_h2, w_a, w_b, w_main;
static volatile int w_stage;

static void w_usr1(int sig) {
	(void)sig;
	raise(SIGUSR2); /* blocked here (sa_mask): pending until the switch unblocks it */
	printf("usr1: switching to a\n");
	swapcontext(&w_h1, &w_a);
	printf("usr1: resumed, USR1 blocked %d, USR2 blocked %d\n", blocked(SIGUSR1), blocked(SIGUSR2));
}

static void w_usr2(int sig) {
	(void)sig;
	printf("usr2: switching to b\n");
	swapcontext(&w_h2, &w_b);
	printf("usr2: resumed, USR2 blocked %d\n", blocked(SIGUSR2));
}

static void w_afunc(void) {
	printf("a: running, USR2 blocked %d\n", blocked(SIGUSR2));
	swapcontext(&w_a, &w_h1);
	printf("a: resumed\n");
}

static void w_bfunc(void) {
	printf("b: running\n");
	swapcontext(&w_b, &w_h2);
	printf("b: resumed\n");
}

static void in_swap(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = w_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, 0);
	signal(SIGUSR2, w_usr2);
	make(&w_a, w_afunc, 0, 0, &w_main);
	make(&w_b, w_bfunc, 0, 0, &w_main);
	raise(SIGUSR1);
	getcontext(&w_main); /* where a and b return to (uc_link) */
	printf("main: stage %d\n", w_stage++);
	if (w_stage == 1) setcontext(&w_b);
	if (w_stage == 2) setcontext(&w_a);
	printf("main: done\n");
}

/* ---- fault: from a SIGSEGV handler (the lab's limit) ---- */

static ucontext_t f_h, f_k;
static int *volatile nowhere;

static void f_func(void) { printf("k: running\n"); }

static void on_segv(int sig) {
	(void)sig;
	printf("segv handler: switching\n");
	swapcontext(&f_h, &f_k);
}

static void fault(void) {
	signal(SIGSEGV, on_segv);
	make(&f_k, f_func, 0, 0, 0);
	printf("%d\n", *nowhere);
}

int main(int argc, char **argv) {
	setvbuf(stdout, 0, _IONBF, 0);
	const char *m = argc > 1 ? argv[1] : "uthreads";
	if (argc > 3) mult = atol(argv[3]);
	if (!strcmp(m, "uthreads")) uthreads(argc > 2 && !strcmp(argv[2], "real"));
	else if (!strcmp(m, "mask")) mask();
	else if (!strcmp(m, "cross")) cross();
	else if (!strcmp(m, "outside")) outside();
	else if (!strcmp(m, "nested")) nested();
	else if (!strcmp(m, "inswap")) in_swap();
	else if (!strcmp(m, "fault")) fault();
	else if (!strcmp(m, "eintr")) interrupted_read(0);
	else if (!strcmp(m, "restart")) interrupted_read(1);
	printf("main returns\n");
	return 0;
}
