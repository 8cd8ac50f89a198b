/*
 * probe.c — threadlab's host calibration probe (Linux, pthreads).
 *
 * Measures this machine's primitive costs, the inputs of a CostModel, the way lmbench does:
 * many iterations, CLOCK_MONOTONIC, the median of several runs, switch tests pinned to one CPU
 * so that every hand-off is a real context switch, iteration counts sized by a pilot run so that
 * one run lasts ~100 ms (~15 ms in quick mode). Also measures composites that are NOT
 * calibration inputs, for later validation of the simulator: pthread_create+join, a mutex+
 * condvar ping-pong and the NPTL paper's create sweep shape. Prints one flat JSON object of
 * nanosecond figures to stdout. `--quick` (or THREADLAB_PROBE_QUICK=1) makes runs shorter and
 * fewer (3 instead of 5), for tests; `--composites` skips the primitives (for `threadlab
 * validate`); `--cpus N` runs on the first N allowed CPUs only (sched_setaffinity, inherited by
 * every thread), so validate can compare with a simulation on N CPUs. Each composite's
 * `<key>_iters` is the iteration count of its timed runs (after a pilot run of the minimum
 * count, which also warms up), so a simulation can repeat the shape.
 *
 * Also: the first touch of an anonymous page (page_fault_ns), madvise(MADV_DONTNEED) of a thread
 * stack's unused range as glibc ≥ 2.34's advise_stack_range does it (madvise_stack_ns), and the
 * one-way futex hand-off to a thread on another CPU kept busy by a SCHED_IDLE spinner
 * (futex_handoff_busy_cpu_ns: the IPI and a preemption, no idle exit) beside the hand-off to a
 * thread whose CPU idles (futex_handoff_cross_cpu_ns); the same madvise dropping one resident
 * page (madvise_flush_ns: only then does Linux flush the TLB), and that while a sibling thread
 * runs on the other CPU (madvise_sibling_ns: its TLB must be shot down too) and what that IPI
 * costs the sibling's CPU (flush_irq_ns: the work it loses per flush); glibc's version
 * (glibc_major/minor); the raw clone loop unpinned (clone_exit_wait_cross_ns: Linux starts
 * the child on the idle CPU, so it pays both cross-CPU wake-ups and its first run away from its
 * creator's CPU); the clone call alone in the creator's own CPU time, pinned and unpinned
 * (clone_call_ns, clone_call_cross_ns: what placing the child on the idle CPU adds to the
 * creator); and whether a wake-up preempts its waker on one CPU (wake_preempt_ratio:
 * the waking thread's involuntary switches per round trip of the pinned futex ping-pong).
 *
 * Raw clone is glibc's clone() with NPTL's flags minus CLONE_SETTLS (the child never touches
 * TLS): CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|PARENT_SETTID|CHILD_CLEARTID; the parent
 * waits on the cleared tid word with FUTEX_WAIT, as pthread_join does.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <gnu/libc-version.h>
#include <ucontext.h>
#include <unistd.h>

static int quick, runs, ncpus;
static long page;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}
static void die(const char *what) { perror(what); exit(2); }

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
/*
 * Median over `runs` runs of f(n), each returning ns per operation. Like lmbench's benchmp, a
 * pilot run (also the warm-up) sizes n so that one run lasts about `target_ns`, between
 * `nmin` and `nmax` iterations: slow hosts get fewer iterations, not minutes of probing.
 */
static double target_ns;
static long last_n; /* iterations of the last median_n's timed runs (validate repeats them) */
static double median_n(double (*f)(long), long nmin, long nmax) {
  double v[9], pilot = f(nmin);
  long n = pilot > 0 ? (long)(target_ns / pilot) : nmax;
  if (n < nmin) n = nmin;
  if (n > nmax) n = nmax;
  last_n = n;
  for (int r = 0; r < runs; r++) v[r] = f(n);
  qsort(v, runs, sizeof v[0], cmp_double);
  return v[runs / 2];
}
static double median(double (*f)(long), long nmax) { return median_n(f, 4, nmax); }
static cpu_set_t allowed; /* the CPUs we may run on: pin to the first, and the second */
static int nth_cpu(int k) {
  for (int c = 0, seen = 0; c < CPU_SETSIZE; c++) if (CPU_ISSET(c, &allowed) && seen++ == k) return c;
  return -1;
}
static void pin(int k) {
  cpu_set_t s;
  CPU_ZERO(&s);
  CPU_SET(nth_cpu(k % ncpus), &s);
  if (sched_setaffinity(0, sizeof s, &s) != 0) die("sched_setaffinity");
}
static void unpin(void) { sched_setaffinity(0, sizeof allowed, &allowed); }
static long futex(atomic_int *w, int op, int val) { return syscall(SYS_futex, w, op, val, NULL, NULL, 0); }

