/*
 * sleep_alarm.c — the APUE ch. 10 and 12 exercise of a sleep cut short by SIGALRM: sleep(),
 * usleep() and clock_nanosleep() in the main thread of a threaded program while alarm(1)
 * rings, then a full sleep and an absolute clock_nanosleep. On Linux sleep(3) cut short after
 * 1 s reports 2 s left, usleep fails with EINTR and clock_nanosleep returns EINTR with the
 * time left. Written for the lab; plain POSIX, compiled unchanged.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static void on_alarm(int signo) { (void)signo; alarms++; }

static void *worker(void *arg) {
    usleep(100000);
    return arg;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) < 0) { perror("sigaction"); return 1; }
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);

    alarm(1);
    errno = 0;
    unsigned left = sleep(3);
    printf("sleep(3) cut short by alarm(1): %u s left (%s)\n", left, strerror(errno));

    alarm(1);
    int r = usleep(3000000);
    printf("usleep(3000000): %d (%s)\n", r, r < 0 ? strerror(errno) : "slept");

    alarm(1);
    struct timespec req = { 3, 0 }, rem = { 0, 0 };
    r = clock_nanosleep(CLOCK_REALTIME, 0, &req, &rem);
    printf("clock_nanosleep(3 s): %s, %s\n", strerror(r), rem.tv_sec >= 1 && rem.tv_sec <= 2 ? "about 2 s left" : "wrong time left");

    struct timespec start, end, until;
    clock_gettime(CLOCK_MONOTONIC, &start);
    until = start;
    until.tv_nsec += 200000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double slept = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("absolute clock_nanosleep: %d, %s\n", r, slept >= 0.2 && slept < 0.25 ? "slept 0.2 s" : "wrong time");

    errno = 0;
    left = sleep(1);
    printf("sleep(1) uninterrupted: %u, errno %d\n", left, errno);
    pthread_join(t, NULL);
    printf("the handler ran %d times\n", (int)alarms);
    return 0;
}
