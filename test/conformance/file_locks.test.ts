/**
 * file_locks.test.ts — record locks and flock locks seen from a program's threads, on every
 * library (the kernel side: test/kernel-locks.test.ts).
 *
 * POSIX: a record lock (fcntl F_SETLK) belongs to the process, so its threads share them — a
 * thread's lock never conflicts with main's, and a thread closing any descriptor of the file
 * releases the process's locks on it. The kernel's owner is the descriptor table and the
 * thread group (kernel/locks.ts, Linux 2.4–2.6.8's posix_same_owner), so which libraries keep
 * the rule follows from how they clone: NPTL's and NGPT's threads (CLONE_THREAD) and green's
 * one task share the owner; a LinuxThreads thread is a process of its own (rule 21: no
 * CLONE_THREAD, its own tgid) — its lock conflicts with main's and its close releases only its
 * own (deviations.ts 'proc:fcntl-locks-shared'). A flock lock belongs to the open file, which
 * every library's threads share (CLONE_FILES): no library differs there.
 */

import { describe, expect, it } from 'vitest';
import {
  EAGAIN, F_GETLK, F_SETLK, F_WRLCK, F_UNLCK, LOCK_EX, LOCK_NB, O_CREAT, O_RDWR, SEEK_SET, type Flock, type Libc, type Sim,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

const lk = (type: number, start: number, len: number): Flock => ({ l_type: type, l_whence: SEEK_SET, l_start: start, l_len: len, l_pid: 0 });

/** What a child process sees at byte `at`: 'none' or 'main' (locked by main's pid) or 'other'. */
function* holderSeenByChild(libc: Libc, fd: number, at: number, mainPid: number): Sim<string> {
  const seen = { value: '' };
  const pid = yield* libc.fork(function* (l: Libc) {
    const fl = lk(F_WRLCK, at, 1);
    yield* l.fcntl(fd, F_GETLK, fl);
    seen.value = fl.l_type === F_UNLCK ? 'none' : fl.l_pid === mainPid ? 'main' : 'other';
    yield* l.printf('%s\n', seen.value);
    return 0;
  });
  yield* libc.waitpid(pid, null, 0);
  return seen.value;
}

/**
 * main locks [0,10) and holds a flock lock; a thread locks [5,10) and [20,30), tries flock on
 * the shared descriptor and on its own open, then closes its own open of the file. Main prints
 * what the thread got; a child prints who holds bytes 0 and 20 afterwards.
 */
const threadsAndLocks: Program = function* (libc) {
  const fd = yield* libc.open('/tmp/locks.test', O_RDWR | O_CREAT, 0o644);
  const me = yield* libc.getpid();
  yield* libc.fcntl(fd, F_SETLK, lk(F_WRLCK, 0, 10));
  yield* libc.flock(fd, LOCK_EX);
  const got: string[] = [];
  const t = yield* libc.pthread_create(function* (l: Libc) {
    const a = yield* l.fcntl(fd, F_SETLK, lk(F_WRLCK, 5, 5));
    got.push(a === 0 ? 'shared' : `conflict:${l.errno === EAGAIN ? 'EAGAIN' : l.errno}`);
    yield* l.fcntl(fd, F_SETLK, lk(F_WRLCK, 20, 10));
    got.push(`flock-fd:${yield* l.flock(fd, LOCK_EX | LOCK_NB)}`);
    const own = yield* l.open('/tmp/locks.test', O_RDWR);
    got.push(`flock-own:${yield* l.flock(own, LOCK_EX | LOCK_NB)}`);
    yield* l.close(own);
    return 0;
  });
  yield* libc.pthread_join(t);
  yield* libc.printf('%s\n', got.join(' '));
  yield* holderSeenByChild(libc, fd, 0, me);
  yield* holderSeenByChild(libc, fd, 20, me);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`file locks and threads on ${lib}`, () => {
    check(lib, 'proc:fcntl-locks-shared', 'POSIX: record locks are the process\'s — a thread\'s lock merges with main\'s, and its close of the file releases them all; flock locks are the open file\'s', () => {
      const r = run(lib, threadsAndLocks, { cpus: 2 });
      expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
      expect(lines(r)).toEqual(['shared flock-fd:0 flock-own:-1', 'none', 'none']);
    });
  });
}

describe('LinuxThreads: each thread is its own record-lock owner (rule 21)', () => {
  it('the thread\'s lock conflicts with main\'s (EAGAIN); its close releases only its own lock, main\'s stays; flock is shared as on every library', () => {
    const r = run('linuxthreads', threadsAndLocks, { cpus: 2 });
    expect(lines(r)).toEqual(['conflict:EAGAIN flock-fd:0 flock-own:-1', 'main', 'none']);
  });
});
