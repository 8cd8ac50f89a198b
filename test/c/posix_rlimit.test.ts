/**
 * posix_rlimit.test.ts — resource limits from C (kernel/sys_rlimit.ts, clib/runtime/rlimit.c)
 * on every library: INIT_RLIMITS, do_prlimit's errors, RLIMIT_NOFILE (EMFILE/EBADF),
 * inheritance by fork, RLIMIT_NPROC (EAGAIN) and RLIMIT_AS (malloc's NULL, ENOMEM).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();

beforeAll(async () => { await cprog('test/c/posix/rlimit.c'); }, 600_000);

describe.each(LIBS)('C on %s: resource limits', (lib) => {
  it('getrlimit/setrlimit/prlimit: defaults, errors, NOFILE, fork inheritance, NPROC, AS', async () => {
    const r = await runC('test/c/posix/rlimit.c', lib);
    expect(r.stdout).toBe(
      'NOFILE 1024/4096, STACK 8388608/-1, CORE 0/-1\n' +
      'soft > hard -1 EINVAL; raise hard -1 EPERM; resource 99 -1 EINVAL; init\'s -1 EPERM; no pid -1 ESRCH\n' +
      'NOFILE 5: pipe 0 (3 4), pipe -1 EMFILE, dup -1 EMFILE, dup2 to 5 -1 EBADF\n' +
      'child inherits 5/5\nNPROC 1: fork -1 EAGAIN\nAS 32 MiB: malloc\'d some MiB 1, then NULL ENOMEM\n');
    expect(r.exitCode).toBe(0);
  });
});
