/**
 * kernel-ramfs.test.ts — files by name (kernel/fs_ramfs.ts, namei.ts, open.ts): open's flags
 * and Linux's errors for each, read/write/lseek on a shared file position (dup, fork), O_APPEND,
 * O_TRUNC, unlink of an open file, directories (mkdir, rmdir, rename), stat, access, chdir and
 * getcwd, permissions for the student (uid 1000), the copy cost, seeding and the changed-file
 * list (--file, --keep-files), determinism. Raw tasks, no thread library.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  EACCES, EBADF, EBUSY, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, ESPIPE, O_APPEND, O_CREAT,
  O_DIRECTORY, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET, S_IFDIR, S_IFREG,
  F_GETFL, F_SETFL, F_GETFD, F_SETFD, FD_CLOEXEC, O_CLOEXEC, R_OK, W_OK, X_OK, F_OK, ERANGE, DT_DIR, DT_REG,
} from '../kernel/uapi.js';
import type { Dirent } from '../kernel/namei.js';
import { NR } from '../kernel/syscalls.js';
import { NR_FS, FS_SYSCALLS } from '../kernel/syscalls_fs.js';
import { seedFile, changedFiles, ramfsOf, HOME_DIR, Inode } from '../kernel/fs_ramfs.js';
import type { Stat } from '../kernel/file.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Sim } from '../kernel/req.js';
import { spawnProgram } from '../kernel/shell.js';
import { boot } from './kernel-ipc-helpers.js';

/** Run `main` as the student's program, with `files` seeded first. */
function runFs(main: (k: Kernel) => Sim<unknown>, files: Record<string, string> = {}): Kernel {
  const k = boot();
  for (const [p, d] of Object.entries(files)) expect(seedFile(k, p, d)).toBeNull();
  const h = spawnProgram(k, main, k, 'prog');
  k.run();
  if (!h.done) throw new Error('program did not finish');
  return k;
}

function* open(path: string, flags: number, mode = 0o666): Sim<number> {
  return (yield sys.open(path, flags, mode)) as number;
}

function* stat(path: string): Sim<Stat | number> {
  const out: { value?: Stat } = {};
  const r = (yield sys.stat(path, out)) as number;
  return r < 0 ? r : out.value!;
}