static int first = 1;
static void emit(const char *key, double v) {
  printf("%s\n  \"%s\": %.3f", first ? "{" : ",", key, v);
  first = 0;
}

/* ---- single-thread primitives ---- */
#define LOOP_BENCH(name, setup, ...)                                   \
  static double name(long n) {                                         \
    setup;                                                             \
    double t0 = now();                                                 \
    for (long i = 0; i < n; i++) { __VA_ARGS__; }                      \
    return (now() - t0) / n;                                           \
  }
static volatile double sink;
LOOP_BENCH(b_timer, , sink = now())
LOOP_BENCH(b_getpid, , syscall(SYS_getpid))
LOOP_BENCH(b_futex_wake_empty, atomic_int w = 0, futex(&w, FUTEX_WAKE_PRIVATE, 1))
LOOP_BENCH(b_cmpxchg, static long x, long e = i; __atomic_compare_exchange_n(&x, &e, i + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
static int pfd[2];
static char big[32768];
/* one write + one read, no switch: lmbench's pipe overhead */
LOOP_BENCH(b_pipe_1byte, char c = 0, if (write(pfd[1], &c, 1) != 1 || read(pfd[0], &c, 1) != 1) die("pipe"))
static double b_pipe_32k(long n) {
  double t0 = now();
  for (long i = 0; i < n; i++) {
    if (write(pfd[1], big, sizeof big) != sizeof big) die("pipe write");
    for (size_t got = 0; got < sizeof big;) {
      ssize_t r = read(pfd[0], big + got, sizeof big - got);
      if (r <= 0) die("pipe read");
      got += r;
    }
  }
  return (now() - t0) / n;
}
static void handler(int sig) { (void)sig; }
LOOP_BENCH(b_signal, pid_t me = getpid(), kill(me, SIGUSR1))
static ucontext_t uc_main, uc_co;
static void co_body(void) { for (;;) swapcontext(&uc_co, &uc_main); }
static double b_swapcontext(long n) {
  double t0 = now();
  for (long i = 0; i < n; i++) swapcontext(&uc_main, &uc_co);
  return (now() - t0) / (2.0 * n);
}

/* ---- context switches: a token over two pipes, both ends pinned to CPU 0 ---- */
static int ab[2], ba[2];
static long pp_n;
static void pong(long n) {
  char c;
  for (long i = 0; i < n; i++) {
    if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1) die("pong");
  }
}
static void *pong_thread(void *arg) { (void)arg; pong(pp_n); return NULL; }
static double ping(long n) {
  char c = 0;
  double t0 = now();
  for (long i = 0; i < n; i++) {
    if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1) die("ping");
  }
  return (now() - t0) / (2.0 * n); /* two switches per round trip */
}
static double b_thread_switch(long n) {
  pthread_t t;
  pp_n = n;
  pthread_create(&t, NULL, pong_thread, NULL);
  double v = ping(n);
  pthread_join(t, NULL);
  return v;
}
static double b_process_switch(long n) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) { pong(n); _exit(0); }
  double v = ping(n);
  waitpid(pid, NULL, 0);
  return v;
}

/* ---- futex hand-off: ping-pong of FUTEX_WAIT/FUTEX_WAKE, one way = half a round trip ---- */
static atomic_int fw;
static int fut_cpu_b; /* index into the allowed CPUs, or -1: stay where created */
static void *futex_b(void *arg) {
  long n = (long)arg;
  if (fut_cpu_b >= 0) pin(fut_cpu_b);
  for (long i = 0; i < n; i++) {
    while (atomic_load(&fw) == 0) futex(&fw, FUTEX_WAIT_PRIVATE, 0);
    atomic_store(&fw, 0);
    futex(&fw, FUTEX_WAKE_PRIVATE, 1);
  }
  return NULL;
}
/* Involuntary switches of the waking thread per round trip in the last ping-pong: on one CPU,
 * 1 when every wake-up preempts its waker (the woken sleeper runs at once), 0 when none does. */
