/**
 * libc-clone-futex.test.ts — the program API's raw calls (libs/api.ts): clone() and
 * syscall(SYS_futex) as Libc.clone and Libc.futex, on every library (the C host's
 * clone()/futex() are built on them: test/c/futex_clone.test.ts).
 */

import { describe, it, expect } from 'vitest';
import {
  CLONE_VM, CLONE_THREAD, CLONE_SIGHAND, SIGCHLD, EINVAL, EAGAIN, ETIMEDOUT, WEXITSTATUS, __WCLONE,
  FUTEX_WAIT, FUTEX_WAKE, PROT_READ, PROT_WRITE, MAP_SHARED, MAP_ANONYMOUS, SIGUSR1, SIG_IGN, type Libc,
} from '../libs/api.js';
import { libraryNames, type Program } from '../libs/index.js';
import '../libs/all.js';
import { runProgram } from '../experiments/runner.js';

function run(lib: string, program: Program): string {
  const r = runProgram({ lib, program, name: 'clone-futex', timeLimit: 5e9, cpus: 2 });
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

describe.each(libraryNames())('Libc.clone and Libc.futex on %s', (lib) => {
  it('clone runs fn(libc, arg) in a new task whose return value is its exit status; the exit signal picks waitpid\'s flags (rule 11); rule 1 is EINVAL in errno', () => {
    const out = run(lib, function* (libc: Libc) {
      const st = { value: 0 };
      const child = function* (l: Libc, n: number) { return (yield* l.gettid()) > 0 ? n : 0; };
      const a = yield* libc.clone(child, CLONE_VM | SIGCHLD, 7);
      yield* libc.printf('waitpid %d status %d\n', (yield* libc.waitpid(a, st, 0)) === a ? 1 : 0, WEXITSTATUS(st.value));
      yield* libc.signal(SIGUSR1, SIG_IGN); // the exit signal would end the parent (as t_clone.c's)
      const b = yield* libc.clone(child, CLONE_VM | SIGUSR1, 9);
      yield* libc.printf('__WCLONE %d status %d\n', (yield* libc.waitpid(b, st, __WCLONE)) === b ? 1 : 0, WEXITSTATUS(st.value));
      const c = yield* libc.clone(child, CLONE_VM | CLONE_THREAD, 1);
      yield* libc.printf('CLONE_THREAD without CLONE_SIGHAND: %d %d\n', c, libc.errno === EINVAL ? 1 : 0);
      const d = yield* libc.clone(child, CLONE_SIGHAND | SIGCHLD, 1);
      yield* libc.printf('CLONE_SIGHAND without CLONE_VM: %d %d\n', d, libc.errno === EINVAL ? 1 : 0);
      return 0;
    });
    expect(out).toBe('waitpid 1 status 7\n__WCLONE 1 status 9\nCLONE_THREAD without CLONE_SIGHAND: -1 1\nCLONE_SIGHAND without CLONE_VM: -1 1\n');
  });

  it('futex on a MAP_SHARED word: EAGAIN on a mismatch (rule 19), ETIMEDOUT, and a FUTEX_WAKE from a fork child wakes the parent', () => {
    const out = run(lib, function* (libc: Libc) {
      const w = yield* libc.mmap(4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
      const r1 = yield* libc.futex(w, FUTEX_WAIT, 1);
      yield* libc.printf('mismatch %d %d\n', r1, libc.errno === EAGAIN ? 1 : 0);
      const r2 = yield* libc.futex(w, FUTEX_WAIT, 0, 1_000_000);
      yield* libc.printf('timeout %d %d\n', r2, libc.errno === ETIMEDOUT ? 1 : 0);
      const pid = yield* libc.fork(function* (l: Libc) {
        yield* l.usleep(1000);
        return (yield* l.futex(w, FUTEX_WAKE, 1)) === 1 ? 0 : 1;
      });
      const r3 = yield* libc.futex(w, FUTEX_WAIT, 0);
      const st = { value: 0 };
      yield* libc.waitpid(pid, st, 0);
      yield* libc.printf('woken %d, the child woke one: %d\n', r3, WEXITSTATUS(st.value) === 0 ? 1 : 0);
      return 0;
    });
    expect(out).toBe('mismatch -1 1\ntimeout -1 1\nwoken 0, the child woke one: 1\n');
  });
});
