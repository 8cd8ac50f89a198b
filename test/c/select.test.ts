/**
 * select.test.ts — select(2) and pselect(2) from C on every library (test/c/posix/select_pipe.c:
 * pipes, the time left written back into the timeval, EBADF with the sets untouched, EINVAL,
 * EINTR after SIGALRM's handler, pselect's atomic mask and untouched timespec). Under NGPT and
 * green both are wrapped (only the calling thread waits), and pselect is Pth's pth_pselect:
 * sigprocmask, select, sigprocmask — the pending SIGUSR1 its mask unblocks is handled before
 * the wait, which then runs its whole 2 s and returns 0 (deviations.ts 'posix:pselect-atomic').
 * Expected text: gcc + glibc on Linux.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/select_pipe.c';

const EXPECTED = `FD_SETSIZE 1024, sizeof(fd_set) 128
poll: write end ready, nothing to read (read set): 1 { }
  (write set): 1 { 4 }
q has a byte: 1 { 5 }
  timeout left about 5.0 s (not waited: all of it)
the child writes p after 0.3 s: 1 { 3 }
  timeout left about 1.7 s
nothing comes: the timeout: 0 { }
  timeout left 0s 0us
a closed descriptor in the set: -1 Bad file descriptor
  set untouched: p 1 q 1
negative timeout: -1 Invalid argument
negative nfds: -1 Invalid argument
no writer left: end of file is readable: 1 { 3 }
SIGALRM's handler interrupts a select with no timeout: -1 Interrupted system call
  got SIGALRM
pselect unblocks the pending SIGUSR1 for the wait: -1 Interrupted system call
  got SIGUSR1; SIGUSR1 blocked again 1; timespec unchanged 2.000000000
pselect with SIGUSR1 still blocked: the timeout: 0 { }
pselect tv_nsec 1e9: -1 Invalid argument
`;

beforeAll(async () => { await cprog(PROG); }, 600_000);

/** NGPT and green: pth_pselect is not atomic (the signal is taken, then the wait times out). */
const EXPECTED_PTH = EXPECTED.replace('pselect unblocks the pending SIGUSR1 for the wait: -1 Interrupted system call',
  'pselect unblocks the pending SIGUSR1 for the wait: 0');

describe.each(LIBS)('C on %s: select and pselect', (lib) => {
  const pth = lib === 'ngpt' || lib === 'green';
  it(pth ? 'select on pipes prints what Linux prints; pselect is Pth\'s sigprocmask + select + sigprocmask, not atomic'
    : 'select on pipes and pselect\'s mask print what Linux prints', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe(pth ? EXPECTED_PTH : EXPECTED);
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
