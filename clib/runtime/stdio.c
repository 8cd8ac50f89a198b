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
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include "lab.h"

#define LOCKED(f, call) do { \
	if (__lab_threaded) { __lab_flockfile(f, 1); __typeof__(call) r_ = (call); __lab_funlockfile(f, 1); return r_; } \
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

/*
 * stdout's buffer, as glibc's _IO_file_doallocate sizes it on first use: a terminal
 * line-buffers in st_blksize bytes (1024 on a pty: wasi-libc's own stdout, line-buffered in
 * 1024 bytes, already does that); anything else — a pipe, a file — is fully buffered in
 * st_blksize, 4096 bytes (wasi-libc would line-buffer it: its __stdout_write asks no isatty).
 * So `printf("hello\n"); fork();` into a pipe prints hello twice, as natively. Decided when
 * the program first writes to stdout (one isatty, whose answer the first write reuses); a
 * program that calls setvbuf first keeps its own choice. musl keeps UNGET (8) bytes before the
 * buffer for ungetc, hence the 8 more.
 *
 * Where a full buffer is written out is glibc's too (libio/fileops.c _IO_new_file_xsputn):
 * data that does not fit fills the buffer to the brim, the 4096 bytes are written, whole
 * blocks of the rest go straight out and the remainder is kept — so what is unflushed at a
 * fork is what it is natively. musl instead writes the buffer and all the new data at once,
 * keeping nothing. stdout's write hook (the FILE's `write`) does glibc's split; it is set only
 * when the FILE's fields sit where wasi-libc's stdio_impl.h puts them (checked below).
 */
#define LAB_UNGET 8
#define LAB_STDOUT_BLOCK 4096
static char stdout_buf[LAB_STDOUT_BLOCK + LAB_UNGET];
static int stdout_ready;

/* The head of wasi-libc's struct _IO_FILE (src/internal/stdio_impl.h, single-threaded build). */
struct musl_file_head {
	unsigned flags;
	unsigned char *rpos, *rend;
	int (*close)(FILE *);
	unsigned char *wend, *wpos, *wbase;
	size_t (*read)(FILE *, unsigned char *, size_t);
	size_t (*write)(FILE *, const unsigned char *, size_t);
	off_t (*seek)(FILE *, off_t, int);
	unsigned char *buf;
	size_t buf_size;
};

static size_t (*stdout_under)(FILE *, const unsigned char *, size_t);

static size_t block_write(FILE *f, const unsigned char *s, size_t len);

/* The write underneath (wasi-libc's first stdout write swaps itself for __stdio_write): keep the hook. */
static size_t under_write(FILE *f, const unsigned char *s, size_t len) {
	struct musl_file_head *h = (struct musl_file_head *)f;
	size_t r = stdout_under(f, s, len);
	if (h->write != block_write) { stdout_under = h->write; h->write = block_write; }
	return r;
}

/* musl calls this to flush (len 0) or when `len` more bytes do not fit the buffer. */
static size_t block_write(FILE *f, const unsigned char *s, size_t len) {
	struct musl_file_head *h = (struct musl_file_head *)f;
	size_t pending = h->wpos - h->wbase, size = h->buf_size;
	if (size == 0 || pending + len <= size || pending > size) return under_write(f, s, len);
	size_t fill = size - pending, rest = len - fill, direct = rest - rest % size;
	if (under_write(f, s, fill) < fill) return 0; /* the full buffer, as one write */
	if (direct && under_write(f, s + fill, direct) < direct) return fill;
	if (!h->wpos) return fill + direct; /* an error left no buffer */
	memcpy(h->wpos, s + fill + direct, rest - direct);
	h->wpos += rest - direct;
	return len;
}

/*
 * Make stdout fully buffered in stdout_buf as setvbuf(stdout, stdout_buf, _IOFBF, ...) would,
 * by setting the fields setvbuf sets (wasm-ld 22 traps linking a call of the wrapped setvbuf
 * next to isatty here). Only when the FILE is laid out as wasi-libc's single-threaded build
 * has it — fd 1 and lbf '\n' where expected — and nothing is buffered yet.
 */
