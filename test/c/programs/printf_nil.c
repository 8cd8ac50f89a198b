/* printf's %p of a null pointer, as glibc prints it: "(nil)", padded by the width like a string. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static void *worker(void *arg) { return arg; }

int main(void) {
	pthread_t t;
	void *ret = (void *)1;
	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, &ret);
	printf("thread returned %p\n", ret);
	printf("[%10p] [%-10p] [%*p] [%-*p]\n", ret, ret, 8, ret, 8, ret);
	printf("%d %s %p %lld %f %p %c %p|\n", 1, "two", (void *)0x10, 3LL, 4.5, (void *)0, 'x', NULL);
	char b[64];
	int n = snprintf(b, 10, "a%pb%dc", NULL, 42);
	printf("snprintf %d '%s'\n", n, b);
	n = sprintf(b, "%s=%p %5.1f%%", (char *)0, NULL, 2.25);
	printf("sprintf %d '%s'\n", n, b);
	errno = EAGAIN;
	printf("%m %p\n", NULL);
	return 0;
}
