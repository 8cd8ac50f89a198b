/*
 * strerror.c — error messages as glibc prints them: strerror, strerror_l, strerror_r, perror,
 * and printf's %m.
 *
 * Mirrors: glibc's string/strerror_l.c (__strerror_l: the message, else "Unknown error N";
 * errno unchanged), string/xpg-strerror.c (the XSI strerror_r that <string.h> declares: 0,
 * ERANGE when the buffer is too small, EINVAL for an unknown number — the buffer always
 * terminated) and string/_strerror.c (the GNU one, with _GNU_SOURCE: clib/include/string.h), stdio-common/perror.c ("s: message\n", or the message alone when s is NULL or
 * empty; errno read first) and vfprintf's %m (strerror(errno)). These replace wasi-libc's
 * (musl's texts in WASI numbers): defined here, its strerror.o, strerror_r.o and perror.o are
 * never linked, and its own callers (err.h's warn, vfprintf) reach these.
 *
 * %m: stdio.c's vfprintf wrapper gives each format to __lab_expand_m, which spells every %m
 * out (flags and width as for %s, '%' doubled) before wasi-libc formats it — wasi-libc's own
 * %m would read its WASI errno (errno.c). Simplifies: a %m with a '*' width or a positional
 * argument is left to wasi-libc (it prints "Success"); messages are not translated (C locale);
 * the "Unknown error N" text lives in one static buffer, not one per thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lab.h"

static char unknown[32];

/* The message for `e`, or NULL when glibc has none (it prints "Unknown error N"). */
static const char *message(int e) {
	return e >= 0 && e < __lab_nerr ? __lab_errlist[e] : NULL;
}

char *strerror(int e) {
	const char *m = message(e);
	if (m) return (char *)m;
	snprintf(unknown, sizeof unknown, "Unknown error %d", e);
	return unknown;
}

char *strerror_l(int e, locale_t loc) {
	(void)loc;
	return strerror(e);
}

int strerror_r(int e, char *buf, size_t n) {
	const char *m = message(e);
	if (!m) {
		snprintf(buf, n, "Unknown error %d", e);
		return EINVAL;
	}
	size_t len = strlen(m);
	if (n > 0) {
		size_t k = len < n - 1 ? len : n - 1;
		memcpy(buf, m, k);
		buf[k] = 0;
	}
	return n <= len ? ERANGE : 0;
}

/* The GNU strerror_r (<string.h> with _GNU_SOURCE): the message, or "Unknown error N" in buf. */
char *__lab_gnu_strerror_r(int e, char *buf, size_t n) {
	const char *m = message(e);
	if (m) return (char *)m;
	snprintf(buf, n, "Unknown error %d", e);
	return buf;
}

/*
 * glibc's perror: while stderr has no orientation yet (no fprintf, fputs or fwrite on it so
 * far: stdio.c tracks it), it writes through a FILE of its own on dup(2) — and fdopen(fd, "w+")
 * fails with EINVAL unless fd 2 is open for reading and writing (a terminal, as the lab's
 * console is; not a pipe or a file), so it falls back to stderr, which orients it, leaving
 * errno EINVAL (EBADF when fd 2 is closed).
 */
void perror(const char *s) {
	const char *m = strerror(errno);
	const char *colon = s && *s ? ": " : "";
	if (!s) s = "";
	int fd = __lab_stderr_oriented ? -1 : dup(2);
	if (fd >= 0 && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR) {
		dprintf(fd, "%s%s%s\n", s, colon, m);
		close(fd);
		return;
	}
	int e = __lab_stderr_oriented ? errno : fd >= 0 ? EINVAL : errno;
	if (fd >= 0) close(fd);
	fprintf(stderr, "%s%s%s\n", s, colon, m);
	errno = e;
}

/* Length of a conversion's flags, width, precision and length modifiers (after its '%'). */
static size_t spec_len(const char *s) {
	size_t i = 0;
	while (s[i] && strchr("-+ #0123456789.'hlLqjzt", s[i])) i++;
	return i;
}

/* `msg` formatted as "%<spec>s" would format it, into out (at most cap bytes with the 0). */
static int m_piece(const char *spec, size_t n, const char *msg, char *out, size_t cap) {
	char f[24];
	if (n + 3 > sizeof f) return -1;
	f[0] = '%';
	memcpy(f + 1, spec, n);
	f[n + 1] = 's';
	f[n + 2] = 0;
	return snprintf(out, cap, f, msg);
}

/* How many %m conversions `fmt` has. */
static size_t count_m(const char *fmt) {
	size_t k = 0;
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 1, '%')) {
		if (p[1] == '%') { p++; continue; }
		if (p[1 + spec_len(p + 1)] == 'm') k++;
	}
	return k;
}

/* Append `s` to out, doubling '%' (it becomes literal text in a format). */
static char *append_literal(char *out, const char *s) {
	for (; *s; s++) {
		if (*s == '%') *out++ = '%';
		*out++ = *s;
	}
	return out;
}

/*
 * `fmt` with every %m replaced by strerror(errno) (as text), in memory from malloc; NULL when
 * it has no %m (or no memory: wasi-libc then prints its own text).
 */
char *__lab_expand_m(const char *fmt) {
	size_t k = count_m(fmt);
	if (k == 0) return NULL;
	const char *msg = strerror(errno);
	char piece[256];
	char *out = malloc(strlen(fmt) + k * 2 * sizeof piece + 1), *o = out;
	if (!out) return NULL;
	for (const char *p = fmt; *p;) {
		size_t n = p[0] == '%' && p[1] != '%' ? spec_len(p + 1) : 0;
		if (p[0] == '%' && p[1 + n] == 'm' && m_piece(p + 1, n, msg, piece, sizeof piece) >= 0) {
			o = append_literal(o, piece);
			p += n + 2;
			continue;
		}
		if (p[0] == '%' && p[1] == '%') *o++ = *p++;
		*o++ = *p++;
	}
	*o = 0;
	return out;
}