describe('ramfs: opening files', () => {
  it('the system-call numbers of syscalls_fs match NR', () => {
    for (const [name, nr] of Object.entries(NR_FS)) expect((NR as Record<string, number>)[name]).toBe(nr);
    expect(FS_SYSCALLS.map((e) => e.nr).sort((a, b) => a - b)).toEqual(Object.values(NR_FS).sort((a, b) => a - b));
  });

  it("open's errors are Linux's: ENOENT, EEXIST, EISDIR, ENOTDIR, EACCES", () => {
    const got: number[] = [];
    runFs(function* () {
      got.push(yield* open('missing.txt', O_RDONLY)); // ENOENT
      got.push(yield* open('', O_RDONLY)); // ENOENT
      got.push(yield* open('nodir/x', O_CREAT | O_WRONLY)); // ENOENT: no such directory
      got.push(yield* open('a.txt', O_CREAT | O_EXCL | O_WRONLY)); // EEXIST
      got.push(yield* open('/tmp', O_WRONLY)); // EISDIR
      got.push(yield* open('/tmp', O_CREAT | O_RDONLY)); // EISDIR
      got.push(yield* open('new/', O_CREAT | O_WRONLY)); // EISDIR: a trailing slash
      got.push(yield* open('a.txt/x', O_RDONLY)); // ENOTDIR
      got.push(yield* open('a.txt/', O_RDONLY)); // ENOTDIR
      got.push(yield* open('a.txt', O_RDONLY | O_DIRECTORY)); // ENOTDIR
      got.push(yield* open('/etc-file', O_CREAT | O_WRONLY)); // EACCES: '/' is root's, 0755
      got.push(yield* open('a.txt', O_RDWR | O_WRONLY)); // EINVAL: access mode 3
      return 0;
    }, { 'a.txt': 'abc' });
    expect(got).toEqual([-ENOENT, -ENOENT, -ENOENT, -EEXIST, -EISDIR, -EISDIR, -EISDIR, -ENOTDIR, -ENOTDIR, -ENOTDIR, -EACCES, -EINVAL]);
  });

  it('a file without read permission for the student is EACCES; root\'s files in /tmp cannot be removed (sticky bit: EPERM)', () => {
    const got: number[] = [];
    runFs(function* (k) {
      const fs = ramfsOf(k);
      const ino = fs.root.children!.get('tmp')!.children!.get('secret')!;
      ino.uid = ino.gid = 0;
      ino.mode = S_IFREG | 0o600;
      got.push(yield* open('/tmp/secret', O_RDONLY));
      got.push((yield sys.access('/tmp/secret', R_OK)) as number);
      got.push((yield sys.access('/tmp/secret', F_OK)) as number);
      got.push((yield sys.unlink('/tmp/secret')) as number);
      return 0;
    }, { '/tmp/secret': 'x' });
    expect(got).toEqual([-EACCES, -EACCES, 0, -EPERM]);
  });

  it('O_CREAT makes a file with mode & ~umask owned by the caller; stat reports it', () => {
    let st: Stat | number = 0;
    runFs(function* () {
      const fd = yield* open('out.txt', O_CREAT | O_WRONLY, 0o666);
      yield sys.write(fd, 'hello');
      yield sys.close(fd);
      st = yield* stat('out.txt');
      return 0;
    });
    expect(st).toMatchObject({ st_mode: S_IFREG | 0o644, st_uid: 1000, st_gid: 1000, st_size: 5, st_nlink: 1, st_blocks: 8, st_blksize: 4096 });
  });

  it('O_TRUNC empties a file; O_CLOEXEC sets FD_CLOEXEC; F_GETFL keeps the access mode and O_APPEND only', () => {
    const got: unknown[] = [];
    runFs(function* () {
      const fd = yield* open('a.txt', O_WRONLY | O_TRUNC | O_APPEND | O_CLOEXEC);
      got.push(yield sys.fcntl(fd, F_GETFL), yield sys.fcntl(fd, F_GETFD));
      yield sys.fcntl(fd, F_SETFD, 0);
      got.push(yield sys.fcntl(fd, F_GETFD));
      got.push(((yield* stat('a.txt')) as Stat).st_size);
      return 0;
    }, { 'a.txt': 'abcdef' });
    expect(got).toEqual([O_WRONLY | O_APPEND, FD_CLOEXEC, 0, 0]);
  });
});