static double wake_preempt_ratio;
static long nivcsw_self(void) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  return ru.ru_nivcsw;
}
static double futex_pingpong(long n) {
  pthread_t t;
  atomic_store(&fw, 0);
  pthread_create(&t, NULL, futex_b, (void *)n);
  long iv0 = nivcsw_self();
  double t0 = now();
  for (long i = 0; i < n; i++) {
    atomic_store(&fw, 1);
    futex(&fw, FUTEX_WAKE_PRIVATE, 1);
    while (atomic_load(&fw) == 1) futex(&fw, FUTEX_WAIT_PRIVATE, 1);
  }
  double v = (now() - t0) / (2.0 * n);
  wake_preempt_ratio = (double)(nivcsw_self() - iv0) / n;
  pthread_join(t, NULL);
  return v;
}
static double b_futex_same(long n) { fut_cpu_b = -1; return futex_pingpong(n); }
static double b_futex_cross(long n) { fut_cpu_b = 1; return futex_pingpong(n); }
/*
 * The same hand-off with the partner's CPU kept out of its idle state by a SCHED_IDLE spinner
 * pinned there: a woken SCHED_OTHER thread preempts a SCHED_IDLE one at once (fair.c
 * check_preempt_wakeup), so the wake-up costs the IPI and a switch but no exit from idle.
 */
static atomic_int spin_stop;
static void *idle_spinner(void *arg) {
  (void)arg;
  struct sched_param sp = {0};
  pin(1);
  if (sched_setscheduler(0, SCHED_IDLE, &sp) != 0) return NULL;
  while (!atomic_load(&spin_stop)) __asm__ volatile("" ::: "memory");
  return NULL;
}
static double b_futex_busy(long n) {
  pthread_t sp;
  atomic_store(&spin_stop, 0);
  pthread_create(&sp, NULL, idle_spinner, NULL);
  fut_cpu_b = 1;
  double v = futex_pingpong(n);
  atomic_store(&spin_stop, 1);
  pthread_join(sp, NULL);
  return v;
}

/* ---- raw clone + exit + wait (pinned: parent and child share CPU 0) ---- */
static char *clone_stack;
static int clone_child(void *arg) { (void)arg; return 0; }
static const int clone_flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                               CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
static double b_clone(long n) {
  static atomic_int tid;
  double t0 = now();
  for (long i = 0; i < n; i++) {
    if (clone(clone_child, clone_stack + 65536, clone_flags, NULL, &tid, NULL, &tid) < 0) die("clone");
    int v;
    while ((v = atomic_load(&tid)) != 0) futex(&tid, FUTEX_WAIT, v); /* kernel wakes shared */
  }
  return (now() - t0) / n;
}
/*
 * The same loop, CLONE_BATCH children at a time: clone them all, then wait for each. The
 * kernel keeps two freed kernel stacks per CPU (kernel/fork.c NR_CACHED_STACKS), so a batch
 * of eight vmallocs most of its stacks and vfrees most of them again: calibrate's kstackMiss.
 */
#define CLONE_BATCH 8
#define BATCH_STACK 16384
static double b_clone_batch(long n) {
  static atomic_int tids[CLONE_BATCH];
  long rounds = n / CLONE_BATCH > 0 ? n / CLONE_BATCH : 1;
  double t0 = now();
  for (long r = 0; r < rounds; r++) {
    for (int i = 0; i < CLONE_BATCH; i++)
      if (clone(clone_child, clone_stack + (i + 1) * BATCH_STACK, clone_flags, NULL, &tids[i], NULL, &tids[i]) < 0) die("clone");
    for (int i = 0; i < CLONE_BATCH; i++) {
      int v;
      while ((v = atomic_load(&tids[i])) != 0) futex(&tids[i], FUTEX_WAIT, v);
    }
  }
  return (now() - t0) / (rounds * CLONE_BATCH);
}
/*
 * The same loop, timing the clone call alone in the creator's own CPU time
 * (CLOCK_THREAD_CPUTIME_ID, less that clock's own cost): what the creator pays, apart from the
 * child's run. Unpinned, it includes placing the child on the idle CPU (select_task_rq, the
 * remote enqueue, the wake-up IPI), which calibrate turns into `remoteFork`.
 */
