/* timerfd.c — timerfd_create/settime/gettime (test/c/timerfd.test.ts; the output is gcc +
 * glibc's on Linux): a blocking read waits for the first expiry, a periodic timer's count of
 * the periods that passed, gettime, the old setting, TFD_NONBLOCK's EAGAIN, an absolute
 * CLOCK_REALTIME time seen by poll, select, disarming, and EINVAL. Times are printed in
 * milliseconds, rounded to 10. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}
static long ms10(const struct timespec *ts) { return (long)((ts->tv_sec * 1000LL + ts->tv_nsec / 1000000 + 5) / 10 * 10); }
static void spec(struct itimerspec *s, long value_ms, long interval_ms) {
	s->it_value.tv_sec = value_ms / 1000; s->it_value.tv_nsec = value_ms % 1000 * 1000000L;
	s->it_interval.tv_sec = interval_ms / 1000; s->it_interval.tv_nsec = interval_ms % 1000 * 1000000L;
}

int main(void) {
	setvbuf(stdout, NULL, _IOLBF, 0);
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec s, old;
	timerfd_gettime(fd, &s);
	printf("new timer: value %ld interval %ld\n", ms10(&s.it_value), ms10(&s.it_interval));
	spec(&s, 100, 50);
	long long t0 = now_ms();
	printf("settime 100 ms, every 50: %d\n", timerfd_settime(fd, 0, &s, NULL));
	uint64_t n = 0;
	ssize_t r = read(fd, &n, 8);
	printf("read %zd: %llu expiry after about %lld ms\n", r, (unsigned long long)n, (now_ms() - t0 + 5) / 10 * 10);
	usleep(275000);
	r = read(fd, &n, 8);
	printf("275 ms later: %llu expiries\n", (unsigned long long)n);
	timerfd_gettime(fd, &s);
	printf("gettime: next within the period %d, interval %ld\n", ms10(&s.it_value) <= 50 && (s.it_value.tv_sec || s.it_value.tv_nsec), ms10(&s.it_interval));
	spec(&s, 0, 0);
	printf("disarm: %d", timerfd_settime(fd, 0, &s, &old));
	printf(", old interval %ld\n", ms10(&old.it_interval));
	timerfd_gettime(fd, &s);
	printf("disarmed: value %ld interval %ld\n", ms10(&s.it_value), ms10(&s.it_interval));

	int nb = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	r = read(nb, &n, 8);
	printf("TFD_NONBLOCK, not expired: %zd %s\n", r, strerror(errno));
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	rt.tv_nsec += 50000000;
	if (rt.tv_nsec >= 1000000000) { rt.tv_nsec -= 1000000000; rt.tv_sec++; }
	s.it_value = rt;
	s.it_interval.tv_sec = 0; s.it_interval.tv_nsec = 0;
	printf("absolute CLOCK_REALTIME +50 ms: %d\n", timerfd_settime(nb, TFD_TIMER_ABSTIME, &s, NULL));
	struct pollfd p = { .fd = nb, .events = POLLIN };
	int pr = poll(&p, 1, 1000);
	r = read(nb, &n, 8);
	printf("poll %d revents %s, read %zd: %llu\n", pr, p.revents & POLLIN ? "POLLIN" : "0", r, (unsigned long long)n);

	spec(&s, 30, 0);
	timerfd_settime(fd, 0, &s, NULL);
	fd_set rd;
	FD_ZERO(&rd); FD_SET(fd, &rd);
	struct timeval tv = { 1, 0 };
	int sr = select(fd + 1, &rd, NULL, NULL, &tv);
	printf("select %d readable %d\n", sr, FD_ISSET(fd, &rd));

	uint32_t small;
	r = read(fd, &small, 4);
	printf("read into 4 bytes: %zd %s\n", r, strerror(errno));
	int e = timerfd_create((clockid_t)99, 0);
	printf("timerfd_create(99): %d %s\n", e, strerror(errno));
	e = timerfd_create(CLOCK_MONOTONIC, 0x10);
	printf("bad flags: %d %s\n", e, strerror(errno));
	e = timerfd_settime(0, 0, &s, NULL);
	printf("settime on stdin: %d %s\n", e, strerror(errno));
	e = timerfd_settime(fd, 0x10, &s, NULL);
	printf("settime bad flags: %d %s\n", e, strerror(errno));
	s.it_value.tv_nsec = 1000000000;
	e = timerfd_settime(fd, 0, &s, NULL);
	printf("tv_nsec 1e9: %d %s\n", e, strerror(errno));
	return 0;
}