describe('ramfs: reading, writing, seeking', () => {
  it('read and write move the position; EBADF for the wrong access mode; EISDIR reading a directory; ESPIPE on a pipe', () => {
    const got: unknown[] = [];
    runFs(function* () {
      const fd = yield* open('a.txt', O_RDONLY);
      got.push(yield sys.read(fd, 3), yield sys.read(fd, 100), yield sys.read(fd, 10));
      got.push(yield sys.write(fd, 'x'));
      const w = yield* open('a.txt', O_WRONLY);
      got.push(yield sys.read(w, 1));
      const d = yield* open('/tmp', O_RDONLY);
      got.push(yield sys.read(d, 1));
      const p = (yield sys.pipe(0)) as number[];
      got.push(yield sys.lseek(p[0], 0, SEEK_SET));
      got.push(yield sys.lseek(fd, -1, SEEK_SET), yield sys.lseek(fd, 0, 7), yield sys.lseek(99, 0, SEEK_SET));
      return 0;
    }, { 'a.txt': 'hello world' });
    expect(got).toEqual(['hel', 'lo world', '', -EBADF, -EBADF, -EISDIR, -ESPIPE, -EINVAL, -EINVAL, -EBADF]);
  });

  it('lseek: SEEK_SET/CUR/END; writing past the end leaves a hole of zeros; O_RDWR overwrites in place', () => {
    const got: unknown[] = [];
    runFs(function* () {
      const fd = yield* open('a.txt', O_RDWR);
      got.push(yield sys.lseek(fd, 2, SEEK_SET), yield sys.read(fd, 2));
      got.push(yield sys.lseek(fd, -1, SEEK_CUR), yield sys.write(fd, 'XY'));
      got.push(yield sys.lseek(fd, 2, SEEK_END), yield sys.write(fd, '!'));
      yield sys.lseek(fd, 0, SEEK_SET);
      got.push(yield sys.read(fd, 100));
      return 0;
    }, { 'a.txt': 'abcdef' });
    expect(got).toEqual([2, 'cd', 3, 2, 8, 1, 'abcXYf\0\0!']);
  });

  it('dup shares the file position; a second open has its own', () => {
    const got: unknown[] = [];
    runFs(function* () {
      const a = yield* open('a.txt', O_RDONLY);
      const b = (yield sys.dup(a)) as number;
      const c = yield* open('a.txt', O_RDONLY);
      got.push(yield sys.read(a, 2), yield sys.read(b, 2), yield sys.read(c, 2));
      return 0;
    }, { 'a.txt': 'abcdef' });
    expect(got).toEqual(['ab', 'cd', 'ab']);
  });

  it('after fork, parent and child share the file position (one struct file)', () => {
    const got: unknown[] = [];
    const k = runFs(function* () {
      const fd = yield* open('log.txt', O_CREAT | O_WRONLY | O_TRUNC);
      yield sys.write(fd, 'parent1\n');
      const child = (yield sys.fork(function* () {
        yield sys.write(fd, 'child\n');
        return 0;
      })) as number;
      yield sys.wait4(child, null, 0);
      yield sys.write(fd, 'parent2\n');
      got.push(yield sys.lseek(fd, 0, SEEK_CUR));
      return 0;
    });
    expect(got).toEqual([22]);
    expect(changedFiles(k)).toEqual([{ path: 'log.txt', data: 'parent1\nchild\nparent2\n' }]);
  });

  it('O_APPEND writes at the end whatever the position; F_SETFL can turn it on', () => {
    const k = runFs(function* () {
      const a = yield* open('a.txt', O_WRONLY | O_APPEND);
      const b = yield* open('a.txt', O_WRONLY);
      yield sys.write(a, '1');
      yield sys.write(b, 'X'); // at 0: overwrites 'a'
      yield sys.write(a, '2');
      yield sys.fcntl(b, F_SETFL, O_APPEND);
      yield sys.write(b, '3');
      return 0;
    }, { 'a.txt': 'abc' });
    expect(changedFiles(k)).toEqual([{ path: 'a.txt', data: 'Xbc123' }]);
  });

  it('an unlinked file stays readable and writable through an open descriptor until its last close', () => {
    const got: unknown[] = [];
    runFs(function* () {
      const fd = yield* open('a.txt', O_RDWR);
      got.push(yield sys.unlink('a.txt'));
      got.push(yield* stat('a.txt'), yield* open('a.txt', O_RDONLY));
      got.push(yield sys.read(fd, 3), yield sys.write(fd, '!'));
      yield sys.lseek(fd, 0, SEEK_SET);
      got.push(yield sys.read(fd, 10));
      const out: { value?: Stat } = {};
      yield sys.fstat(fd, out);
      got.push(out.value!.st_nlink);
      return 0;
    }, { 'a.txt': 'abc' });
    expect(got).toEqual([0, -ENOENT, -ENOENT, 'abc', 1, 'abc!', 0]);
  });

  it('a read or write costs the system call plus the per-byte copy (pipeCopyPerByte)', () => {
    const got: number[] = [];
    const k = runFs(function* () {
      const fd = yield* open('big', O_RDONLY);
      const t0 = (yield sys.clock_gettime()) as number;
      yield sys.read(fd, 0);
      const t1 = (yield sys.clock_gettime()) as number;
      yield sys.read(fd, 100000);
      const t2 = (yield sys.clock_gettime()) as number;
      got.push(t1 - t0, t2 - t1);
      return 0;
    }, { big: 'x'.repeat(100000) });
    expect(got[1] - got[0]).toBeCloseTo(100000 * k.costs.pipeCopyPerByte, 0);
  });
});

