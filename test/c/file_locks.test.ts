/**
 * file_locks.test.ts — file locks from C on every library (kernel/locks.ts): flock(2),
 * fcntl record locks with their ranges, F_GETLK, EDEADLK and the close-releases-all rule, OFD
 * locks and lockf(3) (test/c/posix/file_locks.c, one process and its children: every library
 * prints what gcc + glibc print on Linux), and the same locks seen from a thread
 * (test/c/posix/file_locks_threads.c): NPTL, NGPT and green print what Linux prints — the
 * threads are one record-lock owner — while under LinuxThreads a thread is a process of its
 * own (rule 21), so its lock conflicts with main's and its close releases only its own
 * (deviations.ts 'proc:fcntl-locks-shared'). Expected texts: gcc on Linux.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/file_locks.c';
const THREADS = 'test/c/posix/file_locks_threads.c';

const EXPECTED = `flock: the open file owns the lock
flock(fd, LOCK_EX): 0
flock(dup, LOCK_EX|LOCK_NB): 0
flock(other open, LOCK_SH|LOCK_NB): -1 Resource temporarily unavailable (EWOULDBLOCK)
  child flock(inherited fd, LOCK_EX|LOCK_NB): 0
  child flock(own open, LOCK_SH|LOCK_NB): -1 Resource temporarily unavailable (EWOULDBLOCK)
after close(fd): flock(other open, LOCK_SH|LOCK_NB): -1 Resource temporarily unavailable (EWOULDBLOCK)
after close(dup): flock(other open, LOCK_SH|LOCK_NB): 0
flock(fd, LOCK_SH): 0
upgrade flock(other, LOCK_EX|LOCK_NB): -1 Resource temporarily unavailable (EWOULDBLOCK)
upgrade flock(fd, LOCK_EX|LOCK_NB) (other lost its lock): 0
flock(fd, 0): -1 Invalid argument
flock(77, LOCK_SH): -1 Bad file descriptor
fcntl: the process owns record locks
write lock [0,100): 0
unlock [40,60): 0
read lock [50,70): 0
read lock SEEK_END -10 len -5: 0
write lock [200,eof): 0
own locks never conflict: none
  [0,10): write 0 len 40 whence 0 by parent
  [40,45): none
  [45,55): read 50 len 20 whence 0 by parent
  [60,90): read 50 len 20 whence 0 by parent
  [95,105): write 90 len 10 whence 0 by parent
  [150,eof): write 200 len 0 whence 0 by parent
  child read lock [50,60): 0
  child write lock [50,60): -1 Resource temporarily unavailable (EWOULDBLOCK)
  child write lock [40,50): 0
  child F_GETLK with l_type F_UNLCK: -1 Invalid argument
  child lockf(F_TEST, 10): -1 Permission denied
  child lockf(F_TEST, 5) at 40: 0
  child lockf(F_TLOCK, 5) at 40: 0
read lock [40,50) (merges with [50,70)): 0
  [0,eof): write 0 len 40 whence 0 by parent
  [40,41): read 40 len 30 whence 0 by parent
write lock on O_RDONLY: -1 Bad file descriptor
read lock on O_WRONLY: -1 Bad file descriptor
bad l_type: -1 Invalid argument
start before 0: -1 Invalid argument
after close() of another descriptor of the file:
  [0,eof): none
  [40,41): none
F_SETLKW and EDEADLK
write lock [0,1): 0
  child write lock [1,2): 0
  child F_SETLKW [0,1) (the parent waits for the child): -1 Resource deadlock avoided
F_SETLKW [1,2) (granted when the child exits): 0
open file description locks
OFD write lock via a: 0
OFD write lock via b (same process): -1 Resource temporarily unavailable (EWOULDBLOCK)
F_OFD_GETLK via b: write 0 len 10 whence 0 by ofd
F_OFD_GETLK via a: none
F_GETLK via b: write 0 len 10 whence 0 by ofd
F_OFD_SETLK with l_pid 5: -1 Invalid argument
after close(b): F_OFD_GETLK via a new open: write 0 len 10 whence 0 by ofd
after close(a): none
`;

const THREADS_LINUX = `main: F_SETLK write [0,10): 0
main: flock(fd, LOCK_EX): 0
thread: F_SETLK write [5,10): 0
thread: F_GETLK [0,1): none
thread: F_SETLK write [20,30): 0
thread: flock(fd, LOCK_EX|LOCK_NB): 0
thread: flock(own open, LOCK_EX|LOCK_NB): -1 Resource temporarily unavailable
thread: closed its own descriptor of the file
child: F_GETLK [0,1): none
child: F_GETLK [20,21): none
`;

/** LinuxThreads: the thread is another owner (rule 21). */
const THREADS_LINUXTHREADS = THREADS_LINUX
  .replace('thread: F_SETLK write [5,10): 0', 'thread: F_SETLK write [5,10): -1 Resource temporarily unavailable')
  .replace('thread: F_GETLK [0,1): none', 'thread: F_GETLK [0,1): write 0 len 10 by main')
  .replace('child: F_GETLK [0,1): none', 'child: F_GETLK [0,1): write 0 len 10 by main');

beforeAll(async () => { await cprog(PROG); await cprog(THREADS); }, 600_000);

describe.each(LIBS)('C on %s: file locks', (lib) => {
  it('flock, fcntl record locks, OFD locks and lockf in one process and its children print what Linux prints', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe(EXPECTED);
    expect(r.exitCode).toBe(0);
  }, 120_000);

  it(lib === 'linuxthreads'
    ? 'a thread\'s record locks are its own (rule 21: its own tgid): its lock conflicts with main\'s, its close releases only its own'
    : 'a thread shares the process\'s record locks: no conflict with main\'s, and its close releases them all', async () => {
    const r = await runC(THREADS, lib, [], { cpus: 2 });
    expect(r.stdout).toBe(lib === 'linuxthreads' ? THREADS_LINUXTHREADS : THREADS_LINUX);
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
