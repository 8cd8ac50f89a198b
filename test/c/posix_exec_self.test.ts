/**
 * posix_exec_self.test.ts — a C program execs its own file on every library: the program
 * started as ./name in /home/student finds itself there (kernel/fs_ramfs.ts installImage, a
 * 0755 regular file), so getcwd()/argv[0] (LTP's sigaltstack/9-1), ./name and execvp of
 * ./name run it again; a missing file is ENOENT, a data file ENOEXEC, a file without x EACCES,
 * a directory EACCES (exec.ts openExec), execlp of a bare name searches glibc's default PATH.
 * Expected stdout: gcc 12 -O2 + glibc 2.36, run as ./exec_self by uid 1000 with PATH unset.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/exec_self.c';

beforeAll(async () => { await cprog(PROG); }, 180_000);

describe.each(LIBS)('C on %s: exec of the program\'s own file', (lib) => {
  it('stat/access see ./exec_self; exec by absolute, relative and execvp path runs it again; other paths fail as on Linux', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe([
      'regular 1 mode 755 size>=0 1 access X_OK 0',
      'exec of a missing file: No such file or directory',
      'exec of a data file: Exec format error',
      'exec of a file without x: Permission denied',
      'execlp of a bare name: No such file or directory',
      'again: abs via getcwd/argv[0]',
      'exec of ./: Permission denied',
      'again: rel via execl',
      'again: vp via execvp',
      '',
    ].join('\n'));
    expect(r.streams.stderr).toContain('threadlab: exec("/no/such/prog"): the lab has no other programs on disk');
    expect(r.exitCode).toBe(0);
  });
});
