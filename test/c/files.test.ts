/**
 * files.test.ts — a C program that reads a seeded data file and writes files (test/c/programs/
 * files.c: fopen/fgets/fscanf, fprintf, open/read/write/lseek with O_CREAT|O_TRUNC|O_APPEND|
 * O_EXCL, stat/fstat/access, a descriptor shared with a forked child, unlink of an open file,
 * tmpfile, mkstemp, rename, remove, dup2 onto stdout) on every library, with Linux's errno
 * texts; the files it leaves; and the same output byte for byte on a second run. dirs.c:
 * opendir/readdir/telldir/seekdir/rewinddir/scandir with Linux's d_type values.
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { changedFiles } from '../../kernel/index.js';
import { runC } from './c-helpers.js';

const DATA = [{ path: 'data/numbers.txt', data: 'Test scores\n10 20 30\n40\n' }];

const EXPECTED = [
  'Test scores: 4 numbers, sum 100, feof 1 ferror 0',
  'after rewind ftell 12',
  'missing: No such file or directory',
  'O_EXCL: File exists',
  'dir for writing: Is a directory',
  'write to O_RDONLY: Bad file descriptor',
  'fopen("data/", "w"): Is a directory',
  'result.txt: 16 bytes, regular 1, mode 644',
  'read back 24 bytes: count=4',
  'sum=100',
  'mean=25',
  'log offset after fork: 26',
  'after unlink: access -1, read "still here", nlink 0',
  'tmpfile: ftell 8 read 4567',
  'stdout.txt (fd 3): this line went to stdout.txt',
  'cwd /home/student',
  'pread "10", fsync 0, fsync(stdout) Invalid argument',
  'numbers.txt now Test scores\n99+',
  'stdin is result.txt: count 4, fileno 0',
  '',
].join('\n');

describe.each(libraryNames())('C files on %s', (lib) => {
  it('reads the seeded file, writes its results, and the files it leaves are the expected ones', async () => {
    const r = await runC('test/c/programs/files.c', lib, [], { files: DATA });
    expect(r.stdout).toBe(EXPECTED);
    expect(r.exitCode).toBe(0);
    expect(changedFiles(r.kernel)).toEqual([
      { path: 'data/numbers.txt', data: 'Test scores\n99+\n' },
      { path: 'log.txt', data: 'parent\nchild\nparent again\n' },
      { path: 'result.txt', data: 'count=4\nsum=100\nmean=25\n' },
      { path: 'stdout.txt', data: 'this line went to stdout.txt\n' },
    ]);
    const again = await runC('test/c/programs/files.c', lib, [], { files: DATA });
    expect(again.stdout).toBe(r.stdout);
    expect(again.virtualNs).toBe(r.virtualNs);
  });
});

describe.each(libraryNames())('C directories on %s', (lib) => {
  it('opendir/readdir/seekdir/rewinddir/scandir list what the program made, with Linux\'s d_type', async () => {
    const r = await runC('test/c/programs/dirs.c', lib);
    expect(r.stdout).toBe([
      '.        dir  0 bytes', '..       dir  0 bytes', 'zeta.c   file 7 bytes', 'alpha.c  file 7 bytes',
      'src      dir  0 bytes', 'README   file 6 bytes', 'after seekdir: zeta.c', 'after rewinddir: ., dirfd ok',
      'scandir: 4: README alpha.c src zeta.c', 'rmdir proj: Directory not empty', 'opendir missing: No such file or directory',
      'opendir a file: Not a directory',
      'chmod 0600: mode 600; umask 077 (was 22): new file mode 600; chmod /tmp: Operation not permitted',
      'cwd /home/student/proj/src', '',
    ].join('\n'));
    expect(r.exitCode).toBe(0);
  });
});

describe('C files without the data file', () => {
  it('fopen fails with ENOENT and the program says so', async () => {
    const r = await runC('test/c/programs/files.c', 'nptl');
    expect(r.stdout).toBe('FAILED: fopen data/numbers.txt (No such file or directory)\n');
    expect(r.exitCode).toBe(1);
  });
});
