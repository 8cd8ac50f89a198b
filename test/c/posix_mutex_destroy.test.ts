/**
 * posix_mutex_destroy.test.ts — pthread_mutex_destroy of a mutex a condition variable waits
 * with (test/c/posix/mutex_destroy_condvar.c, glibc 2.3.6's nptl/tst-mutex8.c's case), on every
 * library. NPTL counts the waiter in __nusers, so it is EBUSY for every kind, in both eras, as
 * gcc 12 + glibc 2.36 print it; the lab's NPTL answered 0 before it kept __nusers. And the fourth
 * kind, PTHREAD_MUTEX_ADAPTIVE_NP (test/c/posix/mutex_adaptive.c).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const FILE = 'test/c/posix/mutex_destroy_condvar.c';
const BUSY = 'Device or resource busy';

beforeAll(async () => { await cprog(FILE); await cprog('test/c/posix/mutex_adaptive.c'); }, 600_000);

const expected = (waiter: string) => ['normal', 'recursive', 'error-checking']
  .map((k) => `${k}: destroy with a condition waiter ${waiter}, while locked ${BUSY}, after 0\n`).join('');

describe.each(libraryNames())('C on %s: destroying a mutex a condition waiter released', (lib) => {
  it(lib === 'nptl' ? 'is EBUSY (__nusers counts the waiter), as natively'
    : 'is 0: the library tests only the lock word', async () => {
    // LinuxThreads' __pthread_mutex_destroy (glibc 2.3.6 linuxthreads/mutex.c) looks at
    // __m_lock.__status alone; NGPT's and GNU Pth's at the owner and the queue (umutex.ts).
    const r = await runC(FILE, lib, [], { timeLimit: 10e9 });
    expect(r.stdout).toBe(expected(lib === 'nptl' ? BUSY : '0'));
    expect(r.exitCode).toBe(0);
  });
  if (lib === 'nptl') {
    it('with --lib-opt glibc=2.36 too', async () => {
      const r = await runC(FILE, lib, [], { libOptions: { glibc: '2.36' }, timeLimit: 10e9 });
      expect(r.stdout).toBe(expected(BUSY));
    });
  }
});

describe.each(libraryNames())('C on %s: PTHREAD_MUTEX_ADAPTIVE_NP', (lib) => {
  it('the kind is kept and reported, the static initializer works, and it locks as a normal mutex', async () => {
    // glibc 2.3.6's nptl/tst-mutex5a.c and tst-mutex7a.c did not compile (no such kind in the
    // lab's <pthread.h>); settype refused 3. Output from gcc 12 + glibc 2.36.
    const r = await runC('test/c/posix/mutex_adaptive.c', lib, [], { cpus: 2, timeLimit: 10e9 });
    expect(r.stdout).toBe('settype ADAPTIVE_NP: 0\ngettype: 3 (ADAPTIVE_NP 3)\nsettype 4: Invalid argument\n' +
      'trylock while held: Device or resource busy\nunlock: 0\ncounters 20000 20000\nstatic initializer: trylock 0, unlock 0\n');
    expect(r.exitCode).toBe(0);
  });
});
