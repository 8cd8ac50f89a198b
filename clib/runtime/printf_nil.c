/*
 * printf_nil.c — a null pointer printed by %p reads "(nil)", as glibc prints it.
 *
 * Mirrors: glibc's stdio-common/vfprintf-process-arg.c (form_pointer: a non-null pointer is
 * %#x; a null one is the string "(nil)", its precision raised to 5 so it is never cut, with the
 * conversion's width and '-' flag). wasi-libc's musl prints a null %p as "0", so
 * printf("thread returned %p\n", ret) after a thread that returned NULL differed from Linux.
 *
 * How: stdio.c's vfprintf wrapper hands each format that has a 'p' in it here. One pass over
 * the conversions with a copy of the arguments (each read with its C type) finds whether a %p
 * gets a null pointer; only then is the format printed in pieces — wasi-libc formats the text
 * between such conversions from the argument list's place there, and "(nil)" is padded here.
 * Simplified: a format with positional arguments (%1$p) is left to wasi-libc.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "lab.h"

int __real_vfprintf(FILE *, const char *, va_list);

/* One conversion: where it starts ('%') and ends (past its letter), its letter and length modifier, '*'s, '-' flag. */
struct conv { const char *start, *end; char c, len; int star_w, star_p, left; };

/* Parse the conversion at p ('%'); length modifiers as one letter: H hh, h, l, q ll (and q), L, j, z, t. */
static const char *parse(const char *p, struct conv *c) {
	c->start = p++;
	c->star_w = c->star_p = c->left = 0, c->len = 0;
	for (; *p && strchr("-+ #0'I", *p); p++) if (*p == '-') c->left = 1;
	if (*p == '*') c->star_w = 1, p++;
	else while (*p >= '0' && *p <= '9') p++;
	if (*p == '.') {
		p++;
		if (*p == '*') c->star_p = 1, p++;
		else while (*p >= '0' && *p <= '9') p++;
	}
	if (p[0] == 'h' && p[1] == 'h') c->len = 'H', p += 2;
	else if (p[0] == 'l' && p[1] == 'l') c->len = 'q', p += 2;
	else if (*p && strchr("hlqLjzt", *p)) c->len = *p++;
	c->c = *p;
	c->end = *p ? p + 1 : p;
	return c->end;
}

/* Read the conversion's argument(s) from *ap with their C types; returns the pointer of an s/p/n one. */
static const void *take(struct conv *c, va_list *ap, int *width) {
	*width = c->star_w ? va_arg(*ap, int) : 0;
	if (c->star_p) (void)va_arg(*ap, int);
	switch (c->c) {
	case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
		if (c->len == 'q' || c->len == 'j') (void)va_arg(*ap, long long);
		else if (c->len == 'l' || c->len == 'z' || c->len == 't') (void)va_arg(*ap, long);
		else (void)va_arg(*ap, int);
		return NULL;
	case 'c': case 'C': (void)va_arg(*ap, int); return NULL;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
		if (c->len == 'L') (void)va_arg(*ap, long double);
		else (void)va_arg(*ap, double);
		return NULL;
	case 's': case 'S': case 'p': case 'n': return va_arg(*ap, const void *);
	default: return NULL; /* %m, %%, or a letter wasi-libc will reject anyway */
	}
}

/* Does a %p of this format get a null pointer? (No positional arguments: those are left alone.) */
static int has_nil(const char *fmt, va_list ap) {
	if (strchr(fmt, '$') != NULL) return 0;
	va_list a;
	va_copy(a, ap);
	int found = 0, w;
	struct conv c;
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL && !found;) {
		if (p[1] == '%') { p += 2; continue; }
		p = parse(p, &c);
		const void *v = take(&c, &a, &w);
		if (c.c == 'p' && v == NULL) found = 1;
	}
	va_end(a);
	return found;
}

static int out(FILE *f, const char *fmt, ...) {
	va_list a;
	va_start(a, fmt);
	int r = __real_vfprintf(f, fmt, a);
	va_end(a);
	return r;
}

/* Print fmt[from, to) with the arguments as they stand at `at`. */
static int piece(FILE *f, const char *from, const char *to, va_list at) {
	if (to == from) return 0;
	char *s = strndup(from, (size_t)(to - from));
	if (s == NULL) return -1;
	int r = __real_vfprintf(f, s, at);
	free(s);
	return r;
}

static int add(int *total, int r) { if (r < 0) return 0; *total += r; return 1; }

/* Print the format in pieces around each null %p; the caller holds the FILE's lock. */
static int print_nil(FILE *f, const char *fmt, va_list ap) {
	va_list cur, at;
	va_copy(cur, ap);
	va_copy(at, ap);
	int total = 0, ok = 1, w;
	const char *from = fmt, *p = fmt;
	struct conv c;
	while (ok && (p = strchr(p, '%')) != NULL) {
		if (p[1] == '%') { p += 2; continue; }
		p = parse(p, &c);
		const void *v = take(&c, &cur, &w);
		if (c.c != 'p' || v != NULL) continue;
		ok = add(&total, piece(f, from, c.start, at));
		int left = c.left || w < 0, width = w < 0 ? -w : w;
		if (!c.star_w) width = atoi(c.start + 1 + strspn(c.start + 1, "-+ #0'I"));
		if (ok) ok = add(&total, out(f, left ? "%-*s" : "%*s", width, "(nil)"));
		va_end(at);
		va_copy(at, cur);
		from = c.end;
	}
	if (ok) ok = add(&total, piece(f, from, from + strlen(from), at));
	va_end(cur);
	va_end(at);
	return ok ? total : -1;
}

/* 1 and *r set when the format had a null %p and was printed here; 0: print it as usual. */
int __lab_vfprintf_nil(FILE *f, const char *fmt, va_list ap, int *r) {
	if (strchr(fmt, 'p') == NULL || !has_nil(fmt, ap)) return 0;
	*r = print_nil(f, fmt, ap);
	return 1;
}
