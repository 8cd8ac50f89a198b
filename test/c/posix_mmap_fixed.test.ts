/**
 * posix_mmap_fixed.test.ts — MAP_FIXED over a mapping (clib/runtime/mman.c), a mapping's whole
 * last page (clib/host/shmem.ts) and /dev/zero, /dev/null (kernel/mem.ts) from C on every
 * library — LTP mmap/3-1 and munmap/2-1.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/mmap_fixed_dev_zero.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: MAP_FIXED and the memory devices', (lib) => {
  it('MAP_FIXED replaces a mapping on its pages; /dev/zero reads and maps zeros; /dev/null swallows', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe([
      'first: [a] past the length [a]',
      'fixed: same address yes, [b] [b]',
      'store reached b.dat: [B]',
      'a.dat untouched: [a]',
      '/dev/zero read 8, all zero yes',
      '/dev/zero mmap ok, zeroed yes',
      'munmap 0, again 0',
      '/dev/null write 5, read 0',
      '',
    ].join('\n'));
    expect(r.exitCode).toBe(0);
  });
});
