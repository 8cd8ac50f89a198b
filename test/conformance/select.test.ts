/**
 * select.test.ts — select and pselect from a program's threads, on every library (the kernel
 * side: test/kernel-poll.test.ts, kernel-pselect.test.ts; from C: test/c/select.test.ts).
 *
 * 'posix:select-threads': one thread waits in select on a pipe while another computes and
 * then writes; the waiter wakes with its set rewritten and the time left written back, and
 * the computing thread was not held up (NGPT and green wrap select: only the caller parks).
 * 'posix:pselect-atomic': a signal pending and blocked when pselect starts, unblocked by its
 * mask, interrupts the wait (EINTR) — the mask swap and the wait are one step. NGPT and green
 * take Pth's pth_pselect, three steps (deviations.ts).
 */

import { describe, expect } from 'vitest';
import { EINTR, SIGUSR1, SIG_BLOCK, sigmask, type Libc } from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

const selectThreads: Program = function* (libc) {
  const p = yield* libc.pipe();
  if (p === -1) return 1;
  let computed = 0;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    for (let i = 0; i < 10; i++) { yield* l.compute(1_000_000); computed++; }
    yield* l.write(p[1], 'x');
    return 0;
  });
  const rd = new Set([p[0]]);
  const tv = { value: 1_000_000 };
  const r = yield* libc.select(p[0] + 1, rd, null, null, tv);
  yield* libc.printf('%d %s %d %s\n', r, [...rd].join(','), computed, tv.value > 980_000 && tv.value < 995_000);
  yield* libc.pthread_join(t);
  return 0;
};

const pselectAtomic: Program = function* (libc) {
  let got = 0;
  yield* libc.sigaction(SIGUSR1, { handler: function* () { got++; } });
  yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR1));
  yield* libc.raise(SIGUSR1);
  const p = yield* libc.pipe();
  if (p === -1) return 1;
  const r = yield* libc.pselect(p[0] + 1, new Set([p[0]]), null, null, 50_000_000, 0n);
  yield* libc.printf('%d %s %d\n', r, r < 0 && libc.errno === EINTR ? 'EINTR' : '-', got);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`select on ${lib}`, () => {
    check(lib, 'posix:select-threads', 'select parks only its thread: it wakes with the set rewritten and the time left, after the other thread\'s 10 ms of work', () => {
      const r = run(lib, selectThreads, { cpus: 1 });
      expect(lines(r)).toEqual([`1 3 10 true`]);
    });
    check(lib, 'posix:pselect-atomic', 'pselect: a blocked pending signal its mask unblocks interrupts the wait (EINTR) at once', () => {
      const r = run(lib, pselectAtomic);
      expect(lines(r)).toEqual(['-1 EINTR 1']);
    });
  });
}