describe('ramfs: directories and names', () => {
  it('mkdir, rmdir, unlink and rename: their errors as Linux gives them', () => {
    const got: number[] = [];
    runFs(function* () {
      got.push((yield sys.mkdir('d', 0o755)) as number, (yield sys.mkdir('d', 0o755)) as number); // 0, EEXIST
      got.push((yield sys.mkdir('.', 0o755)) as number); // EEXIST
      yield* open('d/f', O_CREAT | O_WRONLY);
      got.push((yield sys.rmdir('d')) as number); // ENOTEMPTY
      got.push((yield sys.rmdir('d/f')) as number); // ENOTDIR
      got.push((yield sys.unlink('d')) as number); // EISDIR
      got.push((yield sys.rmdir('.')) as number, (yield sys.rmdir('/')) as number); // EINVAL, EBUSY
      got.push((yield sys.rename('d', 'd/sub')) as number); // EINVAL: into itself
      got.push((yield sys.rename('a.txt', 'd')) as number); // EISDIR
      got.push((yield sys.mkdir('e', 0o755)) as number);
      got.push((yield sys.rename('e', 'a.txt')) as number); // ENOTDIR
      got.push((yield sys.rename('e', 'd')) as number); // ENOTEMPTY
      got.push((yield sys.rename('nothing', 'x')) as number); // ENOENT
      got.push((yield sys.rename('a.txt', 'd/f')) as number); // replaces d/f
      got.push((yield sys.rename('d/f', 'd/f')) as number); // itself: nothing
      got.push((yield sys.unlink('d/f')) as number, (yield sys.rmdir('d')) as number, (yield sys.rmdir('e')) as number);
      return 0;
    }, { 'a.txt': 'abc' });
    expect(got).toEqual([0, -EEXIST, -EEXIST, -ENOTEMPTY, -ENOTDIR, -EISDIR, -EINVAL, -EBUSY, -EINVAL, -EISDIR, 0, -ENOTDIR, -ENOTEMPTY, -ENOENT, 0, 0, 0, 0, 0]);
  });

  it('the cwd is /home/student; chdir moves relative names; getcwd; a directory stat and nlink', () => {
    const got: unknown[] = [];
    runFs(function* () {
      const cwd: { value?: string } = {};
      got.push(yield sys.getcwd(cwd, 4096), cwd.value);
      got.push(yield sys.getcwd(cwd, 5)); // ERANGE
      yield sys.mkdir('sub', 0o700);
      got.push(yield sys.chdir('sub'), yield sys.chdir('/home/student/a.txt'), yield sys.chdir('none'));
      yield* open('in-sub', O_CREAT | O_WRONLY);
      yield sys.getcwd(cwd, 4096);
      got.push(cwd.value, ((yield* stat('../sub/in-sub')) as Stat).st_size);
      const home = (yield* stat('/home/student')) as Stat;
      got.push(home.st_mode === (S_IFDIR | 0o755), home.st_nlink, home.st_uid);
      got.push(yield sys.access('.', W_OK | X_OK), yield sys.access('/', W_OK), yield sys.access('x', 8));
      return 0;
    }, { 'a.txt': 'abc' });
    expect(got).toEqual([HOME_DIR.length + 1, HOME_DIR, -ERANGE, 0, -ENOTDIR, -ENOENT, `${HOME_DIR}/sub`, 0, true, 3, 1000, 0, -EACCES, -EINVAL]);
  });

  it('seedFile makes missing directories; changedFiles lists what the run created or changed, not what it only read', () => {
    const k = runFs(function* () {
      const fd = yield* open('data/in.txt', O_RDONLY);
      yield sys.read(fd, 100);
      const o = yield* open('out/result.txt', O_CREAT | O_WRONLY); // ENOENT: no out/
      if (o !== -ENOENT) return 1;
      yield sys.mkdir('out', 0o755);
      const w = yield* open('out/result.txt', O_CREAT | O_WRONLY);
      yield sys.write(w, 'done\n');
      const tmp = yield* open('/tmp/scratch', O_CREAT | O_WRONLY);
      yield sys.write(tmp, 'not kept');
      yield sys.rename('data/other.txt', 'renamed.txt');
      return 0;
    }, { 'data/in.txt': 'input', 'data/other.txt': 'o', '/tmp/x': 'y' });
    expect(changedFiles(k)).toEqual([{ path: 'out/result.txt', data: 'done\n' }, { path: 'renamed.txt', data: 'o' }]);
    expect(seedFile(k, 'data', 'x')).toMatch(/is a directory/);
    expect(seedFile(k, 'data/in.txt/x', 'x')).toMatch(/in the way/);
    expect(seedFile(k, '../up', 'x')).toMatch(/not a file name/);
  });

  it('the same program and files give the same file contents, times and inode numbers', () => {
    const once = (): unknown => {
      const got: unknown[] = [];
      const k = runFs(function* () {
        const fd = yield* open('o', O_CREAT | O_RDWR);
        const child = (yield sys.fork(function* () { yield sys.write(fd, 'child '); return 0; })) as number;
        yield sys.write(fd, 'parent ');
        yield sys.wait4(child, null, 0);
        got.push(yield* stat('o'));
        return 0;
      });
      return [got, changedFiles(k)];
    };
    expect(once()).toEqual(once());
  });
});

