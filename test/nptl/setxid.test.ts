/**
 * setxid.test.ts — NPTL's SIGSETXID broadcast (libs/nptl/nptl_setxid.ts after glibc's
 * __nptl_setxid and sighandler_setxid): one thread's setuid makes every thread make the
 * system call itself, the caller last, through the reserved signal 33 (rule 29).
 */

import { describe, it, expect } from 'vitest';
import type { Libc, Program } from '../../libs/api.js';
import { runNptl, events, syscallsOf, mainPid } from './helpers.js';

const SIGSETXID = 33;

const prog: Program = function* (libc) {
  let stop = false;
  const idle = function* (l: Libc) { while (!stop) yield* l.usleep(500); return yield* l.geteuid(); };
  const a = yield* libc.pthread_create(idle);
  const b = yield* libc.pthread_create(idle);
  yield* libc.usleep(1_000);
  const r = yield* libc.setuid(1000);
  stop = true;
  const ra = { value: 0 as unknown };
  const rb = { value: 0 as unknown };
  yield* libc.pthread_join(a, ra);
  yield* libc.pthread_join(b, rb);
  yield* libc.printf('%d %d %d %d\n', r, yield* libc.geteuid(), ra.value, rb.value);
  return 0;
};

describe('NPTL set*id: SIGSETXID (rule 29)', () => {
  it('rule 29: setuid in main tgkills SIGSETXID to each other thread, which makes the setuid call in its handler; the caller makes it last', () => {
    const r = runNptl(prog, { setuid: 0 });
    expect(r.stdout).toBe('0 1000 1000 1000\n');
    const main = mainPid(r);
    const delivered = events(r, 'signal_deliver').filter((e) => e.a === SIGSETXID);
    expect(delivered.map((e) => e.b)).toEqual([0, 0]); // two handler runs, in the two threads
    expect(new Set(delivered.map((e) => e.pid)).has(main)).toBe(false);
    const setuids = events(r, 'sys_enter').filter((e) => e.s === 'setuid');
    expect(setuids).toHaveLength(3);
    expect(setuids[2].pid).toBe(main); // last: it still had the right to signal the others
    expect(syscallsOf(r, main).filter((s) => s === 'tgkill')).toHaveLength(2);
    expect(syscallsOf(r, main)).toContain('rt_sigaction'); // the handler, installed on first use
  });

  it('a program that never changes ids does not install the SIGSETXID handler', () => {
    const r = runNptl(function* (libc) { yield* libc.getuid(); return 0; });
    expect(syscallsOf(r, mainPid(r))).not.toContain('rt_sigaction');
  });
});
