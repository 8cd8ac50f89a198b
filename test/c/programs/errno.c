// errno and error numbers as on Linux with glibc: <errno.h>'s values, pthread_* results, errno
// after failing calls (the lab's and wasi-libc's own), strerror/strerror_r/perror/%m texts.
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void constants(void) {
    printf("EPERM %d ESRCH %d EINTR %d EAGAIN %d EWOULDBLOCK %d EBUSY %d EINVAL %d\n",
           EPERM, ESRCH, EINTR, EAGAIN, EWOULDBLOCK, EBUSY, EINVAL);
    printf("ERANGE %d EDEADLK %d ENOSYS %d ETIMEDOUT %d ENOTSUP %d EOPNOTSUPP %d EOWNERDEAD %d ENOTRECOVERABLE %d\n",
           ERANGE, EDEADLK, ENOSYS, ETIMEDOUT, ENOTSUP, EOPNOTSUPP, EOWNERDEAD, ENOTRECOVERABLE);
}

static void texts(void) {
    int e[] = {0, EPERM, ESRCH, EINTR, EAGAIN, EBUSY, EINVAL, ERANGE, EDEADLK, ETIMEDOUT, ENOTSUP, EOWNERDEAD, 41, 134, -1};
    for (unsigned i = 0; i < sizeof e / sizeof e[0]; i++) printf("strerror(%d) = %s\n", e[i], strerror(e[i]));
    char small[8], big[64];
    int r = strerror_r(ETIMEDOUT, small, sizeof small);
    printf("strerror_r small: %d \"%s\"\n", r, small);
    r = strerror_r(ETIMEDOUT, big, sizeof big);
    printf("strerror_r: %d \"%s\"\n", r, big);
    r = strerror_r(200, big, sizeof big);
    printf("strerror_r unknown: %d \"%s\"\n", r, big);
}

static void *quit(void *arg) { return arg; }

static void threads(void) {
    printf("pthread_join(self) = %d\n", pthread_join(pthread_self(), NULL));
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&m);
    printf("pthread_mutex_trylock(held) = %d\n", pthread_mutex_trylock(&m));
    pthread_mutex_unlock(&m);
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_t ec;
    pthread_mutex_init(&ec, &a);
    printf("pthread_mutex_unlock(errorcheck, unowned) = %d\n", pthread_mutex_unlock(&ec));
    pthread_mutex_lock(&ec);
    printf("pthread_mutex_lock(errorcheck, relock) = %d\n", pthread_mutex_lock(&ec));
    pthread_t t;
    pthread_create(&t, NULL, quit, NULL);
    pthread_join(t, NULL);
    printf("pthread_kill(joined, 0) = %d\n", pthread_kill(t, 0));
}

static void timeouts(void) {
    sem_t s;
    sem_init(&s, 0, 0);
    int r = sem_trywait(&s);
    printf("sem_trywait = %d errno %d\n", r, errno);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 1000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    errno = 0;
    r = sem_timedwait(&s, &ts);
    printf("sem_timedwait = %d errno %d\n", r, errno);
    fflush(stdout);
    perror("sem_timedwait");
    printf("%%m: %m|%-22m|%%m\n");
    char buf[64];
    snprintf(buf, sizeof buf, "[%m]");
    printf("snprintf %%m: %s\n", buf);
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    pthread_mutex_lock(&m);
    printf("pthread_cond_timedwait = %d\n", pthread_cond_timedwait(&c, &m, &ts));
    pthread_mutex_unlock(&m);
}

static void syscalls(void) {
    int r = kill(99999, 0);
    printf("kill(99999, 0) = %d errno %d\n", r, errno);
    fflush(stdout);
    perror("kill");
    r = kill(getpid(), 99);
    printf("kill(getpid(), 99) = %d errno %d\n", r, errno);
    r = (int)write(99, "x", 1);
    printf("write(99) = %d errno %d\n", r, errno);
    errno = 0;
    r = close(99);
    printf("close(99) = %d errno %d\n", r, errno);
    r = execl("/no/such/file", "x", (char *)NULL);
    printf("execl(/no/such/file) = %d errno %d (%m)\n", r, errno);
}

/* errno set inside wasi-libc's own code (WASI numbers there) reads as Linux's. */
static void *volatile kept;  /* (volatile: clang would drop an unused malloc and assume success) */
static volatile size_t huge = SIZE_MAX - 4096;

static void libc_internal(void) {
    int r;
    errno = 0;
    long v = strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow: %s errno %d\n", v == LONG_MAX ? "LONG_MAX" : "?", errno);
    errno = 0;
    strtol("12", NULL, 10);
    printf("strtol ok: errno %d\n", errno);
    errno = 0;
    strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow again: errno %d\n", errno);
    errno = 0;
    strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow, %%m: %m\n");
    errno = 0;
    kept = malloc(huge);
    printf("malloc(huge): %s errno %d\n", kept ? "memory" : "NULL", errno);
    /* the ones that return an error number */
    void *q;
    r = posix_memalign(&q, 3, 16);
    printf("posix_memalign(align 3) = %d\n", r);
    r = posix_memalign(&q, 16, huge);
    printf("posix_memalign(huge) = %d\n", r);
    struct timespec bad = {0, -5};
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL);
    printf("clock_nanosleep(tv_nsec -5) = %d\n", r);
}

/* A thread's errno is its own, also when wasi-libc set it just before the thread blocked. */
static sem_t go, done;
static void *overflow(void *arg) {
    (void)arg;
    errno = 0;
    strtol("-99999999999999999999", NULL, 10);
    sem_post(&done);
    sem_wait(&go);
    printf("thread: errno %d after it blocked\n", errno);
    return NULL;
}

static void per_thread(void) {
    pthread_t t;
    sem_init(&go, 0, 0);
    sem_init(&done, 0, 0);
    pthread_create(&t, NULL, overflow, NULL);
    errno = EINTR;
    sem_wait(&done);
    printf("main: errno %d while the thread's is ERANGE\n", errno);
    sem_post(&go);
    pthread_join(t, NULL);
}

/* glibc's perror leaves errno EINVAL when stderr was never written and fd 2 is not open for
 * reading and writing (here a pipe); on a terminal (the console) errno stays. */
static void perror_on_pipe(void) {
    int p[2], saved = dup(2);
    pipe(p);
    dup2(p[1], 2);
    errno = ETIMEDOUT;
    perror("to a pipe");
    int first = errno;
    errno = EBUSY;
    perror("again");
    int second = errno;
    dup2(saved, 2);
    close(p[1]);
    char buf[128] = {0};
    read(p[0], buf, sizeof buf - 1);
    printf("perror to a pipe: errno %d after the first, %d after the second; wrote:\n%s", first, second, buf);
}

int main(void) {
    printf("errno at start %d\n", errno);
    constants();
    texts();
    threads();
    timeouts();
    syscalls();
    libc_internal();
    per_thread();
    perror_on_pipe();
    errno = 0;
    perror(NULL);
    errno = EDEADLK;
    perror("");
    return 0;
}