describe('ramfs: chmod and umask', () => {
  it('the owner changes the permission bits (then EACCES for the student); others get EPERM; umask masks new files', () => {
    const got: unknown[] = [];
    runFs(function* () {
      got.push(yield sys.chmod('a.txt', 0o200)); // write-only for the owner
      got.push(yield* open('a.txt', O_RDONLY), (yield* open('a.txt', O_WRONLY)) >= 0);
      const fd = yield* open('a.txt', O_WRONLY);
      got.push(yield sys.fchmod(fd, 0o644), ((yield* stat('a.txt')) as Stat).st_mode === (S_IFREG | 0o644));
      got.push(yield sys.chmod('/tmp', 0o777), yield sys.chmod('nope', 0o777));
      got.push(yield sys.umask(0o077), yield sys.umask(0o077));
      yield sys.close(yield* open('new', O_CREAT | O_WRONLY, 0o666));
      yield sys.mkdir('newdir', 0o777);
      got.push(((yield* stat('new')) as Stat).st_mode & 0o777, ((yield* stat('newdir')) as Stat).st_mode & 0o777);
      return 0;
    }, { 'a.txt': 'abc' });
    expect(got).toEqual([0, -EACCES, true, 0, true, -EPERM, -ENOENT, 0o022, 0o077, 0o600, 0o700]);
  });
});

describe('ramfs: getdents64', () => {
  it("lists '.', '..' and the names in creation order, as many as the buffer holds, then 0; ENOTDIR, EINVAL, ENOENT", () => {
    const got: unknown[] = [];
    runFs(function* () {
      yield sys.mkdir('d', 0o755);
      for (const n of ['b', 'a', 'sub']) {
        if (n === 'sub') yield sys.mkdir('d/sub', 0o755);
        else yield sys.close(yield* open(`d/${n}`, O_CREAT | O_WRONLY));
      }
      const fd = yield* open('d', O_RDONLY | O_DIRECTORY);
      const out: { value?: Dirent[] } = {};
      got.push(yield sys.getdents64(fd, out, 48)); // two 24-byte records
      got.push(out.value!.map((e) => e.d_name));
      got.push(yield sys.getdents64(fd, out, 4096), out.value!.map((e) => `${e.d_name}:${e.d_type}`));
      got.push(yield sys.getdents64(fd, out, 4096));
      yield sys.lseek(fd, 0, SEEK_SET);
      got.push(yield sys.getdents64(fd, out, 10)); // not even one fits
      const f = yield* open('d/a', O_RDONLY);
      got.push(yield sys.getdents64(f, out, 4096));
      yield sys.unlink('d/a');
      yield sys.unlink('d/b');
      yield sys.rmdir('d/sub');
      yield sys.rmdir('d');
      got.push(yield sys.getdents64(fd, out, 4096));
      return 0;
    });
    expect(got).toEqual([48, ['.', '..'], 72, [`b:${DT_REG}`, `a:${DT_REG}`, `sub:${DT_DIR}`], 0, -EINVAL, -ENOTDIR, -ENOENT]);
  });
});

describe('ramfs: pread64 and pwrite64', () => {
  it('read and write at an offset without moving the position; ESPIPE on a pipe, EISDIR on a directory, EINVAL below 0; O_APPEND appends', () => {
    const got: unknown[] = [];
    const k = runFs(function* () {
      const fd = yield* open('a.txt', O_RDWR);
      yield sys.read(fd, 1);
      got.push(yield sys.pread(fd, 3, 2), yield sys.pwrite(fd, 'XY', 4), yield sys.lseek(fd, 0, SEEK_CUR));
      const p = (yield sys.pipe(0)) as number[];
      const d = yield* open('/tmp', O_RDONLY);
      got.push(yield sys.pread(p[0], 1, 0), yield sys.pread(d, 1, 0), yield sys.pread(fd, 1, -1), yield sys.pread(99, 1, 0));
      const w = yield* open('a.txt', O_WRONLY);
      got.push(yield sys.pread(w, 1, 0));
      const ap = yield* open('a.txt', O_WRONLY | O_APPEND);
      got.push(yield sys.pwrite(ap, '!', 0));
      return 0;
    }, { 'a.txt': 'abcdef' });
    expect(got).toEqual(['cde', 2, 1, -ESPIPE, -EISDIR, -EINVAL, -EBADF, -EBADF, 1]);
    expect(changedFiles(k)).toEqual([{ path: 'a.txt', data: 'abcdXY!' }]);
  });
});