static void full_buffering(void) {
	struct musl_file_head *h = (struct musl_file_head *)stdout;
	int *tail = (int *)(h + 1); /* prev, next, fd, mode, lbf */
	if (tail[2] != 1 || tail[4] != '\n' || h->wpos != h->wbase || !h->write) return;
	h->buf = (unsigned char *)stdout_buf + LAB_UNGET;
	h->buf_size = LAB_STDOUT_BLOCK;
	h->wpos = h->wbase = h->wend = 0; /* the first write sets them up on the new buffer */
	tail[4] = EOF;                   /* lbf: no line buffering */
	h->flags |= 64;                  /* F_SVB: the buffer was chosen */
	stdout_under = h->write;
	h->write = block_write;
}

static void prepare(FILE *f) {
	if (f != stdout || stdout_ready) return;
	stdout_ready = 1;
	if (!isatty(1)) full_buffering();
}

/* glibc orients a stream on its first fprintf, fputs or fwrite (perror looks: strerror.c). */
int __lab_stderr_oriented = 0;
#define ORIENT(f) (void)((f) == stderr && (__lab_stderr_oriented = 1))
#define PREP(f) prepare(f)

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
	PREP(f);
	char *own = __lab_expand_m(fmt);
	if (!own) return locked_vfprintf(f, fmt, ap);
	int r = locked_vfprintf(f, own, ap);
	free(own);
	return r;
}
int __wrap_vfscanf(FILE *f, const char *fmt, va_list ap) { LOCKED(f, __real_vfscanf(f, fmt, ap)); }
int __wrap_fputc(int c, FILE *f) { PREP(f); LOCKED(f, __real_fputc(c, f)); }
int __wrap_putc(int c, FILE *f) { PREP(f); LOCKED(f, __real_putc(c, f)); }
int __wrap_putchar(int c) { PREP(stdout); LOCKED(stdout, __real_putchar(c)); }
int __wrap_fputs(const char *s, FILE *f) { ORIENT(f); PREP(f); LOCKED(f, __real_fputs(s, f)); }
int __wrap_puts(const char *s) { PREP(stdout); LOCKED(stdout, __real_puts(s)); }
size_t __wrap_fwrite(const void *p, size_t n, size_t m, FILE *f) { ORIENT(f); PREP(f); LOCKED(f, __real_fwrite(p, n, m, f)); }
int __wrap_fgetc(FILE *f) { LOCKED(f, __real_fgetc(f)); }
int __wrap_getc(FILE *f) { LOCKED(f, __real_getc(f)); }
int __wrap_getchar(void) { LOCKED(stdin, __real_getchar()); }
char *__wrap_fgets(char *s, int n, FILE *f) { LOCKED(f, __real_fgets(s, n, f)); }
size_t __wrap_fread(void *p, size_t n, size_t m, FILE *f) { LOCKED(f, __real_fread(p, n, m, f)); }
int __wrap_ungetc(int c, FILE *f) { LOCKED(f, __real_ungetc(c, f)); }
ssize_t __wrap_getdelim(char **s, size_t *n, int d, FILE *f) { LOCKED(f, __real_getdelim(s, n, d, f)); }
int __wrap_setvbuf(FILE *f, char *b, int m, size_t n) { if (f == stdout) stdout_ready = 1; LOCKED(f, __real_setvbuf(f, b, m, n)); }

/* setbuf gives a buffer of glibc's BUFSIZ, 8192 (<stdio.h>), where musl's assumes 1024. */
void __wrap_setbuf(FILE *f, char *b) { __wrap_setvbuf(f, b, b ? _IOFBF : _IONBF, 8192); }

/* fflush(NULL) flushes every stream, each under its own lock inside wasi-libc's loop. */
int __wrap_fflush(FILE *f) {
	if (!f) return __real_fflush(f);
	LOCKED(f, __real_fflush(f));
}

void flockfile(FILE *f) { if (__lab_threaded) __lab_flockfile(f, 0); }
void funlockfile(FILE *f) { if (__lab_threaded) __lab_funlockfile(f, 0); }
int ftrylockfile(FILE *f) { return __lab_threaded ? __lab_ftrylockfile(f) : 0; }
