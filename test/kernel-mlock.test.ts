/**
 * kernel-mlock.test.ts — mlock, munlock, mlockall, munlockall (kernel/mlock.ts) against
 * RLIMIT_MEMLOCK as mm/mlock.c has them: ENOMEM for a range not wholly mapped, EINVAL for bad
 * mlockall flags, EPERM with a zero limit (unless root), ENOMEM past the limit (pages already
 * locked not counted twice), MCL_FUTURE locking new mappings and mmap's EAGAIN past the limit,
 * MAP_LOCKED, munmap and munlockall unlocking, and a fork child inheriting no locks.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  EAGAIN, EINVAL, ENOMEM, EPERM, MAP_ANONYMOUS, MAP_LOCKED, MAP_PRIVATE, MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT, PROT_READ,
  PROT_WRITE, RLIMIT_MEMLOCK,
} from '../kernel/uapi.js';
import { lockedVm, NR_MLOCK, MLOCK_SYSCALLS } from '../kernel/mlock.js';
import { NR_MSYNC, MSYNC_SYSCALLS } from '../kernel/msync.js';
import { NR } from '../kernel/syscalls.js';
import { USER_BASE } from '../kernel/mm.js';
import { Cred } from '../kernel/cred.js';
import { run, me } from './kernel-ipc-helpers.js';

const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const PAGE = 4096;

describe('the system calls (mlock.ts, msync.ts)', () => {
  it("numbers are x86-64's and equal NR's", () => {
    for (const [name, nr] of Object.entries(NR_MLOCK)) expect((NR as Record<string, number>)[name]).toBe(nr);
    expect(MLOCK_SYSCALLS.map((e) => e.nr)).toEqual(Object.values(NR_MLOCK));
    expect([NR.msync, MSYNC_SYSCALLS[0].nr]).toEqual([NR_MSYNC, 26]);
  });
});

describe('mlock and munlock', () => {
  it('lock whole pages of mapped ranges; ENOMEM for a hole; munlock and munmap unlock', () => {
    const got: unknown[] = [];
    run(function* (k) {
      const mm = me(k).mm!;
      const a = (yield sys.mmap(4 * PAGE, RW, ANON, -1, 0)) as number;
      got.push(yield sys.mlock(a + 100, PAGE)); // two pages: [a, a + 2 pages)
      got.push(lockedVm(mm));
      got.push(yield sys.mlock(a, 3 * PAGE), lockedVm(mm)); // one more, the first two not twice
      got.push(yield sys.mlock(USER_BASE, PAGE), lockedVm(mm)); // the data segment is mapped
      got.push(yield sys.mlock(0x1000, PAGE)); // below the image: nothing there
      got.push(yield sys.mlock(a, 5 * PAGE)); // runs past the mapping
      got.push(yield sys.munlock(a, PAGE), lockedVm(mm));
      got.push(yield sys.munlock(0x1000, PAGE));
      got.push(yield sys.munmap(a), lockedVm(mm));
      got.push(yield sys.mlock(a, 0)); // empty: nothing to check
      return 0;
    });
    expect(got).toEqual([0, 2, 0, 3, 0, 4, -ENOMEM, -ENOMEM, 0, 3, -ENOMEM, 0, 1, 0]);
  });

  it('RLIMIT_MEMLOCK: zero is EPERM, past it ENOMEM; root passes both', () => {
    const got: unknown[] = [];
    run(function* (k) {
      const a = (yield sys.mmap(8 * PAGE, RW, ANON, -1, 0)) as number;
      yield sys.setrlimit(RLIMIT_MEMLOCK, { cur: 4 * PAGE, max: 8 * PAGE });
      got.push(yield sys.mlock(a, 4 * PAGE));
      got.push(yield sys.mlock(a, 5 * PAGE)); // one page over
      got.push(yield sys.mlock(a, 4 * PAGE)); // all already locked: fine
      yield sys.setrlimit(RLIMIT_MEMLOCK, { cur: 0, max: 8 * PAGE });
      got.push(yield sys.mlock(a, PAGE), yield sys.mlockall(MCL_CURRENT));
      got.push(yield sys.mlock(0x1000, PAGE)); // EPERM comes before the range's ENOMEM
      me(k).cred = Cred.of(0, 0);
      got.push(yield sys.mlock(a, 8 * PAGE), yield sys.mlockall(MCL_CURRENT));
      return 0;
    });
    expect(got).toEqual([0, -ENOMEM, 0, -EPERM, -EPERM, -EPERM, 0, 0]);
  });
});

describe('mlockall and munlockall', () => {
  it('flags: none, unknown, or MCL_ONFAULT alone are EINVAL', () => {
    const got: unknown[] = [];
    run(function* () {
      for (const f of [0, 8, ~(MCL_CURRENT | MCL_FUTURE), MCL_ONFAULT]) got.push(yield sys.mlockall(f));
      got.push(yield sys.mlockall(MCL_CURRENT | MCL_ONFAULT), yield sys.munlockall());
      return 0;
    });
    expect(got).toEqual([-EINVAL, -EINVAL, -EINVAL, -EINVAL, 0, 0]);
  });

  it('MCL_CURRENT locks every mapped page; ENOMEM when the address space is over the limit', () => {
    const got: unknown[] = [];
    run(function* (k) {
      const mm = me(k).mm!;
      got.push(yield sys.mlockall(MCL_CURRENT));
      got.push(lockedVm(mm) > 0);
      yield sys.munlockall();
      got.push(lockedVm(mm));
      yield sys.mmap(4 * 1024 * 1024, RW, ANON, -1, 0);
      yield sys.setrlimit(RLIMIT_MEMLOCK, { cur: 1024 * 1024, max: 8 * 1024 * 1024 });
      got.push(yield sys.mlockall(MCL_CURRENT), yield sys.mlockall(MCL_FUTURE));
      return 0;
    });
    expect(got).toEqual([0, true, 0, -ENOMEM, 0]);
  });

  it('MCL_FUTURE locks new mappings; past the limit mmap is EAGAIN; MAP_LOCKED too; a fork child has none', () => {
    const got: unknown[] = [];
    run(function* (k) {
      const mm = me(k).mm!;
      yield sys.setrlimit(RLIMIT_MEMLOCK, { cur: 16 * PAGE, max: 16 * PAGE });
      got.push(yield sys.mmap(20 * PAGE, RW, ANON | MAP_LOCKED, -1, 0)); // EAGAIN
      got.push((yield sys.mmap(2 * PAGE, RW, ANON | MAP_LOCKED, -1, 0)) > 0, lockedVm(mm));
      got.push(yield sys.mlockall(MCL_FUTURE));
      got.push((yield sys.mmap(4 * PAGE, RW, ANON, -1, 0)) > 0, lockedVm(mm));
      got.push(yield sys.mmap(11 * PAGE, RW, ANON, -1, 0)); // 6 + 11 > 16
      const child = (yield sys.fork(function* () {
        const cm = me(k).mm!;
        got.push(lockedVm(cm), ((yield sys.mmap(11 * PAGE, RW, ANON, -1, 0)) as number) > 0, lockedVm(cm));
        return 0;
      })) as number;
      yield sys.wait4(child, null, 0);
      yield sys.setrlimit(RLIMIT_MEMLOCK, { cur: 0, max: 16 * PAGE });
      got.push(yield sys.mmap(PAGE, RW, ANON | MAP_LOCKED, -1, 0)); // can_do_mlock: EPERM
      return 0;
    });
    expect(got).toEqual([-EAGAIN, true, 2, 0, true, 6, -EAGAIN, 0, true, 0, -EPERM]);
  });
});
