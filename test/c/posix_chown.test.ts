/**
 * posix_chown.test.ts — the chown family from C on every library (kernel/open.ts chownInode
 * after fs/open.c chown_common and fs/attr.c chown_ok/chgrp_ok). The expected text is what gcc
 * + glibc print on Linux for test/c/posix/chown.c run as uid 1000, as the lab's student.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/chown.c';
const LINUX = [
  'setuid before: 1', 'chown to root: -1 Operation not permitted', 'chown to self, group self: 0 ok',
  'setuid after a chown: 0, uid is me 1', "chgrp to root's group: -1 Operation not permitted", 'fchown -1 -1: 0 ok',
  'lchown to self: 0 ok', 'fchownat: 0 ok', 'chown a missing file: -1 No such file or directory',
  'chown /etc/passwd: -1 Operation not permitted',
].join('\n') + '\n';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: chown, fchown, lchown, fchownat', (lib) => {
  it('answers as Linux does for a user', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe(LINUX);
    expect(r.exitCode).toBe(0);
  }, 180_000);
});
