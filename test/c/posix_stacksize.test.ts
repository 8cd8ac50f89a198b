/**
 * posix_stacksize.test.ts — pthread_attr_getstacksize's default from C on every library
 * (test/c/posix/stacksize.c): NPTL's comes from RLIMIT_STACK at start-up (unlimited: 2 MiB, a
 * tiny limit: PTHREAD_STACK_MIN, else rounded up to pages) and changes across exec; LinuxThreads
 * reports STACK_SIZE less a page, NGPT and GNU Pth 64 KiB, whatever the limit.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const FIXED: Record<string, number> = { linuxthreads: 2 * 1024 * 1024 - 4096, ngpt: 65536, green: 65536 };

beforeAll(async () => { await cprog('test/c/posix/stacksize.c'); }, 600_000);

describe.each(LIBS)('C on %s: the default stack size', (lib) => {
  it(lib === 'nptl' ? 'from RLIMIT_STACK, read at start-up' : 'the library\'s own, whatever RLIMIT_STACK says', async () => {
    const r = await runC('test/c/posix/stacksize.c', lib);
    const sizes = lib === 'nptl' ? [8388608, 1052672, 2097152, 16384] : Array(4).fill(FIXED[lib]);
    const want = sizes.map((n, i) => `step ${i}: default ${n}, a thread with it 0 7\n` + (i < 3 ? `after setrlimit: default ${n}\n` : '')).join('');
    expect(r.stdout).toBe(want);
    expect(r.exitCode).toBe(0);
  });
});
