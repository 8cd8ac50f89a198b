/**
 * pthread_early_init.ts — the default stack size of new threads, from RLIMIT_STACK.
 *
 * Mirrors: glibc's nptl/nptl-init.c __pthread_initialize_minimal_internal (2.3) and
 * sysdeps/nptl/pthread_early_init.h __pthread_early_init (2.34+): at start-up the library reads
 * RLIMIT_STACK (getrlimit; prlimit64 in 2.36's build); an infinite limit gives the architecture's
 * default (ARCH_STACK_DEFAULT_SIZE, 2 MiB on x86-64 and i386), one below PTHREAD_STACK_MIN gives
 * PTHREAD_STACK_MIN; the result is rounded up to whole pages and becomes
 * __default_pthread_attr.stacksize — what pthread_create uses when the attribute names no size,
 * and what pthread_attr_getstacksize reports for a fresh attribute. Read once: a setrlimit later
 * in the program changes only what its exec'd programs start with.
 *
 * Simplifies: the static TLS size in glibc's minimum (pagesz + __static_tls_size +
 * MINIMAL_REST_STACK) is below PTHREAD_STACK_MIN here, so that floor is the one that applies.
 * The library's `stackSize` option, when given, stands for a fixed default and skips the read.
 */

import { sys, RLIMIT_STACK, type Sim } from '../../kernel/index.js';
import { PAGE_SIZE, PTHREAD_STACK_MIN } from './descr.js';

/** sysdeps/x86_64/nptl/pthreaddef.h ARCH_STACK_DEFAULT_SIZE. */
export const ARCH_STACK_DEFAULT_SIZE = 2 * 1024 * 1024;

/** The default stack size for a soft RLIMIT_STACK of `cur` bytes (Infinity: unlimited). */
export function defaultStacksize(cur: number): number {
  const size = cur === Infinity ? ARCH_STACK_DEFAULT_SIZE : Math.max(cur, PTHREAD_STACK_MIN);
  return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
}

/** At start-up: read RLIMIT_STACK (one system call) and return the default stack size. */
export function* readDefaultStacksize(era236: boolean): Sim<number> {
  const out: { value?: { cur: number; max: number } } = {};
  const r = (yield era236 ? sys.prlimit(0, RLIMIT_STACK, null, out) : sys.getrlimit(RLIMIT_STACK, out)) as number;
  return defaultStacksize(r < 0 || out.value === undefined ? Infinity : out.value.cur);
}
