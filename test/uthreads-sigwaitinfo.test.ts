/**
 * uthreads-sigwaitinfo.test.ts — green's sigwaitinfo/sigtimedwait do what GNU Pth's
 * pth_sigwait_ev does (libs/common/usigwait.ts): the signals the library took for the thread
 * (blocked with its user-level sigprocmask) are checked first, with their siginfo; then the
 * kernel's; then the thread parks (other threads run) until one comes or the timeout passes
 * (EAGAIN); a waited signal that arrives unblocked while the native idles (Pth's event manager
 * catches it) ends the wait without running its handler. (One sent by a sibling thread runs its
 * handler in the sender, as under Pth, where the kernel runs it in the running thread.)
 */

import { describe, it, expect } from 'vitest';
import { runProgram } from '../experiments/runner.js';
import '../libs/all.js';
import { SIG_BLOCK, SIGUSR1, EAGAIN, type Libc } from '../libs/api.js';

const bit = (s: number): bigint => 1n << BigInt(s - 1);

function run(main: (libc: Libc) => Generator<unknown, number, unknown>): string {
  const r = runProgram({ program: main as never, lib: 'green', name: 'sigwaitinfo', timeLimit: 5e9 });
  expect(r.outcome).toBe('exited');
  return r.stdout;
}

describe('green: sigwaitinfo and sigtimedwait as pth_sigwait', () => {
  it('a signal raised while the thread blocks it is taken, queued values in order, then EAGAIN', () => {
    const out = run(function* (libc) {
      let handled = 0;
      const s = libc.SIGRTMIN;
      yield* libc.sigaction(s, { handler: function* () { handled++; } });
      yield* libc.sigprocmask(SIG_BLOCK, bit(s));
      const pid = yield* libc.getpid();
      for (let i = 3; i > 0; i--) yield* libc.sigqueue(pid, s, i);
      const got: string[] = [];
      for (let i = 0; i < 3; i++) {
        const info: { value?: { value?: unknown } } = {};
        const r = yield* libc.sigwaitinfo(bit(s), info as never);
        got.push(`${r === s}/${info.value?.value}`);
      }
      const t = yield* libc.sigtimedwait(bit(s), null, 5_000_000);
      yield* libc.printf('%s; timed %d %d; handled %d\n', got.join(' '), t, libc.errno === EAGAIN ? 1 : 0, handled);
      return 0;
    });
    expect(out).toBe('true/3 true/2 true/1; timed -1 1; handled 0\n');
  });

  it('a waiter parks and its native idles; a waited signal from another process ends the wait, its handler does not run', () => {
    const out = run(function* (libc) {
      let handled = 0;
      yield* libc.sigaction(SIGUSR1, { handler: function* () { handled++; } });
      const pid = yield* libc.getpid();
      const child = yield* libc.fork(function* (l: Libc) {
        yield* l.usleep(1000);
        yield* l.kill(pid, SIGUSR1);
        return 0;
      });
      const r = yield* libc.sigwaitinfo(bit(SIGUSR1), null);
      yield* libc.waitpid(child, null, 0);
      yield* libc.printf('got %d handled %d\n', r, handled);
      return 0;
    });
    expect(out).toBe(`got ${SIGUSR1} handled 0\n`);
  });
});
