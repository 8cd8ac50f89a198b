/*
 * assert.c — a failed assert() and the program's name, as glibc reports them.
 *
 * Mirrors: glibc's assert/assert.c (__assert_fail_base: "prog: file:line: function: Assertion
 * `expr' failed." on stderr, then abort(), so the process dies of SIGABRT) and the names
 * glibc's start-up gives a program (program_invocation_name is argv[0],
 * program_invocation_short_name its last component — __progname, which assert, perror-style
 * messages and err()-like helpers print).
 *
 * Why: wasi-libc's are musl's "Assertion failed: expr (file: function: line)", and its
 * start-up (__main_void) never sets program_invocation_name or _short_name: both were NULL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>
#include "lab.h"

/* Before main: argv[0] from the WASI arguments the host gives (wasi.ts args_get), kept in
   static storage (a malloc here would move the program's first brk). */
static uint8_t *arg_ptrs[256];
static uint8_t arg_bytes[4096];
void __lab_progname_init(void) {
	__wasi_size_t argc = 0, size = 0;
	if (__wasi_args_sizes_get(&argc, &size) != 0 || argc == 0) return;
	if (argc > sizeof arg_ptrs / sizeof *arg_ptrs || size > sizeof arg_bytes) return;
	if (__wasi_args_get(arg_ptrs, arg_bytes) != 0) return;
	program_invocation_name = (char *)arg_ptrs[0];
	char *slash = strrchr(program_invocation_name, '/');
	program_invocation_short_name = slash ? slash + 1 : program_invocation_name;
}

_Noreturn void __wrap___assert_fail(const char *expr, const char *file, int line, const char *func) {
	const char *prog = program_invocation_short_name ? program_invocation_short_name : "";
	fprintf(stderr, "%s%s%s:%u: %s%sAssertion `%s' failed.\n", prog, prog[0] ? ": " : "", file, (unsigned)line,
		func ? func : "", func ? ": " : "", expr);
	fflush(stderr);
	abort();
}
