/**
 * ltp_sync.test.ts — what running LTP's open_posix_testsuite on the synchronisation and thread
 * calls (sem_*, pthread_mutex*, rwlock, spin, once, keys, join/exit/kill, sched_*) found wrong
 * in the lab, each as a small C case of our own on every library (DESIGN.md 5a).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const FILES = ['fork_exit_last', 'rwlock_pshared', 'sem_open_same'];

beforeAll(async () => {
  for (const f of FILES) await cprog(`test/c/posix/${f}.c`);
}, 600_000);

describe.each(LIBS)('C on %s: pthread_exit of the last thread in a fork child', (lib) => {
  it('runs the cleanup records the child inherited, the key destructors and the atexit handlers (LTP pthread_exit/6-1)', async () => {
    const r = await runC('test/c/posix/fork_exit_last.c', lib);
    expect(r.stdout).toBe('child exited 1 with 0; cleanup after 1, destructor 2, atexit 1, cleanup before 1\n');
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBS)('C on %s: process-shared reader-writer and spin locks across fork', (lib) => {
  // LinuxThreads and GNU Pth refuse PTHREAD_PROCESS_SHARED (ENOSYS: rwlockattr.ts); NGPT 2.2.1
  // accepts it for rwlocks, but the lab's NGPT shares no user-level lock between processes
  // (deviations.ts posix:pshared-mutex-cond), so on those three each process has its own lock.
  const shared = lib === 'nptl';
  const refused = lib === 'linuxthreads' || lib === 'green';
  it(shared ? 'are one lock each for parent and child: the child finds them held (EBUSY) and waits for the parent (LTP pthread_rwlockattr_getpshared/2-1, pthread_spin_init/2-1)'
    : 'stays each process\'s own', async () => {
    const r = await runC('test/c/posix/rwlock_pshared.c', lib, [], { timeLimit: 10e9 });
    expect(r.stdout).toBe(
      `setpshared: ${refused ? 'Function not implemented' : '0'}\n` +
      `child trywrlock: ${shared ? 'Device or resource busy' : '0'}\n` +
      `child spin_trylock: ${shared ? 'Device or resource busy' : '0'}\n` +
      `child wrlock 0 after the parent's unlock: ${shared ? 1 : 0}\n` +
      'child spin_lock 0\nchild exited 0\n');
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBS)('C on %s: sem_open of a name already open', (lib) => {
  // Only NPTL has named semaphores; the others' sem_open is ENOSYS (deviations.ts posix:sem-open).
  const named = lib === 'nptl';
  it(named ? 'returns the same address, counted: one sem_close leaves it open, the last closes it (LTP sem_open/15-1)' : 'is ENOSYS', async () => {
    const r = await runC('test/c/posix/sem_open_same.c', lib);
    if (!named) {
      expect(r.stdout).toBe('sem_open: Function not implemented\n');
      expect(r.exitCode).toBe(1);
      return;
    }
    expect(r.stdout).toBe(
      'second open same address: 1\nchild\'s open same address: 1\nfirst close 0, still open: value 4\n' +
      'made anew after unlink: another one 1\nlast close 0; closed again: EINVAL\n');
    expect(r.exitCode).toBe(0);
  });
  if (named) {
    it('does so in the glibc 2.36 era too', async () => {
      const r = await runC('test/c/posix/sem_open_same.c', lib, [], { libOptions: { glibc: '2.36' } });
      expect(r.stdout).toContain('second open same address: 1\n');
      expect(r.stdout).toContain('last close 0; closed again: EINVAL\n');
    });
  }
});