static double thread_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}
static double b_cputimer(long n) {
  double sum = 0;
  for (long i = 0; i < n; i++) {
    double a = thread_cpu();
    sum += thread_cpu() - a;
  }
  return sum / n;
}
static double cputimer_ns;
/* Where each child of the clone-call loop started: the fraction placed on another CPU than its
 * creator's in the last run (unpinned, Linux may keep some home: calibrate divides by it). */
static atomic_int child_cpu;
static double clone_cross_fraction;
/* getcpu by system call: a raw clone child shares its creator's TLS, where glibc's
 * sched_getcpu reads the creator's rseq cpu_id. */
static int raw_getcpu(void) { unsigned cpu = 0; syscall(SYS_getcpu, &cpu, NULL, NULL); return (int)cpu; }
static int clone_child_where(void *arg) { (void)arg; atomic_store(&child_cpu, raw_getcpu()); return 0; }
static double b_clone_call(long n) {
  static atomic_int tid;
  double sum = 0;
  long cross = 0;
  for (long i = 0; i < n; i++) {
    int home = raw_getcpu();
    double a = thread_cpu();
    if (clone(clone_child_where, clone_stack + 65536, clone_flags, NULL, &tid, NULL, &tid) < 0) die("clone");
    sum += thread_cpu() - a - cputimer_ns;
    int v;
    while ((v = atomic_load(&tid)) != 0) futex(&tid, FUTEX_WAIT, v);
    cross += atomic_load(&child_cpu) != home;
  }
  clone_cross_fraction = (double)cross / n;
  return sum / n;
}

/* ---- memory: stack mmap/munmap, fork per resident page, copy-on-write fault ---- */
static double timer_ns;
/* mmap an 8 MiB stack, touch its top page as a thread would, munmap; time one half or the other. */
static double mmap_cycle(long n, int want_munmap) {
  const size_t len = 8 << 20;
  double sum = 0;
  for (long i = 0; i < n; i++) {
    double t0 = now();
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    double t1 = now();
    if (p == MAP_FAILED) die("mmap");
    p[len - 1] = 1;
    double t2 = now();
    munmap(p, len);
    double t3 = now();
    sum += (want_munmap ? t3 - t2 : t1 - t0) - timer_ns;
  }
  return sum / n;
}
static double b_mmap(long n) { return mmap_cycle(n, 0); }
static double b_munmap(long n) { return mmap_cycle(n, 1); }
/* First touch of anonymous pages: fault, zeroed page, PTE (4 KiB pages: no THP). Per page. */
static double b_page_fault(long n) {
  const size_t len = 8 << 20;
  double sum = 0;
  for (long i = 0; i < n; i++) {
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) die("mmap");
    madvise(p, len, MADV_NOHUGEPAGE);
    double t0 = now();
    for (size_t o = 0; o < len; o += page) p[o] = 1;
    sum += (now() - t0) / (len / page);
    munmap(p, len);
  }
  return sum / n;
}
/*
 * advise_stack_range on a thread that used the top two pages of an 8 MiB stack: MADV_DONTNEED
 * of everything below them less PTHREAD_STACK_MIN (16 KiB), the stack reused each time.
 */
static double madvise_loop(long n, int resident) {
  const size_t len = 8 << 20, keep = 2 * page + 16384;
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (p == MAP_FAILED) die("mmap");
  double sum = 0;
  for (long i = 0; i < n; i++) {
    p[len - 1] = 1, p[len - 1 - page] = 1;
    if (resident) p[len - keep - page] = 1; /* a page the madvise drops: its PTE is cleared */
    double t0 = now();
    madvise(p, len - keep, MADV_DONTNEED);
    sum += now() - t0 - timer_ns;
  }
  munmap(p, len);
  return sum / n;
}
/* advise_stack_range's madvise of a stack whose unused range holds no page: nothing to flush. */
static double b_madvise(long n) { return madvise_loop(n, 0); }
/*
 * The same madvise dropping one resident page: the TLB must be flushed (tlb_finish_mmu →
 * flush_tlb_mm_range); alone, only on this CPU.
 */
static double b_madvise_flush(long n) { return madvise_loop(n, 1); }
/*
 * That madvise while a sibling thread (same mm) spins on the other CPU: the flush must reach
 * that CPU too (flush_tlb_mm_range → an IPI and a wait for its acknowledgement).
 */