describe('ramfs: flags and descriptors', () => {
  it('dup and dup2 clear FD_CLOEXEC on the new descriptor', () => {
    const got: unknown[] = [];
    runFs(function* () {
      const fd = yield* open('a', O_CREAT | O_WRONLY | O_CLOEXEC);
      const d = (yield sys.dup(fd)) as number;
      yield sys.dup2(fd, 9);
      got.push(yield sys.fcntl(fd, F_GETFD), yield sys.fcntl(d, F_GETFD), yield sys.fcntl(9, F_GETFD));
      got.push(yield sys.fcntl(fd, F_SETFD, FD_CLOEXEC));
      return 0;
    });
    expect(got).toEqual([FD_CLOEXEC, 0, 0, 0]);
  });

  it('ftruncate and truncate cut and extend; ftruncate on a read-only descriptor is EINVAL', () => {
    const got: unknown[] = [];
    runFs(function* () {
      const fd = yield* open('a.txt', O_RDWR);
      got.push(yield sys.ftruncate(fd, 2), yield sys.truncate('a.txt', 4));
      got.push(yield sys.read(fd, 10));
      const r = yield* open('a.txt', O_RDONLY);
      got.push(yield sys.ftruncate(r, 0), yield sys.truncate('/tmp', 0), yield sys.lseek(fd, 0, SEEK_END));
      return 0;
    }, { 'a.txt': 'abcdef' });
    expect(got).toEqual([0, 0, 'ab\0\0', -EINVAL, -EISDIR, 4]);
  });
});

describe('ramfs: sparse files (Inode keeps 64 KiB chunks; a hole costs nothing)', () => {
  const GB = 1024 * 1024 * 1024;
  it('a byte written at 10 GB makes a 10 GB file whose hole reads as zeros', () => {
    const ino = new Inode(99, 0o100644, 1000, 1000, 0);
    ino.writeAt(10 * GB, 'x');
    expect(ino.size).toBe(10 * GB + 1);
    expect(ino.readAt(10 * GB - 3, 10)).toBe('\0\0\0x');
    expect(ino.readAt(5 * GB, 4)).toBe('\0\0\0\0');
  });

  it('writes across chunk boundaries and overwrites in place keep every other byte', () => {
    const ino = new Inode(99, 0o100644, 1000, 1000, 0);
    const a = 'a'.repeat(70_000), b = 'B'.repeat(70_000);
    ino.writeAt(0, a);
    ino.writeAt(65_530, 'XYZXYZXYZXYZ');
    ino.writeAt(200_000, b);
    const want = a.slice(0, 65_530) + 'XYZXYZXYZXYZ' + a.slice(65_542) + '\0'.repeat(200_000 - 70_000) + b;
    expect(ino.size).toBe(270_000);
    expect(ino.data).toBe(want);
    expect(ino.readAt(65_528, 8)).toBe('aaXYZXYZ');
  });

  it('truncate cuts the bytes past the new end: extending again reads zeros there', () => {
    const ino = new Inode(99, 0o100644, 1000, 1000, 0);
    ino.writeAt(0, 'z'.repeat(200_000));
    ino.truncate(65_536 + 10);
    expect(ino.size).toBe(65_546);
    ino.truncate(131_072);
    expect(ino.readAt(65_540, 10)).toBe('zzzzzz\0\0\0\0');
    expect(ino.readAt(131_070, 10)).toBe('\0\0');
    ino.truncate(65_536);
    ino.truncate(70_000);
    expect(ino.readAt(65_530, 10)).toBe('zzzzzz\0\0\0\0');
  });
});
