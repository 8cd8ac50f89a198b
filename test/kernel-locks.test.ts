/**
 * kernel-locks.test.ts — kernel/locks.ts (fs/locks.c): flock(2) locks belong to the open file
 * (shared by dup and fork, released by its last close; a conversion is not atomic), fcntl
 * record locks belong to the process (owner: the descriptor table and the thread group) —
 * split and merged by range, not inherited by fork, ALL released when the process closes any
 * descriptor of the file, EAGAIN for F_SETLK, EDEADLK for F_SETLKW, l_pid in F_GETLK — and
 * open file description locks (F_OFD_*: the open file is the owner, l_pid -1). The owner
 * follows from clone's flags: CLONE_THREAD threads share it, a CLONE_FILES task of its own
 * thread group (LinuxThreads' threads) is another owner.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  EAGAIN, EBADF, EDEADLK, EINTR, EINVAL, O_CREAT, O_RDONLY, O_RDWR, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET, SIGUSR1,
  F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_RDLCK, F_WRLCK, F_UNLCK, LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN,
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, SIGCHLD,
} from '../kernel/uapi.js';
import type { Flock } from '../kernel/locks.js';
import type { Sim } from '../kernel/req.js';
import { run, thread, sleep, catchSig, MS } from './kernel-ipc-helpers.js';

const F = '/tmp/locked';

function* open(flags = O_RDWR | O_CREAT): Sim<number> {
  return (yield sys.open(F, flags, 0o644)) as number;
}

function lk(type: number, start: number, len: number, whence = SEEK_SET): Flock {
  return { l_type: type, l_whence: whence, l_start: start, l_len: len, l_pid: 0 };
}

/** F_GETLK for a write lock on [start, start+len): what is in the way, as "type start len pid" or "none". */
function* probe(fd: number, start = 0, len = 0, cmd = F_GETLK): Sim<string> {
  const fl = lk(F_WRLCK, start, len);
  const r = (yield sys.fcntl(fd, cmd, fl)) as number;
  if (r < 0) return `err ${r}`;
  return fl.l_type === F_UNLCK ? 'none' : `${fl.l_type === F_RDLCK ? 'R' : 'W'} ${fl.l_start} ${fl.l_len} ${fl.l_pid}`;
}

/** Fork a child that runs `fn` and wait for its exit status. */
function* inChild(fn: () => Sim<number>): Sim<number> {
  const pid = (yield sys.fork(fn)) as number;
  const st = { value: 0 };
  yield sys.wait4(pid, st, 0);
  return (st.value >> 8) & 0xff;
}

describe('flock(2): the open file owns the lock', () => {
  it('dup and fork share it; another open of the file conflicts (EWOULDBLOCK with LOCK_NB); LOCK_UN through a dup releases it', () => {
    const got: unknown[] = [];
    run(function* () {
      const a = yield* open();
      const b = yield* open();
      const d = (yield sys.dup(a)) as number;
      got.push(yield sys.flock(a, LOCK_EX), yield sys.flock(d, LOCK_EX | LOCK_NB), yield sys.flock(b, LOCK_SH | LOCK_NB));
      got.push(yield* inChild(function* () { return -((yield sys.flock(a, LOCK_EX | LOCK_NB)) as number); })); // shared: 0
      got.push(yield sys.flock(d, LOCK_UN), yield sys.flock(b, LOCK_SH | LOCK_NB));
      got.push(yield sys.flock(a, 0), yield sys.flock(99, LOCK_SH));
      return 0;
    });
    expect(got).toEqual([0, 0, -EAGAIN, 0, 0, 0, -EINVAL, -EBADF]);
  });

  it('a conversion is not atomic: the shared lock is dropped first, so a failed upgrade leaves none', () => {
    const got: unknown[] = [];
    run(function* () {
      const a = yield* open();
      const b = yield* open();
      got.push(yield sys.flock(a, LOCK_SH), yield sys.flock(b, LOCK_SH));
      got.push(yield sys.flock(a, LOCK_EX | LOCK_NB)); // b holds a shared lock: EWOULDBLOCK ...
      got.push(yield sys.flock(b, LOCK_EX | LOCK_NB)); // ... and a lost its own, so b's upgrade succeeds
      return 0;
    });
    expect(got).toEqual([0, 0, -EAGAIN, 0]);
  });

  it('the last close of the open file releases it (not the first); a waiter blocks until then; a handler ends the wait with EINTR', () => {
    const got: unknown[] = [];
    run(function* () {
      yield* catchSig(SIGUSR1, function* () {});
      const a = yield* open();
      yield sys.flock(a, LOCK_EX);
      const child = (yield sys.fork(function* () {
        yield sys.close(a); // the child's reference goes; the parent's keeps the lock
        const b = yield* open();
        const t0 = (yield sys.clock_gettime()) as number;
        const r1 = (yield sys.flock(b, LOCK_EX)) as number; // interrupted by SIGUSR1
        const r2 = (yield sys.flock(b, LOCK_EX)) as number; // granted when the parent closes
        const waited = Math.round(((yield sys.clock_gettime()) as number - t0) / MS);
        return r1 === -EINTR && r2 === 0 ? waited : 255;
      })) as number;
      yield* sleep(10 * MS);
      yield sys.kill(child, SIGUSR1);
      yield* sleep(10 * MS);
      yield sys.close(a);
      const st = { value: 0 };
      yield sys.wait4(child, st, 0);
      got.push((st.value >> 8) & 0xff);
      return 0;
    });
    expect(got[0]).toBeGreaterThanOrEqual(20);
    expect(got[0]).toBeLessThan(25);
  });
});

