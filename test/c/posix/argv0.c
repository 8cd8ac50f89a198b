/* argv0.c — what a program started from a shell as ./argv0 sees of its name: argv[0] is the
 * word typed ("./argv0"), program_invocation_short_name and /proc/thread-self/comm the base name. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
	printf("argc %d argv[0] %s\n", argc, argv[0]);
	printf("program_invocation_name %s short %s\n", program_invocation_name, program_invocation_short_name);
	char comm[16] = "";
	prctl(PR_GET_NAME, comm);
	printf("comm %s\n", comm);
	fprintf(stderr, "usage: %s file\n", argv[0]);
	return 0;
}
