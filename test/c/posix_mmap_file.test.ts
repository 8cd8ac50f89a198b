/**
 * posix_mmap_file.test.ts — mmap of a regular file, msync and the mlock family from C
 * (kernel/filemap.ts, msync.ts, mlock.ts; clib/runtime/mman.c, clib/host/mlock.ts) on every
 * library: a MAP_SHARED store reaches read(2) and a second mapping, a write(2) reaches the
 * mapping, a fork child's store is the parent's, MAP_PRIVATE is copy-on-write; do_mmap's,
 * msync's and mlock's errors as Linux gives them.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();

beforeAll(async () => { await cprog('test/c/posix/mmap_file.c'); }, 600_000);

describe.each(LIBS)('C on %s: mmap of a file, msync, mlock', (lib) => {
  it('shared pages, copy-on-write, and Linux errnos', async () => {
    const r = await runC('test/c/posix/mmap_file.c', lib);
    expect(r.stdout).toBe(
      'shared: hello world, read after a store Jello world, mapping after a write Jello World, second mapping Jello World\n' +
      "private JXllo World; after the child's store: mapping JeZlo World, file JeZlo World\n" +
      'msync 0, mtime moved 1; -1 EINVAL -1 EINVAL -1 EINVAL -1 ENOMEM\n' +
      'mmap errors: -1 EACCES -1 EACCES -1 ENODEV -1 EBADF -1 EINVAL -1 EINVAL -1 ENOMEM -1 EOVERFLOW\n' +
      'mlock: 0 0 -1 ENOMEM -1 ENOMEM -1 EINVAL -1 EINVAL 0 -1 EBUSY 0 0 -1 EPERM -1 EPERM\n' +
      ' -1 EINVAL 0\n');
    expect(r.exitCode).toBe(0);
  });
});
