/**
 * siglongjmp.test.ts — leaving a signal handler by a jump (Libc.sigsetjmp/siglongjmp, the
 * kernel's HandlerExit) on every library, as Linux leaves it: the handler's frame is dropped
 * without sigreturn, so the mask stays the handler's (the signal blocked) unless the target
 * saved one; the interrupted call's restart is dropped (a later call works); the alternate
 * stack is left (SS_ONSTACK off, sigaltstack may change it again); a jump from a nested handler
 * can land in the handler it interrupted, which then returns normally. C programs reach the
 * same path through <setjmp.h> (test/c/setjmp.test.ts).
 */

import { describe, expect } from 'vitest';
import {
  SIGALRM, SIGUSR1, SIGUSR2, SIG_BLOCK, SA_ONSTACK, SA_RESTART, SS_ONSTACK, SIGSTKSZ, LongJmp,
  type Libc, type JmpBuf, type StackT, type Sim,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

function out(lib: string, main: Program): string[] {
  const r = run(lib, main);
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

function* blocked(l: Libc, sig: number): Sim<number> {
  const m = { value: 0n };
  yield* l.sigprocmask(SIG_BLOCK, null, m);
  return Number((m.value >> BigInt(sig - 1)) & 1n);
}

/** The landing of a jump to `env`: its value (anything else goes on). */
function landed(e: unknown, env: JmpBuf): number {
  if (!(e instanceof LongJmp) || e.env !== env) throw e;
  return e.val;
}

/** SIGALRM cuts pause() short; the handler jumps out with siglongjmp (savemask 0 or 1). */
const outOfPause = (savemask: number): Program => function* (libc) {
  const env = yield* libc.sigsetjmp(savemask);
  yield* libc.sigaction(SIGALRM, { handler: function* (l: Libc) { yield* l.siglongjmp(env, 0); } });
  let v = 0;
  try {
    yield* libc.alarm(1);
    yield* libc.pause();
    yield* libc.printf('pause returned\n');
  } catch (e) {
    v = landed(e, env);
  }
  yield* libc.printf('jumped %d, SIGALRM blocked %d\n', v, yield* blocked(libc, SIGALRM));
  return 0;
};

/** An SA_RESTART read interrupted by SIGALRM and jumped out of: a later read works. */
const outOfRead: Program = function* (libc) {
  const p = yield* libc.pipe();
  if (p === -1) return 1;
  const env = yield* libc.sigsetjmp(1);
  yield* libc.sigaction(SIGALRM, { handler: function* (l: Libc) { yield* l.siglongjmp(env, 3); }, flags: SA_RESTART });
  const buf = { value: '' };
  try {
    yield* libc.alarm(1);
    yield* libc.read(p[0], buf, 1);
    yield* libc.printf('read returned\n');
  } catch (e) {
    yield* libc.printf('read cut short %d\n', landed(e, env));
  }
  yield* libc.write(p[1], 'x');
  const n = yield* libc.read(p[0], buf, 1);
  yield* libc.printf('next read %d %s\n', n, buf.value);
  return 0;
};

/** Off the alternate stack by a jump: SS_ONSTACK clear, the stack may be changed. */
const offAltstack: Program = function* (libc) {
  const q = function* (l: Libc) { const o: { value?: StackT } = {}; yield* l.sigaltstack(null, o); return (o.value!.ss_flags ?? 0) & SS_ONSTACK; };
  yield* libc.sigaltstack({ ss_sp: 0x5000, ss_size: SIGSTKSZ, ss_flags: 0 });
  const env = yield* libc.sigsetjmp(1);
  yield* libc.sigaction(SIGUSR1, { handler: function* (l: Libc) {
    yield* l.printf('in handler on stack %d\n', (yield* q(l)) !== 0 ? 1 : 0);
    yield* l.siglongjmp(env, 1);
  }, flags: SA_ONSTACK });
  try {
    yield* libc.raise(SIGUSR1);
  } catch (e) {
    landed(e, env);
  }
  const on = (yield* q(libc)) !== 0 ? 1 : 0;
  const change = yield* libc.sigaltstack({ ss_sp: 0x9000, ss_size: SIGSTKSZ, ss_flags: 0 });
  yield* libc.printf('after jump on stack %d, change %d\n', on, change);
  return 0;
};

/** SIGUSR2's handler interrupts SIGUSR1's and jumps into it; SIGUSR1's then returns. */
const nested: Program = function* (libc) {
  let inner: JmpBuf | null = null;
  yield* libc.sigaction(SIGUSR2, { handler: function* (l: Libc) { yield* l.siglongjmp(inner!, 5); } });
  yield* libc.sigaction(SIGUSR1, { handler: function* (l: Libc) {
    inner = yield* l.sigsetjmp(0);
    try {
      yield* l.raise(SIGUSR2);
      yield* l.printf('raise returned\n');
    } catch (e) {
      yield* l.printf('landed in SIGUSR1 handler %d, SIGUSR2 blocked %d\n', landed(e, inner), yield* blocked(l, SIGUSR2));
    }
  } });
  yield* libc.raise(SIGUSR1);
  yield* libc.printf('after SIGUSR1: USR1 blocked %d, USR2 blocked %d\n', yield* blocked(libc, SIGUSR1), yield* blocked(libc, SIGUSR2));
  return 0;
};

describe.each(libraryNames())('siglongjmp out of a signal handler on %s', (lib) => {
  check(lib, 'signal:siglongjmp-mask', 'a plain jump leaves the handler\'s mask; a saved mask is restored (glibc __libc_siglongjmp)', () => {
    expect(out(lib, outOfPause(0))).toEqual(['jumped 1, SIGALRM blocked 1']);
    expect(out(lib, outOfPause(1))).toEqual(['jumped 1, SIGALRM blocked 0']);
  });
  check(lib, 'signal:siglongjmp-restart', 'the interrupted SA_RESTART read is not restarted; a later read works', () => {
    expect(out(lib, outOfRead)).toEqual(['read cut short 3', 'next read 1 x']);
  });
  check(lib, 'signal:siglongjmp-altstack', 'a jump off the alternate stack leaves it (SS_ONSTACK off, no EPERM)', () => {
    expect(out(lib, offAltstack)).toEqual(['in handler on stack 1', 'after jump on stack 0, change 0']);
  });
  check(lib, 'signal:siglongjmp-nested', 'a jump from a nested handler lands in the handler it interrupted, whose sigreturn then restores the mask', () => {
    expect(out(lib, nested)).toEqual(['landed in SIGUSR1 handler 5, SIGUSR2 blocked 1', 'after SIGUSR1: USR1 blocked 0, USR2 blocked 0']);
  });
});
