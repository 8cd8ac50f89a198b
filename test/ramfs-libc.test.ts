/**
 * ramfs-libc.test.ts — files by name through libs/api.ts on every library: open with O_CREAT,
 * read a seeded file, lseek, stat/fstat, a write shared with a forked child (one file
 * position), O_APPEND from two threads, rename, unlink, mkdir/rmdir, getcwd/chdir, and the
 * errno a program sees (-1 and ENOENT / EEXIST / EISDIR / EBADF).
 */
import { describe, expect, it } from 'vitest';
import { runProgram } from '../experiments/runner.js';
import { changedFiles } from '../kernel/index.js';
import { libraryNames } from '../libs/index.js';
import '../libs/all.js';
import {
  type Libc, type Stat, O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, SEEK_SET, SEEK_END,
  S_ISREG, S_ISDIR, ENOENT, EEXIST, EISDIR, EBADF, EPERM, strerror,
} from '../libs/api.js';

function* prog(libc: Libc): Generator<any, number, any> {
  const out: string[] = [];
  const say = (s: string): void => { out.push(s); };
  const fd = yield* libc.open('data/in.txt', O_RDONLY);
  const buf = { value: '' };
  yield* libc.read(fd, buf, 5);
  say(`read ${buf.value}`);
  say(`seek ${yield* libc.lseek(fd, -3, SEEK_END)}`);
  yield* libc.read(fd, buf, 10);
  say(`tail ${JSON.stringify(buf.value)}`);
  const st: { value?: Stat } = {};
  yield* libc.fstat(fd, st);
  say(`fstat size ${st.value!.st_size} reg ${S_ISREG(st.value!.st_mode)}`);
  yield* libc.close(fd);
  say(`missing ${yield* libc.open('nope', O_RDONLY)} ${strerror(libc.errno)} ${libc.errno === ENOENT}`);
  say(`excl ${yield* libc.open('data/in.txt', O_CREAT | O_EXCL | O_WRONLY)} ${libc.errno === EEXIST}`);
  say(`dir ${yield* libc.open('data', O_WRONLY)} ${libc.errno === EISDIR}`);
  const w = yield* libc.open('out.txt', O_CREAT | O_WRONLY | O_TRUNC, 0o644);
  yield* libc.write(w, 'parent\n');
  const child = yield* libc.fork(function* (c: Libc) { yield* c.write(w, 'child\n'); return 0; });
  yield* libc.waitpid(child, { value: 0 }, 0);
  yield* libc.write(w, 'parent again\n');
  say(`read on O_WRONLY ${yield* libc.read(w, buf, 1)} ${libc.errno === EBADF}`);
  yield* libc.close(w);
  const a = yield* libc.open('log.txt', O_CREAT | O_WRONLY | O_APPEND);
  const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.write(a, 'thread\n'); return 0; });
  yield* libc.write(a, 'main\n');
  yield* libc.pthread_join(t, null);
  yield* libc.close(a);
  say(`mkdir ${yield* libc.mkdir('sub', 0o755)} ${yield* libc.rename('log.txt', 'sub/log.txt')} ${yield* libc.access('log.txt', 0)}`);
  const lg = yield* libc.open('sub/log.txt', O_RDONLY);
  yield* libc.read(lg, buf, 100);
  yield* libc.close(lg);
  say(`log ${buf.value.split('\n').sort().join(',')}`); // either order: the two threads race
  yield* libc.stat('sub', st);
  say(`sub dir ${S_ISDIR(st.value!.st_mode)} cwd ${yield* libc.getcwd()}`);
  say(`chdir ${yield* libc.chdir('sub')} ${yield* libc.getcwd()} ${yield* libc.unlink('log.txt')} ${yield* libc.chdir('..')} ${yield* libc.rmdir('sub')}`);
  const rw = yield* libc.open('out.txt', O_RDWR);
  yield* libc.lseek(rw, 0, SEEK_SET);
  yield* libc.read(rw, buf, 100);
  say(`out ${JSON.stringify(buf.value)}`);
  say(`pread ${yield* libc.pread(rw, buf, 5, 7)} ${buf.value} ${yield* libc.lseek(rw, 0, 1)}`);
  say(`chmod ${yield* libc.chmod('out.txt', 0o600)} ${yield* libc.chmod('/', 0o777)} ${libc.errno === EPERM} umask ${(yield* libc.umask(0o077)).toString(8)}`);
  yield* libc.printf('%s\n', out.join('\n'));
  return 0;
}

describe('files by name through libs/api.ts', () => {
  for (const lib of libraryNames()) {
    it(`${lib}: open/read/write/lseek/stat/fork-shared offset/O_APPEND/rename/unlink/mkdir/rmdir/chdir`, () => {
      const r = runProgram({ program: prog, lib, name: 'files', files: [{ path: 'data/in.txt', data: 'hello world' }] });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe([
        'read hello', 'seek 8', 'tail "rld"', 'fstat size 11 reg true', 'missing -1 No such file or directory true',
        'excl -1 true', 'dir -1 true', 'read on O_WRONLY -1 true', 'mkdir 0 0 -1', 'log ,main,thread', 'sub dir true cwd /home/student',
        'chdir 0 /home/student/sub 0 0 0', 'out "parent\\nchild\\nparent again\\n"', 'pread 5 child 26', 'chmod 0 -1 true umask 22', '',
      ].join('\n'));
      expect(changedFiles(r.kernel).map((f) => f.path)).toEqual(['out.txt']);
    });
  }
});
