/**
 * kernel-shmem.test.ts — memory shared between processes (kernel/shmem.ts, sys_mmap.ts, mm.ts,
 * futex.ts): a MAP_SHARED|MAP_ANONYMOUS page is the same memory in parent and child after fork,
 * a MAP_PRIVATE one is copied (copy-on-write), shared futexes key on the object so a wake in
 * one process reaches a waiter in another (and a private futex does not), munmap, the
 * /dev/shm namespace's open/unlink/ftruncate errors, and the pshared arena's agreed address.
 */

import { describe, it, expect } from 'vitest';
import { runMain, me } from './kernel-process-helpers.js';
import { sys } from '../kernel/usys.js';
import { uload, ustore, upsharedAlloc, mappingAt } from '../kernel/uaccess.js';
import {
  MAP_SHARED, MAP_PRIVATE, MAP_ANONYMOUS, PROT_READ, PROT_WRITE, FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG,
  O_CREAT, O_EXCL, O_RDWR, O_RDONLY, EEXIST, ENOENT, EINVAL, ENAMETOOLONG, EBADF, ENODEV, EACCES, ETIMEDOUT,
} from '../kernel/uapi.js';
import { PSHARED_BASE } from '../kernel/shmem.js';
import type { Sim } from '../kernel/req.js';

const RW = PROT_READ | PROT_WRITE;
const MS = 1_000_000;

function* waitChild(pid: number): Sim<number> {
  const st = { value: 0 };
  yield sys.wait4(pid, st, 0);
  return st.value;
}