describe('fcntl record locks: the process owns them', () => {
  it('ranges split and merge; F_GETLK names the first lock in the way with its process; l_len 0 runs to the end, negative counts back', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* open();
      const me = (yield sys.getpid()) as number;
      yield sys.write(fd, 'x'.repeat(100));
      got.push(yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 0, 100)));
      got.push(yield sys.fcntl(fd, F_SETLK, lk(F_UNLCK, 40, 20))); // [0,39] W, [60,99] W
      got.push(yield sys.fcntl(fd, F_SETLK, lk(F_RDLCK, 50, 20)));  // [50,69] R: [60,69] downgraded
      got.push(yield sys.fcntl(fd, F_SETLK, lk(F_RDLCK, -10, -5, SEEK_END))); // [85,89] R: splits [70,99] W
      got.push(yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 200, 0)));  // [200, end) W
      const seen = yield* inChild(function* () {
        const out = [yield* probe(fd, 0, 10), yield* probe(fd, 40, 5), yield* probe(fd, 45, 10), yield* probe(fd, 60, 30), yield* probe(fd, 95, 10), yield* probe(fd, 150, 0)];
        const want = ['W 0 40 P', 'none', 'R 50 20 P', 'R 50 20 P', 'W 90 10 P', 'W 200 0 P'].map((s) => s.replace('P', String(me)));
        return out.every((s, i) => s === want[i]) ? 0 : 1 + out.findIndex((s, i) => s !== want[i]);
      });
      got.push(seen);
      // merge: a read lock over [40,49] joins [50,69] R; then a write lock over all of it is one lock
      yield sys.fcntl(fd, F_SETLK, lk(F_RDLCK, 40, 10));
      got.push(yield* inChild(function* () { return (yield* probe(fd, 40, 1)) === `R 40 30 ${me}` ? 0 : 1; }));
      yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 0, 0));
      got.push(yield* inChild(function* () { return (yield* probe(fd, 1000, 1)) === `W 0 0 ${me}` ? 0 : 1; }));
      got.push(yield* probe(fd, 0, 0)); // the owner's own locks never get in its way
      return 0;
    });
    expect(got).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 'none']);
  });

  it('F_SETLK: EAGAIN on a conflict, EBADF for a lock the open mode does not allow, EINVAL for a bad type, whence or start', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* open();
      yield sys.fcntl(fd, F_SETLK, lk(F_RDLCK, 0, 10));
      got.push(yield* inChild(function* () {
        const r = [
          yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 5, 1)), yield sys.fcntl(fd, F_SETLK, lk(F_RDLCK, 5, 1)),
          yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 10, 1)),
        ];
        return r.join() === `${-EAGAIN},0,0` ? 0 : 1;
      }));
      const ro = yield* open(O_RDONLY);
      const wo = yield* open(O_WRONLY);
      got.push(yield sys.fcntl(ro, F_SETLK, lk(F_WRLCK, 0, 1)), yield sys.fcntl(wo, F_SETLK, lk(F_RDLCK, 0, 1)));
      got.push(yield sys.fcntl(fd, F_SETLK, lk(7, 0, 1)), yield sys.fcntl(fd, F_SETLK, lk(F_RDLCK, 0, 1, 9)));
      got.push(yield sys.fcntl(fd, F_SETLK, lk(F_RDLCK, -1, 1)), yield sys.fcntl(fd, F_SETLK, lk(F_RDLCK, 2, -5)));
      got.push(yield sys.fcntl(fd, F_GETLK, lk(F_UNLCK, 0, 1)), yield sys.lseek(fd, 0, SEEK_CUR));
      return 0;
    });
    expect(got).toEqual([0, -EBADF, -EBADF, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, 0]);
  });

  it('closing ANY descriptor of the file releases all the process\'s locks on it; fork does not inherit them', () => {
    const got: unknown[] = [];
    run(function* () {
      const a = yield* open();
      const b = yield* open(O_RDONLY); // another open file of the same inode
      yield sys.fcntl(a, F_SETLK, lk(F_WRLCK, 0, 10));
      got.push(yield* inChild(function* () {
        // the child holds nothing: its own lock request conflicts with the parent's
        return (yield sys.fcntl(a, F_SETLK, lk(F_WRLCK, 0, 1))) === -EAGAIN ? 0 : 1;
      }));
      yield sys.close(b);
      got.push(yield* inChild(function* () { return (yield sys.fcntl(a, F_SETLK, lk(F_WRLCK, 0, 1))) as number; }));
      return 0;
    });
    expect(got).toEqual([0, 0]);
  });

  it('F_SETLKW waits for the lock; two processes waiting for each other: the second gets EDEADLK', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* open();
      yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 0, 1));
      const child = (yield sys.fork(function* () {
        yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 1, 1));
        yield* sleep(10 * MS); // the parent is waiting for byte 1 by now
        const r = (yield sys.fcntl(fd, F_SETLKW, lk(F_WRLCK, 0, 1))) as number;
        yield* sleep(10 * MS);
        return -r; // exit: its lock on byte 1 goes, the parent gets it
      })) as number;
      yield* sleep(5 * MS);
      got.push(yield sys.fcntl(fd, F_SETLKW, lk(F_WRLCK, 1, 1)));
      const st = { value: 0 };
      yield sys.wait4(child, st, 0);
      got.push((st.value >> 8) & 0xff);
      return 0;
    });
    expect(got).toEqual([0, EDEADLK]);
  });

  it('open file description locks: the open file owns them (two opens conflict even in one process), l_pid is -1, l_pid must be 0', () => {
    const got: unknown[] = [];
    run(function* () {
      const a = yield* open();
      const b = yield* open();
      got.push(yield sys.fcntl(a, F_OFD_SETLK, lk(F_WRLCK, 0, 10)), yield sys.fcntl(b, F_OFD_SETLK, lk(F_WRLCK, 5, 1)));
      got.push(yield* probe(b, 0, 1, F_OFD_GETLK), yield* probe(a, 0, 1, F_OFD_GETLK), yield* probe(b, 0, 1));
      got.push(yield sys.fcntl(a, F_OFD_SETLK, { ...lk(F_RDLCK, 0, 1), l_pid: 5 }));
      yield sys.close(b); // not a's lock: an OFD lock goes with its open file's last close only
      got.push(yield* inChild(function* () { return (yield sys.fcntl(a, F_SETLK, lk(F_RDLCK, 0, 1))) === -EAGAIN ? 0 : 1; }));
      return 0;
    });
    expect(got).toEqual([0, -EAGAIN, 'W 0 10 -1', 'none', 'W 0 10 -1', -EINVAL, 0]);
  });
});

