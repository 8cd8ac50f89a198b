/**
 * posix_shm_open.test.ts — shm_open from C on every library (test/c/posix/shm_flags.c; kernel
 * shmem.ts): the descriptor is FD_CLOEXEC (glibc's rt/shm_open.c opens with O_CLOEXEC), the
 * object's owner and group are the caller's effective ids (shmem_get_inode → inode_init_owner),
 * its mode the mode given less the umask. Expected output: gcc 12 + glibc 2.36 as uid 1000.
 * Found by LTP's shm_open tests run natively beside the lab (the descriptor was not close-on-exec,
 * the group was 0).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const FILE = 'test/c/posix/shm_flags.c';

beforeAll(async () => { await cprog(FILE); }, 180_000);

describe('shm_open from C', () => {
  it.each(libraryNames())('%s: close-on-exec, owned by the caller, mode less the umask', async (lib) => {
    const r = await runC(FILE, lib);
    expect(r.stdout).toBe('FD_CLOEXEC: set\nowner is the euid: yes, group the egid: yes\nmode 640, size 0\n');
  }, 60_000);
});
