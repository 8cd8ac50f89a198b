/**
 * thread-bomb.test.ts — a program that creates threads without end gets EAGAIN from
 * pthread_create at the library's or the kernel's limit, on every library (issue 9), instead
 * of exhausting the host: threads-max in the kernel (NPTL), PTHREAD_THREADS_MAX (LinuxThreads,
 * option threadsMax), and the user-level libraries' threadsMax (NGPT, green).
 */

import { describe, it, expect } from 'vitest';
import { runProgram } from '../experiments/runner.js';
import { EAGAIN, type Libc } from '../libs/api.js';
import '../libs/all.js';

function* sleeper(libc: Libc) {
  yield* libc.sleep(100);
  return 0;
}

function* bomb(libc: Libc) {
  for (let n = 0; ; n++) {
    const t = yield* libc.pthread_create(sleeper);
    if (t < 0) {
      yield* libc.printf('%d %d\n', -t, n);
      return 0;
    }
  }
}

const CASES: [string, Record<string, unknown>, { threadsMax?: number }][] = [
  ['nptl', {}, { threadsMax: 200 }],
  ['linuxthreads', { threadsMax: 150 }, {}],
  ['ngpt', { threadsMax: 300 }, {}],
  ['green', { threadsMax: 300 }, {}],
];

describe('a thread bomb ends in EAGAIN', () => {
  it.each(CASES)('%s', (lib, libOptions, kernel) => {
    const r = runProgram({ program: bomb, lib, libOptions, kernel, cpus: 2, timeLimit: 5e9 });
    const [err, made] = r.stdout.trim().split(' ').map(Number);
    expect(err).toBe(EAGAIN);
    expect(made).toBeGreaterThan(50);
    expect(made).toBeLessThan(300);
  });
});
