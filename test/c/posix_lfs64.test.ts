/**
 * posix_lfs64.test.ts — glibc's large-file names from C (_LARGEFILE64_SOURCE: open64, lseek64,
 * off64_t, fstat64, pread64, ftruncate64, mmap64, getrlimit64) on every library. The lab's own
 * <fcntl.h>, <sys/mman.h> and <sys/resource.h> had none of them (TLPI fileio/large_file.c did
 * not compile: open64 undeclared). Expected text: gcc + glibc on Linux for test/c/posix/lfs64.c.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/lfs64.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: large-file (64) names', (lib) => {
  it('open64/lseek64/fstat64/pread64/ftruncate64/mmap64/getrlimit64 are the plain calls', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe(
      'lseek64 3000000000, write 4\nsize 3000000004\npread64 4 \'test\'\nftruncate64 0, size 4096\n' +
      'mmap64 \'mapped\'\ngetrlimit64 0, soft <= hard 1\n');
    expect(r.exitCode).toBe(0);
  });
});
