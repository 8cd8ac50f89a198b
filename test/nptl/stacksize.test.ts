/**
 * stacksize.test.ts — NPTL's default thread stack size from RLIMIT_STACK (pthread_early_init.ts,
 * glibc's __pthread_initialize_minimal): read once at start-up with one system call; unlimited
 * gives ARCH_STACK_DEFAULT_SIZE (2 MiB), a tiny limit PTHREAD_STACK_MIN, any other is rounded up
 * to pages; the new default is what an exec'd program's threads get and what
 * pthread_attr_getstacksize reports; the stackSize option fixes it instead.
 */

import { describe, it, expect } from 'vitest';
import { RLIMIT_STACK, type Libc, type Program } from '../../libs/api.js';
import { defaultStacksize, ARCH_STACK_DEFAULT_SIZE } from '../../libs/nptl/pthread_early_init.js';
import { PTHREAD_STACK_MIN } from '../../libs/nptl/descr.js';
import { runNptl, syscallsOf, mainPid } from './helpers.js';

function* noop(_l: Libc) { return 0; }

/** Print the default; create and join one thread; then set RLIMIT_STACK to `next` and exec itself once. */
function program(next: number): Program {
  return function* main(libc: Libc, argv: string[]) {
    yield* libc.printf('%s %d\n', argv[1] ?? 'first', libc.pthread_attr_getstacksize(null));
    yield* libc.pthread_join(yield* libc.pthread_create(noop));
    if (argv[1] === 'exec') return 0;
    yield* libc.setrlimit(RLIMIT_STACK, { cur: next, max: Infinity });
    yield* libc.printf('same image %d\n', libc.pthread_attr_getstacksize(null));
    return yield* libc.execve(main, ['self', 'exec']);
  };
}

describe('NPTL: the default stack size from RLIMIT_STACK', () => {
  it('unlimited: 2 MiB; below PTHREAD_STACK_MIN: the minimum; else rounded up to pages', () => {
    expect(defaultStacksize(Infinity)).toBe(ARCH_STACK_DEFAULT_SIZE);
    expect(defaultStacksize(100)).toBe(PTHREAD_STACK_MIN);
    expect(defaultStacksize(1024 * 1024 + 1)).toBe(1024 * 1024 + 4096);
    expect(defaultStacksize(8 * 1024 * 1024)).toBe(8 * 1024 * 1024);
  });

  it('read once at start-up (getrlimit; prlimit64 under glibc 2.36): a new limit shows after exec', () => {
    for (const [era, call] of [['2.3', 'getrlimit'], ['2.36', 'prlimit64']] as const) {
      const r = runNptl(program(1024 * 1024 + 100), { libOptions: { glibc: era }, trace: true });
      expect(r.stdout).toBe('first 8388608\nsame image 8388608\nexec 1052672\n');
      const calls = syscallsOf(r, mainPid(r));
      expect(calls.filter((c) => c === call)).toHaveLength(2); // one per image
    }
  });

  it('unlimited gives 2 MiB stacks; the stackSize option fixes the default and skips the read', () => {
    expect(runNptl(program(Infinity)).stdout).toBe('first 8388608\nsame image 8388608\nexec 2097152\n');
    const r = runNptl(program(Infinity), { libOptions: { stackSize: 65536 }, trace: true });
    expect(r.stdout).toBe('first 65536\nsame image 65536\nexec 65536\n');
    expect(syscallsOf(r, mainPid(r))).not.toContain('getrlimit');
  });
});