static atomic_int sib_stop, sib_running;
static void *sibling(void *arg) {
  (void)arg;
  pin(1);
  atomic_store(&sib_running, 1);
  while (!atomic_load(&sib_stop)) __asm__ volatile("" ::: "memory");
  return NULL;
}
static double b_madvise_sibling(long n) {
  pthread_t t;
  atomic_store(&sib_stop, 0), atomic_store(&sib_running, 0);
  pthread_create(&t, NULL, sibling, NULL);
  while (!atomic_load(&sib_running)) sched_yield();
  double v = madvise_loop(n, 1);
  atomic_store(&sib_stop, 1);
  pthread_join(t, NULL);
  return v;
}
/*
 * What a flush IPI costs the CPU it interrupts: a sibling on the other CPU works through a
 * serial multiply chain, counting chunks, while this CPU runs the madvise loop twice — dropping
 * no page (no IPI reaches the sibling) and then one page (a flush IPI each time). The chunks the
 * sibling lost in the second run, in time, per madvise.
 */
static atomic_long irq_chunks;
static void *irq_worker(void *arg) {
  (void)arg;
  pin(1);
  atomic_store(&sib_running, 1);
  unsigned long x = 1;
  while (!atomic_load_explicit(&sib_stop, memory_order_relaxed)) {
    for (int i = 0; i < 1000; i++) x = x * 2862933555777941757UL + 3037000493UL;
    atomic_fetch_add_explicit(&irq_chunks, 1, memory_order_relaxed);
  }
  return (void *)x;
}
/* The sibling's chunks per ns while this CPU runs madvise_loop(n, resident); *took its time. */
static double irq_rate(long n, int resident, double *took) {
  long c0 = atomic_load(&irq_chunks);
  double t0 = now();
  madvise_loop(n, resident);
  *took = now() - t0;
  return (atomic_load(&irq_chunks) - c0) / *took;
}
static double b_flush_irq(long n) {
  pthread_t t;
  atomic_store(&sib_stop, 0), atomic_store(&sib_running, 0);
  pthread_create(&t, NULL, irq_worker, NULL);
  while (!atomic_load(&sib_running)) sched_yield();
  double quiet_took, took;
  double quiet = irq_rate(n, 0, &quiet_took), hit = irq_rate(n, 1, &took);
  atomic_store(&sib_stop, 1);
  pthread_join(t, NULL);
  return quiet > 0 ? took * (1 - hit / quiet) / n : 0;
}
static char *region;
static size_t region_len;
static char *touched(size_t len) {
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) die("mmap region");
  madvise(p, len, MADV_NOHUGEPAGE); /* 4 KiB pages, or the slope measures nothing */
  for (size_t o = 0; o < len; o += page) p[o] = 1;
  return p;
}
/* The fastest of n fork+_exit+waitpid round trips: the minimum shrugs off preemption. */
static double min_fork(int n) {
  double best = 1e18;
  for (int i = 0; i < n; i++) {
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) _exit(0);
    waitpid(pid, NULL, 0);
    if (now() - t0 < best) best = now() - t0;
  }
  return best;
}
/*
 * Fork cost per resident page: the slope between a process with 16 MiB touched and the same
 * process with 48 MiB more, measured back to back in each run so that host noise hits both.
 * Includes the child's exit unmapping those pages. Median of the runs' slopes.
 */
static double fork16, fork64;
static double fork_slope(void) {
  double slope[9], t16[9], t64[9];
  char *a = touched(16 << 20);
  for (int r = 0; r < runs; r++) {
    t16[r] = min_fork(quick ? 3 : 8);
    char *b = touched(48 << 20);
    t64[r] = min_fork(quick ? 3 : 8);
    munmap(b, 48 << 20);
    slope[r] = (t64[r] - t16[r]) / ((48 << 20) / page);
  }
  munmap(a, 16 << 20);
  qsort(t16, runs, sizeof t16[0], cmp_double);
  qsort(t64, runs, sizeof t64[0], cmp_double);
  qsort(slope, runs, sizeof slope[0], cmp_double);
  fork16 = t16[runs / 2], fork64 = t64[runs / 2];
  return slope[runs / 2];
}
static double b_cow(long n) { /* child writes every page of a 4 MiB COW region */
  double sum = 0;
  for (long i = 0; i < n; i++) {
    int fd[2];
    if (pipe(fd) != 0) die("pipe");
    pid_t pid = fork();
    if (pid == 0) {
      double t0 = now();
      for (size_t o = 0; o < region_len; o += page) region[o] = 2;
      double per = (now() - t0) / (region_len / page);
      if (write(fd[1], &per, sizeof per) != sizeof per) _exit(1);
      _exit(0);
    }
    double per = 0;
    if (read(fd[0], &per, sizeof per) != sizeof per) die("cow read");
    waitpid(pid, NULL, 0);
    close(fd[0]), close(fd[1]);
    sum += per;
  }
  return sum / n;
}

