/**
 * kernel-mmap-file.test.ts — mmap of a regular file (kernel/filemap.ts, sys_mmap.ts) and msync
 * (kernel/msync.ts): MAP_SHARED maps the file's pages (a store is what read(2) returns, a
 * write(2) is what the mapping holds, a fork child's mapping is the same pages), MAP_PRIVATE is
 * the content at mmap and its stores stay private; do_mmap's errors in Linux's order (EINVAL for
 * the offset before EBADF, EACCES before ENODEV, ENOMEM for a length past the address space);
 * msync's EINVAL/ENOMEM/EBUSY and the mtime its stores move.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { uload, ustore } from '../kernel/uaccess.js';
import {
  MAP_SHARED, MAP_PRIVATE, PROT_READ, PROT_WRITE, O_CREAT, O_RDWR, O_RDONLY, O_WRONLY, EACCES, EBADF, EINVAL, ENODEV,
  ENOMEM, MS_ASYNC, MS_SYNC, MS_INVALIDATE, MCL_CURRENT, EBUSY,
} from '../kernel/uapi.js';
import type { Stat } from '../kernel/file.js';
import type { Sim } from '../kernel/req.js';
import { run } from './kernel-ipc-helpers.js';

const RW = PROT_READ | PROT_WRITE;

function* fileWith(path: string, data: string): Sim<number> {
  const fd = (yield sys.open(path, O_CREAT | O_RDWR, 0o600)) as number;
  yield sys.write(fd, data);
  return fd;
}

/** Four bytes as the little-endian word a load sees. */
const word = (s: string): number => s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24);

describe('mmap of a regular file', () => {
  it('MAP_SHARED: loads see the file, stores reach read(2) and a write(2) reaches the mapping', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* fileWith('/tmp/f', 'abcdefgh');
      const a = (yield sys.mmap(8, RW, MAP_SHARED, fd, 0)) as number;
      got.push(uload(a) === word('abcd'));
      ustore(a, word('WXYZ'));
      got.push(yield sys.pread(fd, 8, 0));
      yield sys.pwrite(fd, 'kl', 4);
      got.push(uload(a + 4) === word('klgh'));
      return 0;
    });
    expect(got).toEqual([true, 'WXYZefgh', true]);
  });

  it('MAP_SHARED is the same pages in a fork child; MAP_PRIVATE keeps its stores to itself', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* fileWith('/tmp/g', 'abcdefgh');
      const s = (yield sys.mmap(8, RW, MAP_SHARED, fd, 0)) as number;
      const p = (yield sys.mmap(8, RW, MAP_PRIVATE, fd, 0)) as number;
      ustore(p, word('PPPP'));
      const child = (yield sys.fork(function* () {
        ustore(s + 4, word('CCCC'));
        return 0;
      })) as number;
      yield sys.wait4(child, null, 0);
      got.push(yield sys.pread(fd, 8, 0), uload(p) === word('PPPP'), uload(s + 4) === word('CCCC'));
      return 0;
    });
    expect(got).toEqual(['abcdCCCC', true, true]);
  });

  it("do_mmap's errors in Linux's order", () => {
    const got: number[] = [];
    run(function* () {
      const fd = yield* fileWith('/tmp/h', 'x');
      const ro = (yield sys.open('/tmp/h', O_RDONLY, 0)) as number;
      const wo = (yield sys.open('/tmp/h', O_WRONLY, 0)) as number;
      const [r] = (yield sys.pipe()) as number[];
      const dir = (yield sys.open('/tmp', O_RDONLY, 0)) as number;
      got.push((yield sys.mmap(4096, RW, MAP_SHARED, 99, 100)) as number); // offset first: EINVAL
      got.push((yield sys.mmap(4096, RW, MAP_SHARED, 99, 0)) as number); // EBADF
      got.push((yield sys.mmap(0, RW, MAP_SHARED, fd, 0)) as number); // EINVAL
      got.push((yield sys.mmap(2 ** 31, RW, MAP_SHARED, fd, 0)) as number); // ENOMEM
      got.push((yield sys.mmap(4096, RW, MAP_SHARED, ro, 0)) as number); // EACCES
      got.push((yield sys.mmap(4096, PROT_READ, MAP_PRIVATE, wo, 0)) as number); // EACCES
      got.push((yield sys.mmap(4096, PROT_READ, MAP_SHARED, r, 0)) as number); // ENODEV
      got.push((yield sys.mmap(4096, PROT_READ, MAP_SHARED, dir, 0)) as number); // ENODEV
      got.push((yield sys.mmap(4096, RW, 0x4, fd, 0)) as number); // no type: EINVAL
      got.push((yield sys.mmap(4096, RW, MAP_PRIVATE, ro, 0)) > 0 ? 1 : 0); // private write of a read-only fd: fine
      return 0;
    });
    expect(got).toEqual([-EINVAL, -EBADF, -EINVAL, -ENOMEM, -EACCES, -EACCES, -ENODEV, -ENODEV, -EINVAL, 1]);
  });

  it('the mapping outlives close and unlink; munmap ends it', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* fileWith('/tmp/u', 'abcd');
      const a = (yield sys.mmap(4, RW, MAP_SHARED, fd, 0)) as number;
      yield sys.close(fd);
      yield sys.unlink('/tmp/u');
      got.push(uload(a) === word('abcd'), yield sys.munmap(a), yield sys.msync(a, 4, MS_SYNC));
      return 0;
    });
    expect(got).toEqual([true, 0, -ENOMEM]);
  });
});