describe('shared and private mappings across fork', () => {
  it('a MAP_SHARED|MAP_ANONYMOUS page is the same memory in parent and child (both ways)', () => {
    const seen: number[] = [];
    runMain(function* () {
      const a = (yield sys.mmap(4096, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0)) as number;
      expect(a).toBeGreaterThan(0);
      ustore(a, 1);
      const pid = (yield sys.fork(function* () {
        seen.push(uload(a)); // 1: written before fork
        ustore(a + 4, 42); // seen by the parent
        ustore(a, 2);
        return 0;
      })) as number;
      yield* waitChild(pid);
      seen.push(uload(a), uload(a + 4));
      return 0;
    });
    expect(seen).toEqual([1, 2, 42]);
  });

  it('a MAP_PRIVATE|MAP_ANONYMOUS page stays private: the child writes its copy, one COW fault', () => {
    const seen: number[] = [];
    runMain(function* (k) {
      const a = (yield sys.mmap(8192, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) as number;
      ustore(a, 7);
      const pid = (yield sys.fork(function* () {
        const m = me(k).mm!;
        const before = m.cowFaults;
        ustore(a, 8);
        ustore(a + 8, 9); // same page: no second fault
        seen.push(uload(a), m.cowFaults - before);
        return 0;
      })) as number;
      yield* waitChild(pid);
      seen.push(uload(a), uload(a + 8));
      return 0;
    });
    expect(seen).toEqual([8, 1, 7, 0]);
  });

  it('munmap of a shared mapping: the other process keeps the object; a new mapping is new memory', () => {
    const seen: number[] = [];
    runMain(function* (k) {
      const a = (yield sys.mmap(4096, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0)) as number;
      const shm = mappingAt(a)!.shm;
      const pid = (yield sys.fork(function* () {
        seen.push(shm.nattch); // parent + child
        expect((yield sys.munmap(a)) as number).toBe(0);
        seen.push(shm.nattch);
        return 0;
      })) as number;
      yield* waitChild(pid);
      ustore(a, 5);
      seen.push(uload(a), shm.nattch);
      expect((yield sys.munmap(a)) as number).toBe(0);
      seen.push(shm.nattch);
      expect(me(k).mm!.backedVma(a)).toBeNull();
      return 0;
    });
    expect(seen).toEqual([2, 1, 5, 1, 0]);
  });

  it('mmap refuses bad flag combinations and descriptors', () => {
    const r: number[] = [];
    runMain(function* () {
      r.push((yield sys.mmap(4096, RW, MAP_ANONYMOUS, -1, 0)) as number); // neither shared nor private
      r.push((yield sys.mmap(4096, RW, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) as number);
      r.push((yield sys.mmap(4096, RW, MAP_SHARED, 99, 0)) as number);
      r.push((yield sys.mmap(4096, RW, MAP_SHARED, 1, 0)) as number); // the console
      r.push((yield sys.mmap(4096, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 100)) as number);
      return 0;
    });
    expect(r).toEqual([-EINVAL, -EINVAL, -EBADF, -ENODEV, -EINVAL]);
  });
});

describe('shared futexes (get_futex_key)', () => {
  it('a FUTEX_WAKE in the child wakes the parent waiting on a word of a shared mapping', () => {
    const out: (number | string)[] = [];
    runMain(function* () {
      const a = (yield sys.mmap(4096, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0)) as number;
      const pid = (yield sys.fork(function* () {
        yield sys.nanosleep(5 * MS);
        ustore(a, 1);
        out.push(`woke ${(yield sys.futex(a, FUTEX_WAKE, 1)) as number}`);
        return 0;
      })) as number;
      out.push((yield sys.futex(a, FUTEX_WAIT, 0, 100 * MS)) as number, uload(a));
      yield* waitChild(pid);
      return 0;
    });
    expect(out).toEqual(['woke 1', 0, 1]);
  });

  it('the same word through FUTEX_PRIVATE_FLAG keys on the mm: the other process is not woken', () => {
    const out: (number | string)[] = [];
    runMain(function* () {
      const a = (yield sys.mmap(4096, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0)) as number;
      const pid = (yield sys.fork(function* () {
        yield sys.nanosleep(5 * MS);
        out.push(`woke ${(yield sys.futex(a, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1)) as number}`);
        return 0;
      })) as number;
      out.push((yield sys.futex(a, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 20 * MS)) as number);
      yield* waitChild(pid);
      return 0;
    });
    expect(out).toEqual(['woke 0', -ETIMEDOUT]);
  });

  it('a shm_open object mapped at different addresses keys on (object, offset)', () => {
    const out: (number | string)[] = [];
    runMain(function* () {
      const fd = (yield sys.open('/dev/shm/obj', O_RDWR | O_CREAT, 0o600)) as number;
      expect((yield sys.ftruncate(fd, 8192)) as number).toBe(0);
      const pid = (yield sys.fork(function* () {
        yield sys.mmap(4096 * 3, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); // move the child's next address
        const b = (yield sys.mmap(8192, RW, MAP_SHARED, fd, 0)) as number;
        yield sys.nanosleep(5 * MS);
        ustore(b + 4096, 3);
        out.push(`woke ${(yield sys.futex(b + 4096, FUTEX_WAKE, 1)) as number}`);
        return 0;
      })) as number;
      const a = (yield sys.mmap(8192, RW, MAP_SHARED, fd, 0)) as number;
      out.push((yield sys.futex(a + 4096, FUTEX_WAIT, 0, 100 * MS)) as number, uload(a + 4096));
      yield* waitChild(pid);
      return 0;
    });
    expect(out).toEqual(['woke 1', 0, 3]);
  });
});

describe('/dev/shm names (shm_open and sem_open underneath)', () => {
  it('O_CREAT|O_EXCL, ENOENT, unlink, ENAMETOOLONG, ftruncate of a read-only descriptor', () => {
    const r: number[] = [];
    runMain(function* () {
      r.push((yield sys.open('/dev/shm/x', O_RDWR, 0)) as number);
      const fd = (yield sys.open('/dev/shm/x', O_RDWR | O_CREAT | O_EXCL, 0o644)) as number;
      r.push(fd >= 0 ? 0 : fd);
      r.push((yield sys.open('/dev/shm/x', O_RDWR | O_CREAT | O_EXCL, 0o644)) as number);
      const ro = (yield sys.open('/dev/shm/x', O_RDONLY, 0)) as number;
      r.push((yield sys.ftruncate(ro, 100)) as number);
      r.push((yield sys.open('/dev/shm/' + 'n'.repeat(256), O_RDWR | O_CREAT, 0o600)) as number);
      r.push((yield sys.unlink('/dev/shm/x')) as number);
      r.push((yield sys.unlink('/dev/shm/x')) as number);
      r.push((yield sys.open('/dev/shm/x', O_RDWR, 0)) as number);
      return 0;
    });
    expect(r).toEqual([-ENOENT, 0, -EEXIST, -EINVAL, -ENAMETOOLONG, 0, -ENOENT, -ENOENT]);
  });

  it('the mode bits are checked against a non-root opener, after the umask', () => {
    const r: number[] = [];
    runMain(function* (k) {
      expect(me(k).cred.euid).not.toBe(0); // programs run as the student
      yield sys.open('/dev/shm/p', O_RDWR | O_CREAT, 0o466); // umask 022: r--r--r--
      r.push((yield sys.open('/dev/shm/p', O_RDWR, 0)) as number);
      r.push((yield sys.open('/dev/shm/p', O_RDONLY, 0)) as number >= 0 ? 0 : -1);
      return 0;
    });
    expect(r).toEqual([-EACCES, 0]);
  });

  it('another user of the object\'s group gets the group bits (generic_permission), others the other bits', () => {
    const r: number[] = [];
    runMain(function* (k) {
      const fd = (yield sys.open('/dev/shm/g', O_RDWR | O_CREAT, 0o640)) as number; // rw-r-----, the student's group
      r.push(fd >= 0 ? 0 : fd);
      const cred = me(k).cred;
      cred.euid = cred.fsuid = cred.euid + 1; // another user of the same group
      r.push((yield sys.open('/dev/shm/g', O_RDONLY, 0)) as number >= 0 ? 0 : -1);
      r.push((yield sys.open('/dev/shm/g', O_RDWR, 0)) as number);
      cred.fsgid = cred.egid = cred.egid + 1; // and of another group: the other bits, none
      r.push((yield sys.open('/dev/shm/g', O_RDONLY, 0)) as number);
      return 0;
    });
    expect(r).toEqual([0, 0, -EACCES, -EACCES]);
  });
});

describe('the pshared arena', () => {
  it('is mapped at the same address in every process, and its words are shared after fork', () => {
    const seen: number[] = [];
    runMain(function* () {
      const w = upsharedAlloc(2);
      expect(w).toBeGreaterThanOrEqual(PSHARED_BASE);
      const pid = (yield sys.fork(function* () {
        ustore(w + 4, 11);
        const w2 = upsharedAlloc(1); // the next word, allocated in the child
        ustore(w2, 12);
        return 0;
      })) as number;
      yield* waitChild(pid);
      seen.push(uload(w + 4), uload(w + 8));
      return 0;
    });
    expect(seen).toEqual([11, 12]);
  });
});
