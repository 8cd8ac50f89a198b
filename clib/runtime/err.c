/*
 * err.c — BSD's err/warn family and GNU's error()/error_at_line(), with glibc's texts.
 *
 * Mirrors: glibc's misc/err.c (__vwarn_internal: "prog: message: strerror(errno)\n" with prog
 * __progname, the short name; errno kept across the message's own output; the x variants
 * without the error text) and misc/error.c (error_tail: stdout flushed first, "prog: " with the
 * full program_invocation_name unless error_print_progname is set, the message, ": strerror"
 * when errnum is not 0, a newline; error_message_count counted; a non-zero status exits;
 * error_at_line adds "file:line: " and with error_one_per_line skips a repeat of the last line).
 *
 * Why: wasi-libc does not build musl's err.c, so programs using them did not link.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <error.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *short_name(void) { return program_invocation_short_name ? program_invocation_short_name : ""; }
static const char *long_name(void) { return program_invocation_name ? program_invocation_name : ""; }

void vwarn(const char *fmt, va_list ap) {
	int e = errno;
	flockfile(stderr);
	fprintf(stderr, "%s: ", short_name());
	if (fmt != NULL) {
		vfprintf(stderr, fmt, ap);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", strerror(e));
	funlockfile(stderr);
	errno = e;
}

void vwarnx(const char *fmt, va_list ap) {
	flockfile(stderr);
	fprintf(stderr, "%s: ", short_name());
	if (fmt != NULL) vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

void warn(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vwarn(fmt, ap); va_end(ap); }
void warnx(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vwarnx(fmt, ap); va_end(ap); }
_Noreturn void verr(int status, const char *fmt, va_list ap) { vwarn(fmt, ap); exit(status); }
_Noreturn void verrx(int status, const char *fmt, va_list ap) { vwarnx(fmt, ap); exit(status); }
_Noreturn void err(int status, const char *fmt, ...) { va_list ap; va_start(ap, fmt); verr(status, fmt, ap); }
_Noreturn void errx(int status, const char *fmt, ...) { va_list ap; va_start(ap, fmt); verrx(status, fmt, ap); }

unsigned int error_message_count;
int error_one_per_line;
void (*error_print_progname)(void);

static void error_tail(int status, int errnum, const char *fmt, va_list ap) {
	vfprintf(stderr, fmt, ap);
	++error_message_count;
	if (errnum != 0) fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
	fflush(stderr);
	funlockfile(stderr);
	if (status != 0) exit(status);
}

void error(int status, int errnum, const char *fmt, ...) {
	fflush(stdout);
	flockfile(stderr);
	if (error_print_progname) error_print_progname();
	else fprintf(stderr, "%s: ", long_name());
	va_list ap;
	va_start(ap, fmt);
	error_tail(status, errnum, fmt, ap);
	va_end(ap);
}

void error_at_line(int status, int errnum, const char *file, unsigned int line, const char *fmt, ...) {
	if (error_one_per_line) {
		static const char *old_file;
		static unsigned int old_line;
		if (old_line == line && (file == old_file || (old_file != NULL && file != NULL && strcmp(old_file, file) == 0))) return;
		old_file = file, old_line = line;
	}
	fflush(stdout);
	flockfile(stderr);
	if (error_print_progname) error_print_progname();
	else fprintf(stderr, "%s:", long_name());
	fprintf(stderr, file != NULL ? "%s:%u: " : " ", file, line);
	va_list ap;
	va_start(ap, fmt);
	error_tail(status, errnum, fmt, ap);
	va_end(ap);
}
