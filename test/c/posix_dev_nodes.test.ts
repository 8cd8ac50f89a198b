/**
 * posix_dev_nodes.test.ts — the device names open() knows (/dev/null, /dev/zero) are nodes for
 * stat, access and truncate too (kernel/open.ts deviceStat/devicePermission, dev_slow.ts
 * deviceMode): a root-owned character device crw-rw-rw-, read/write access but not execute,
 * truncate EINVAL as vfs_truncate answers for a file that is not regular. They were ENOENT
 * (TLPI fileio/t_truncate /dev/null). Expected text: gcc on Linux for test/c/posix/dev_nodes.c.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/dev_nodes.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: device nodes by name', (lib) => {
  it('stat/access/truncate of /dev/null and /dev/zero answer as Linux', async () => {
    const r = await runC(PROG, lib);
    const dev = (p: string) => `${p}: stat 0 chr 1 perms 666 uid 0, access rw 0, x -1 Permission denied, truncate -1 Invalid argument\n`
      + '  fstat 0 chr 1 perms 666 uid 0 same 1\n'; // fstat said 0600 before (file.ts's default for a device)
    expect(r.stdout).toBe(dev('/dev/null') + dev('/dev/zero') + '/dev/nosuch: stat -1 No such file or directory\n');
    expect(r.exitCode).toBe(0);
  });
});
