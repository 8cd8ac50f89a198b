/**
 * posix_pwd.test.ts — <pwd.h> from C (clib/runtime/pwd.c over the lab's /etc/passwd,
 * kernel/fs_ramfs.ts) on every library: getpwuid(getuid()), getpwnam, getpwent, the _r forms.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();

beforeAll(async () => { await cprog('test/c/posix/pwd.c'); }, 600_000);

describe.each(LIBS)('C on %s: the user database', (lib) => {
  it('getpwuid/getpwnam/getpwent and the _r forms read /etc/passwd', async () => {
    const r = await runC('test/c/posix/pwd.c', lib);
    expect(r.stdout).toBe(
      'me: student uid 1000 gid 1000 dir /home/student shell /bin/bash\nroot: uid 0 dir /root\nnobody: NULL\n' +
      'entry root\nentry student\nsmall buffer: ERANGE, result NULL 1\nuid 4242: 0, result NULL 1\nuid 0 by _r: 0 root\n');
    expect(r.exitCode).toBe(0);
  });
});