describe('msync', () => {
  it("flags and ranges: EINVAL, ENOMEM, EBUSY on locked pages; a store's msync moves mtime and ctime", () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* fileWith('/tmp/m', 'abcd');
      const a = (yield sys.mmap(4096, RW, MAP_SHARED, fd, 0)) as number;
      const st = (): Sim<Stat> => (function* () { const o: { value?: Stat } = {}; yield sys.fstat(fd, o); return o.value!; })();
      const before = yield* st();
      yield sys.nanosleep(1e9);
      got.push(yield sys.msync(a, 4096, MS_SYNC)); // nothing stored: no time moves
      got.push((yield* st()).st_mtime === before.st_mtime);
      ustore(a, word('zzzz'));
      got.push(yield sys.msync(a, 4096, MS_ASYNC));
      const after = yield* st();
      got.push(after.st_ctime === after.st_mtime && after.st_mtime! >= before.st_mtime! + 1e9);
      got.push(yield sys.msync(a, 10, 8)); // unknown flag
      got.push(yield sys.msync(a + 1, 10, MS_SYNC)); // not page-aligned
      got.push(yield sys.msync(a, 10, MS_SYNC | MS_ASYNC));
      got.push(yield sys.msync(a, 0, MS_SYNC)); // empty: 0
      got.push(yield sys.msync(a, 8192, MS_SYNC)); // runs past the mapping
      got.push(yield sys.msync(a, 4096, MS_INVALIDATE));
      yield sys.mlockall(MCL_CURRENT);
      got.push(yield sys.msync(a, 4096, MS_INVALIDATE));
      return 0;
    });
    expect(got).toEqual([0, true, 0, true, -EINVAL, -EINVAL, -EINVAL, 0, -ENOMEM, 0, -EBUSY]);
  });
});

describe('a /dev/shm descriptor (shmem_rw.ts)', () => {
  it('write grows the object and is what a mapping holds; read stops at i_size; lseek, fstat, EBADF', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = (yield sys.open('/dev/shm/rw', O_CREAT | O_RDWR, 0o600)) as number;
      got.push(yield sys.write(fd, 'abcd'));
      const a = (yield sys.mmap(4096, RW, MAP_SHARED, fd, 0)) as number;
      got.push(uload(a) === word('abcd'));
      ustore(a, word('WXYZ'));
      got.push(yield sys.lseek(fd, 2, 0), yield sys.read(fd, 100));
      got.push(yield sys.lseek(fd, 0, 2), yield sys.lseek(fd, -10, 1));
      const st: { value?: Stat } = {};
      yield sys.fstat(fd, st);
      got.push(st.value!.st_size);
      const ro = (yield sys.open('/dev/shm/rw', O_RDONLY, 0)) as number;
      got.push(yield sys.write(ro, 'x'), yield sys.read(ro, 2));
      return 0;
    });
    expect(got).toEqual([4, true, 2, 'YZ', 4, -EINVAL, 4, -EBADF, 'WX']);
  });
});
