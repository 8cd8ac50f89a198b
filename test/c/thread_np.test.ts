/**
 * thread_np.test.ts — glibc's _np thread calls from C (clib/runtime/thread_np.c,
 * clib/host/thread_np.ts) on every library: thread names (the task's comm; ENOENT for another
 * LinuxThreads thread, a process of its own; ENOSYS under NGPT and green) and the join
 * extensions (NPTL's; ENOSYS in the libraries that never had them). deviations.ts: 'np:*'.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const PROG = 'test/c/posix/thread_np.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

const NO_JOIN = 'tryjoin ENOSYS timedjoin ENOSYS timedjoin ENOSYS 0';
const NO_TASK = 'self ENOSYS get ENOSYS  other ENOSYS get ENOSYS - long ERANGE short ERANGE';
const EXPECTED: Record<string, string[]> = {
  nptl: ['self 0 get 0 boss other 0 get 0 worker long ERANGE short ERANGE', 'tryjoin EBUSY timedjoin ETIMEDOUT timedjoin 0 42', 'cpuclock 0 3ms'],
  linuxthreads: ['self 0 get 0 boss other ENOENT get ENOENT - long ERANGE short ERANGE', NO_JOIN, 'cpuclock 0 3ms'],
  ngpt: [NO_TASK, NO_JOIN, 'cpuclock ENOSYS -'],
  green: [NO_TASK, NO_JOIN, 'cpuclock ENOSYS -'],
};

describe.each(libraryNames())('C _np thread calls on %s', (lib) => {
  it('pthread_setname_np/getname_np, pthread_tryjoin_np/timedjoin_np, pthread_getcpuclockid + clock_gettime', async () => {
    const r = await runC(PROG, lib, [], { cpus: 2 });
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(EXPECTED[lib]);
    expect(r.exitCode).toBe(0);
  });
});
