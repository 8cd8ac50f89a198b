/* BSD's <err.h> and GNU's <error.h>: the one-line diagnostics many course programs die with. */
#include <err.h>
#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
	FILE *f = fopen("/no/such/file", "r");
	if (f == NULL) warn("fopen %s", "/no/such/file");
	warnx("%d threads is too many", 5000);
	printf("stdout is flushed before error() writes\n");
	error(0, EAGAIN, "pthread_create %d", 7);
	error_at_line(0, 0, "prog.c", 42, "a warning at a line");
	printf("error() was called %u times\n", error_message_count);
	if (ftrylockfile(stdout) == 0) funlockfile(stdout), printf("ftrylockfile(stdout) took the lock\n");
	if (argc > 1 && strcmp(argv[1], "errx") == 0) errx(3, "bad argument '%s'", argv[1]);
	errno = EPERM;
	err(4, "setuid");
}