/* ---- composites for validation (not calibration inputs), unpinned ---- */
static void *noop(void *arg) { return arg; }
LOOP_BENCH(b_create_join, pthread_t t, if (pthread_create(&t, NULL, noop, NULL) != 0) die("create"); pthread_join(t, NULL))
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn;
static void *cv_b(void *arg) {
  long n = (long)arg;
  for (long i = 0; i < n; i++) {
    pthread_mutex_lock(&mu);
    while (turn != 1) pthread_cond_wait(&cv, &mu);
    turn = 0;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}
static double b_condvar(long n) {
  pthread_t t;
  turn = 0;
  pthread_create(&t, NULL, cv_b, (void *)n);
  double t0 = now();
  for (long i = 0; i < n; i++) {
    pthread_mutex_lock(&mu);
    turn = 1;
    pthread_cond_signal(&cv);
    while (turn != 0) pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
  }
  double v = (now() - t0) / n;
  pthread_join(t, NULL);
  return v;
}
/* NPTL paper: T top-level threads, each keeping at most C children alive, N creations in all. */
static int sweep_c;
static void *toplevel(void *arg) {
  long per = (long)arg, head = 0, alive = 0;
  pthread_t ring[10];
  for (long i = 0; i < per; i++) {
    if (alive == sweep_c) { pthread_join(ring[head], NULL); head = (head + 1) % sweep_c; alive--; }
    if (pthread_create(&ring[(head + alive) % sweep_c], NULL, noop, NULL) != 0) die("create");
    alive++;
  }
  for (; alive > 0; alive--, head = (head + 1) % sweep_c) pthread_join(ring[head], NULL);
  return NULL;
}
static int sweep_t;
static double b_sweep(long n) {
  pthread_t top[20];
  long per = n / sweep_t;
  double t0 = now();
  for (int i = 0; i < sweep_t; i++) pthread_create(&top[i], NULL, toplevel, (void *)per);
  for (int i = 0; i < sweep_t; i++) pthread_join(top[i], NULL);
  return (now() - t0) / (per * sweep_t);
}

/* `--cpus N`: keep only the first N of the CPUs we may use, for the whole process and every
 * thread it creates (threads inherit the affinity), so the composites run on N CPUs. */
static void restrict_cpus(int want) {
  if (want <= 0 || want >= ncpus) return;
  cpu_set_t s;
  CPU_ZERO(&s);
  for (int k = 0; k < want; k++) CPU_SET(nth_cpu(k), &s);
  if (sched_setaffinity(0, sizeof s, &s) != 0) die("sched_setaffinity");
  allowed = s;
  ncpus = want;
}

static void setup(int want_cpus) {
  static char co_stack[65536];
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) die("sched_getaffinity");
  ncpus = CPU_COUNT(&allowed);
  restrict_cpus(want_cpus);
  page = sysconf(_SC_PAGESIZE);
  clone_stack = mmap(NULL, CLONE_BATCH * BATCH_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  getcontext(&uc_co);
  uc_co.uc_stack.ss_sp = co_stack;
  uc_co.uc_stack.ss_size = sizeof co_stack;
  makecontext(&uc_co, co_body, 0);
  signal(SIGUSR1, handler);
  if (pipe(pfd) != 0 || pipe(ab) != 0 || pipe(ba) != 0 || clone_stack == MAP_FAILED) die("setup");
}

/* Calibration inputs, all on one CPU. */
static void primitives(void) {
  pin(0);
  emit("timer_ns", timer_ns = median(b_timer, 200000));
  emit("null_syscall_ns", median(b_getpid, 1000000));
  emit("futex_wake_nowaiter_ns", median(b_futex_wake_empty, 1000000));
  emit("lock_cmpxchg_ns", median(b_cmpxchg, 5000000));
  double p1 = median(b_pipe_1byte, 200000);
  emit("pipe_overhead_ns", p1);
  emit("pipe_copy_per_byte_ns", (median(b_pipe_32k, 20000) - p1) / sizeof big);
  emit("signal_self_ns", median(b_signal, 200000));
  emit("swapcontext_ns", median(b_swapcontext, 500000));
  emit("thread_switch_ns", median(b_thread_switch, 100000));
  emit("process_switch_ns", median(b_process_switch, 100000));
  emit("futex_handoff_same_cpu_ns", median(b_futex_same, 100000));
  emit("wake_preempt_ratio", wake_preempt_ratio);
  emit("clone_exit_wait_ns", median(b_clone, 20000));
  emit("clone_batch8_exit_wait_ns", median(b_clone_batch, 20000));
  emit("cputimer_ns", cputimer_ns = median(b_cputimer, 200000));
  emit("clone_call_ns", median(b_clone_call, 20000));
  emit("mmap_8m_ns", median(b_mmap, 20000));
  emit("munmap_8m_ns", median(b_munmap, 20000));
  emit("page_fault_ns", median_n(b_page_fault, 1, 50));
  emit("madvise_stack_ns", median(b_madvise, 100000));
  emit("madvise_flush_ns", median(b_madvise_flush, 50000));
  if (ncpus > 1) {
    pin(0);
    emit("futex_handoff_busy_cpu_ns", median(b_futex_busy, 100000));
    emit("madvise_sibling_ns", median(b_madvise_sibling, 50000));
    emit("flush_irq_ns", median(b_flush_irq, 50000));
    unpin(); /* the raw clone loop free to use every CPU: the child starts on the idle one */
    emit("clone_exit_wait_cross_ns", median(b_clone, 20000));
    emit("clone_call_cross_ns", median(b_clone_call, 20000));
    emit("clone_call_cross_fraction", clone_cross_fraction);
  }
  emit("fork_per_page_ns", fork_slope());
  emit("fork_16m_ns", fork16);
  emit("fork_64m_ns", fork64);
  region = touched(region_len = 4 << 20);
  emit("cow_fault_ns", median_n(b_cow, 1, 50));
  munmap(region, region_len);
  unpin();
}

/* Validation composites: the cross-CPU hand-off, create+join, condvar, the NPTL sweep. */
static void composites(void) {
  if (ncpus > 1) {
    pin(0);
    emit("futex_handoff_cross_cpu_ns", median(b_futex_cross, 100000));
    unpin();
  }
  emit("pthread_create_join_ns", median(b_create_join, 20000));
  emit("pthread_create_join_iters", last_n);
  emit("condvar_pingpong_rtt_ns", median(b_condvar, 100000));
  emit("condvar_pingpong_rtt_iters", last_n);
  static const int sweep[][2] = {{1, 1}, {1, 10}, {4, 4}, {20, 10}};
  runs = quick ? 1 : 3;
  for (size_t i = 0; i < sizeof sweep / sizeof sweep[0]; i++) {
    char key[64];
    sweep_t = sweep[i][0], sweep_c = sweep[i][1];
    snprintf(key, sizeof key, "create_sweep_T%d_C%d_ns", sweep_t, sweep_c);
    emit(key, median_n(b_sweep, sweep_t * sweep_c * 2, 100000));
    snprintf(key, sizeof key, "create_sweep_T%d_C%d_iters", sweep_t, sweep_c);
    emit(key, last_n);
  }
}

int main(int argc, char **argv) {
  const char *env = getenv("THREADLAB_PROBE_QUICK");
  int only_composites = 0, want_cpus = 0;
  quick = env && *env && strcmp(env, "0") != 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--quick") == 0) quick = 1;
    else if (strcmp(argv[i], "--composites") == 0) only_composites = 1;
    else if (strcmp(argv[i], "--cpus") == 0 && i + 1 < argc) want_cpus = atoi(argv[++i]);
    else { fprintf(stderr, "probe: unknown option %s\n", argv[i]); return 2; }
  }
  runs = quick ? 3 : 5;
  target_ns = quick ? 15e6 : 100e6;
  setup(want_cpus);
  emit("ncpus", ncpus);
  emit("page_size", page);
  emit("quick", quick);
  emit("runs", runs);
  int major = 0, minor = 0;
  sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor);
  emit("glibc_major", major);
  emit("glibc_minor", minor);
  if (!only_composites) primitives();
  composites();
  printf("\n}\n");
  return 0;
}
