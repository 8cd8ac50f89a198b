/**
 * pshared.test.ts — C processes sharing memory (DESIGN.md 5a; kernel/shmem.ts, clib/host/
 * shmem.ts): a parent and its fork child ping-pong through a MAP_SHARED page, named semaphores
 * (sem_open), a PTHREAD_PROCESS_SHARED mutex + condition variable and sem_init(pshared 1) in
 * the shared page, on every library; only NPTL can share the synchronisation objects (the
 * others answer ENOSYS as their sources do, or as the lab's NGPT does: deviations.ts).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

beforeAll(async () => { await cprog('test/c/posix/pshared.c'); }, 600_000);

const NPTL = [
  'shared counter 11, private 1',
  'named: 5 round trips, O_EXCL again File exists, child 0',
  'unlink 0, again -1 No such file or directory',
  'mutex+cond: 0101010101',
  'sem_init pshared: wait 0',
];
const NONE = [
  'shared counter 11, private 1',
  'sem_open: ENOSYS',
  'setpshared: ENOSYS ENOSYS',
  'sem_init pshared: ENOSYS',
];

describe.each(libraryNames())('C on %s: memory shared with a fork child', (lib) => {
  const nptl = lib === 'nptl';
  it(nptl ? 'a shared page, named semaphores, a pshared mutex+condvar and semaphore all cross the fork'
    : 'a shared page crosses the fork; sem_open, setpshared and pshared sem_init are ENOSYS (deviations.ts)', async () => {
    const r = await runC('test/c/posix/pshared.c', lib, [], { timeLimit: 10e9 });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(nptl ? NPTL : NONE);
    expect(r.exitCode).toBe(0);
  });
});
