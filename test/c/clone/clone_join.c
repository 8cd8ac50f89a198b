/* clone_join.c — the thread library every OS course writes on clone + futex: threads are
 * clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|
 * CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID) tasks (NPTL's flags, less CLONE_SETTLS), and join
 * futex-waits on the tid word until the kernel clears it at the thread's exit and wakes it
 * (rules 5 and 27). Checks: the tid word holds the tid before the thread runs (Linux writes
 * CLONE_PARENT_SETTID's word before it wakes the child; when clone returns the thread may
 * already have ended and the word be 0 again, so that is not checked), the threads share
 * the thread group (getpid) with their own tids, they share memory (an atomic counter), and
 * every tid word is 0 after the joins. With an argument the tid words live in a
 * MAP_SHARED|MAP_ANONYMOUS page: Linux's mm_release wakes the cleared word with a shared
 * FUTEX_WAKE, so a shared FUTEX_WAIT on it (keyed on the page, not the mm) is woken too. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 4
#define STACK_SIZE (64 * 1024)

static int counter;
static pid_t *tids;
static pid_t pids[NTHREADS], own[NTHREADS];
static int seen[NTHREADS];

static int worker(void *arg) {
	long n = (long)arg;
	pids[n] = getpid();
	own[n] = syscall(SYS_gettid);
	seen[n] = __atomic_load_n(&tids[n], __ATOMIC_SEQ_CST) == own[n];
	for (int i = 0; i < 20000; i++) __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static int thread_create(pid_t *tid, int (*fn)(void *), void *arg) {
	char *stack = malloc(STACK_SIZE);
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
	            CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	return clone(fn, stack + STACK_SIZE, flags, arg, tid, NULL, tid);
}

static void thread_join(pid_t *tid) {
	pid_t t;
	while ((t = __atomic_load_n(tid, __ATOMIC_SEQ_CST)) != 0)
		syscall(SYS_futex, tid, FUTEX_WAIT, t, NULL, NULL, 0);
}

int main(int argc, char *argv[]) {
	(void)argv;
	static pid_t private_tids[NTHREADS];
	tids = argc > 1 ? mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0) : private_tids;
	int settid = 0;
	for (long i = 0; i < NTHREADS; i++) {
		int r = thread_create(&tids[i], worker, (void *)i);
		if (r == -1) { perror("clone"); return 1; }
	}
	for (int i = 0; i < NTHREADS; i++) thread_join(&tids[i]);
	for (int i = 0; i < NTHREADS; i++) settid += seen[i];
	printf("tid word set before the thread ran: %d of %d\n", settid, NTHREADS);
	int cleared = 0, same = 0, distinct = 0;
	for (int i = 0; i < NTHREADS; i++) {
		cleared += tids[i] == 0;
		same += pids[i] == getpid();
		distinct += own[i] != getpid();
	}
	printf("joined: counter %d, tid words cleared %d, same pid %d, own tid %d\n", counter, cleared, same, distinct);
	return 0;
}