describe('who owns a record lock follows from clone', () => {
  it('CLONE_THREAD threads are one owner; a CLONE_FILES task of its own thread group (a LinuxThreads thread) is another, and its close releases only its locks', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* open();
      yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 0, 10));
      let tRes = 0, ltRes: unknown[] = [];
      yield* thread(function* () { tRes = (yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 5, 10))) as number; return 0; });
      yield* sleep(5 * MS);
      const flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | SIGCHLD; // rule 21's clone, minus the cancel signal
      yield sys.clone({
        flags, fn: function* () {
          ltRes = [yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 0, 1)), yield* probe(fd, 0, 1), yield sys.fcntl(fd, F_SETLK, lk(F_WRLCK, 20, 1))];
          const fd2 = (yield sys.dup(fd)) as number;
          yield sys.close(fd2); // releases this task's lock on byte 20, not the group's
          return 0;
        }, arg: null,
      });
      yield* sleep(5 * MS);
      got.push(tRes, ...ltRes);
      got.push(yield* inChild(function* () {
        const r = [yield* probe(fd, 0, 1), yield* probe(fd, 20, 1)];
        return r[0].startsWith('W 0 15 ') && r[1] === 'none' ? 0 : 1;
      }));
      return 0;
    });
    expect(got[0]).toBe(0);
    expect(got[1]).toBe(-EAGAIN);
    expect(got[2]).toMatch(/^W 0 15 \d+$/);
    expect(got.slice(3)).toEqual([0, 0]);
  });
});

