/*
 * stdio.c — FILE locks, as glibc and threaded musl take them around every stdio call.
 *
 * wasi-libc is built single-threaded: its FILE functions take no lock, so two threads in
 * printf at once (one of them suspended in the kernel's write) would corrupt stdout's buffer.
 * The lab wraps the FILE entry points (the host links with --wrap for each __wrap_ name here):
 * once the process has created a thread (musl's libc.threaded), each takes a recursive lock
 * for that FILE in the chosen library — a real mutex, so a thread blocked on stdout shows in a
 * deadlock report. printf, fprintf and vprintf go through vfprintf (which also spells out
 * %m: strerror.c, and prints a null %p as "(nil)": printf_nil.c); scanf and fscanf through vfscanf.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "lab.h"

#define LOCKED(f, call) do { \
	if (__lab_threaded) { __lab_flockfile(f); __typeof__(call) r_ = (call); __lab_funlockfile(f); return r_; } \
	return (call); \
} while (0)

int __real_vfprintf(FILE *, const char *, va_list);
int __real_vfscanf(FILE *, const char *, va_list);
int __real_fputc(int, FILE *);
int __real_putc(int, FILE *);
int __real_putchar(int);
int __real_fputs(const char *, FILE *);
int __real_puts(const char *);
size_t __real_fwrite(const void *, size_t, size_t, FILE *);
int __real_fflush(FILE *);
int __real_fgetc(FILE *);
int __real_getc(FILE *);
int __real_getchar(void);
char *__real_fgets(char *, int, FILE *);
size_t __real_fread(void *, size_t, size_t, FILE *);
int __real_ungetc(int, FILE *);
ssize_t __real_getdelim(char **, size_t *, int, FILE *);
int __real_setvbuf(FILE *, char *, int, size_t);

/* glibc orients a stream on its first fprintf, fputs or fwrite (perror looks: strerror.c). */
int __lab_stderr_oriented = 0;
#define ORIENT(f) (void)((f) == stderr && (__lab_stderr_oriented = 1))

int __lab_vfprintf_nil(FILE *, const char *, va_list, int *);

/* A null %p is glibc's "(nil)" (printf_nil.c); anything else goes straight to wasi-libc. */
static int nil_or_real(FILE *f, const char *fmt, va_list ap) {
	int r;
	if (__lab_vfprintf_nil(f, fmt, ap, &r)) return r;
	return __real_vfprintf(f, fmt, ap);
}

static int locked_vfprintf(FILE *f, const char *fmt, va_list ap) { LOCKED(f, nil_or_real(f, fmt, ap)); }

/* %m is spelled out first, in glibc's text for the program's errno (strerror.c). */
int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap) {
	ORIENT(f);
	char *own = __lab_expand_m(fmt);
	if (!own) return locked_vfprintf(f, fmt, ap);
	int r = locked_vfprintf(f, own, ap);
	free(own);
	return r;
}
int __wrap_vfscanf(FILE *f, const char *fmt, va_list ap) { LOCKED(f, __real_vfscanf(f, fmt, ap)); }
int __wrap_fputc(int c, FILE *f) { LOCKED(f, __real_fputc(c, f)); }
int __wrap_putc(int c, FILE *f) { LOCKED(f, __real_putc(c, f)); }
int __wrap_putchar(int c) { LOCKED(stdout, __real_putchar(c)); }
int __wrap_fputs(const char *s, FILE *f) { ORIENT(f); LOCKED(f, __real_fputs(s, f)); }
int __wrap_puts(const char *s) { LOCKED(stdout, __real_puts(s)); }
size_t __wrap_fwrite(const void *p, size_t n, size_t m, FILE *f) { ORIENT(f); LOCKED(f, __real_fwrite(p, n, m, f)); }
int __wrap_fgetc(FILE *f) { LOCKED(f, __real_fgetc(f)); }
int __wrap_getc(FILE *f) { LOCKED(f, __real_getc(f)); }
int __wrap_getchar(void) { LOCKED(stdin, __real_getchar()); }
char *__wrap_fgets(char *s, int n, FILE *f) { LOCKED(f, __real_fgets(s, n, f)); }
size_t __wrap_fread(void *p, size_t n, size_t m, FILE *f) { LOCKED(f, __real_fread(p, n, m, f)); }
int __wrap_ungetc(int c, FILE *f) { LOCKED(f, __real_ungetc(c, f)); }
ssize_t __wrap_getdelim(char **s, size_t *n, int d, FILE *f) { LOCKED(f, __real_getdelim(s, n, d, f)); }
int __wrap_setvbuf(FILE *f, char *b, int m, size_t n) { LOCKED(f, __real_setvbuf(f, b, m, n)); }

/* fflush(NULL) flushes every stream, each under its own lock inside wasi-libc's loop. */
int __wrap_fflush(FILE *f) {
	if (!f) return __real_fflush(f);
	LOCKED(f, __real_fflush(f));
}

void flockfile(FILE *f) { if (__lab_threaded) __lab_flockfile(f); }
void funlockfile(FILE *f) { if (__lab_threaded) __lab_funlockfile(f); }
int ftrylockfile(FILE *f) { return __lab_threaded ? __lab_ftrylockfile(f) : 0; }
