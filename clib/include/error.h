/*
 * threadlab: error.h — glibc's error() and error_at_line() (misc/error.c; runtime/err.c):
 * stdout flushed, then "prog: message[: strerror(errnum)]" on stderr with prog the full
 * program_invocation_name; a non-zero status exits. error_message_count counts the calls.
 */
#ifndef _ERROR_H
#define _ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

void error(int status, int errnum, const char *format, ...);
void error_at_line(int status, int errnum, const char *fname, unsigned int lineno, const char *format, ...);
extern unsigned int error_message_count;
extern int error_one_per_line;
extern void (*error_print_progname)(void);

#ifdef __cplusplus
}
#endif

#endif
