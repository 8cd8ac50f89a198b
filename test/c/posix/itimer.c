/*
 * itimer.c — setitimer/getitimer from C: ITIMER_REAL sends SIGALRM after its value, then every
 * interval; getitimer reads what is left; it is alarm()'s timer; invalid times and an unknown
 * timer are EINVAL; an unarmed ITIMER_VIRTUAL reads 0. The kernel keeps these timers in jiffies (HZ 250:
 * 4 ms), as Linux 2.6 did before high-resolution timers, so 50 ms reads back as 52 ms.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

int main(void) {
	struct itimerval it = {{0, 50000}, {0, 100000}}, now, old;
	signal(SIGALRM, on_alarm);
	printf("set %d\n", setitimer(ITIMER_REAL, &it, 0));
	getitimer(ITIMER_REAL, &now);
	printf("left about 100 ms %d, interval %ld us\n", now.it_value.tv_sec == 0 && now.it_value.tv_usec > 90000 && now.it_value.tv_usec <= 104000, (long)now.it_interval.tv_usec);
	while (alarms < 3) pause();
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &off, &old);
	printf("alarms %d, old interval %ld us, now off\n", alarms, (long)old.it_interval.tv_usec);
	alarm(5);
	getitimer(ITIMER_REAL, &now);
	printf("alarm(5) is the same timer: %ld s left, alarm(0) says %u\n", (long)now.it_value.tv_sec, alarm(0));
	it.it_value.tv_usec = 1000000;
	int bad = setitimer(ITIMER_REAL, &it, 0);
	int e1 = errno;
	int other = getitimer(3, &now);
	int e2 = errno;
	int virt = getitimer(ITIMER_VIRTUAL, &now);
	printf("bad usec %d %s, which 3 %d %s, ITIMER_VIRTUAL %d unarmed %d\n", bad, e1 == EINVAL ? "EINVAL" : "?",
	       other, e2 == EINVAL ? "EINVAL" : "?", virt, now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0);
	return 0;
}
