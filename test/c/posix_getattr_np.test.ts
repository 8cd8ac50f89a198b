/**
 * posix_getattr_np.test.ts — pthread_getattr_np from C (clib/runtime/thread_np.c,
 * clib/host/thread_np.ts) on every library: a created thread's stack, guard and detach state,
 * a stack the program gave, and the initial thread's stack within RLIMIT_STACK; asked before
 * the thread has run, as glibc's LinuxThreads Examples/ex17.c asks.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();

beforeAll(async () => { await cprog('test/c/posix/getattr_np.c'); await cprog('test/c/posix/getattr_np_early.c'); }, 600_000);

describe.each(LIBS)('C on %s: pthread_getattr_np', (lib) => {
  it('reports each thread\'s own stack (address, size), guard and detach state', async () => {
    const r = await runC('test/c/posix/getattr_np.c', lib);
    expect(r.stdout).toBe(
      'joinable: size 256 KiB, local inside 1, guard 4096, detached 0\n' +
      'detached: size 256 KiB, local inside 1, guard 4096, detached 1\n' +
      'given stack: same address 1, size 65536, guard 0\nmain: local inside 1, within RLIMIT_STACK 1\n');
    expect(r.exitCode).toBe(0);
  });

  it('answers for a thread that has not run yet, and sees a pthread_detach made before it ran (ESRCH before)', async () => {
    // glibc's LinuxThreads Examples/ex17.c asks right after pthread_create; on NPTL, NGPT and
    // green the new thread had not started its C code, and the lab answered ESRCH. Output from
    // gcc 12 + glibc 2.36.
    const r = await runC('test/c/posix/getattr_np_early.c', lib);
    expect(r.stdout).toBe(
      'created: size 256 KiB, detached 0\ndetached before it ran: size 256 KiB, detached 1\n' +
      'given stack: same address 1, size 1024 KiB\n');
    expect(r.exitCode).toBe(0);
  });
});
