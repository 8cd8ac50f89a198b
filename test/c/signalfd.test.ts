/**
 * signalfd.test.ts — signalfd(2) from C on every library (test/c/posix/signalfd.c). A read takes
 * the READING kernel task's pending signals, its own before its process's (rule 14), so which
 * thread sees a signal follows from where the kernel queued it:
 *  - NPTL prints what gcc + glibc print on Linux: kill(getpid()) is process-directed (rule 12),
 *    any thread reads it; pthread_kill(main) is main's alone (SI_TKILL).
 *  - LinuxThreads: a thread is a process of its own (rules 21, 25): kill(getpid()) queues on the
 *    main thread's process, which only main's reads see (the other thread's poll times out), and
 *    pthread_kill is kill() on the thread's pid (SI_USER).
 *  - NGPT and green: pthread_kill is the library's user-level business (usignal.ts: the signal
 *    is recorded on the user thread, rules 31–34) and never reaches the kernel's pending sets,
 *    so no signalfd sees it; process-directed signals every thread blocks stay kernel-pending
 *    and are read as on Linux.
 * Expected texts: gcc on Linux, then each library's difference, line for line.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/signalfd.c';

/** What every library prints alike: sigqueue's siginfo, the EINVAL cases, a new mask, a blocking read. */
const TAIL = `sigqueue: read 128 SIGUSR2/SI_QUEUE int 42 from me 1
read into 64 bytes: -1 Invalid argument
signalfd(0, ...) (not a signalfd): -1 Invalid argument
signalfd(-1, ..., 0x10): -1 Invalid argument
new mask, same fd: 1
blocking read: 128 SIGALRM/SI_KERNEL
`;

const LINUX = `signalfd >= 0: 1
nothing pending: (then EAGAIN)
thread reads: SIGUSR1/SI_USER (then EAGAIN)
main reads: SIGUSR2/SI_TKILL (then EAGAIN)
main: kill(getpid(), SIGUSR1)
thread: poll 1 revents POLLIN
thread reads: SIGUSR1/SI_USER (then EAGAIN)
main reads: (then EAGAIN)
` + TAIL;

/** LinuxThreads (rules 21, 25). */
const LINUXTHREADS = `signalfd >= 0: 1
nothing pending: (then EAGAIN)
thread reads: (then EAGAIN)
main reads: SIGUSR1/SI_USER SIGUSR2/SI_USER (then EAGAIN)
main: kill(getpid(), SIGUSR1)
thread: poll 0 revents 0
thread reads: (then EAGAIN)
main reads: SIGUSR1/SI_USER (then EAGAIN)
` + TAIL;

/** NGPT and green (pthread_kill stays in the library). */
const PTH = `signalfd >= 0: 1
nothing pending: (then EAGAIN)
thread reads: SIGUSR1/SI_USER (then EAGAIN)
main reads: (then EAGAIN)
main: kill(getpid(), SIGUSR1)
thread: poll 1 revents POLLIN
thread reads: SIGUSR1/SI_USER (then EAGAIN)
main reads: (then EAGAIN)
` + TAIL;

const EXPECTED: Record<string, string> = { nptl: LINUX, linuxthreads: LINUXTHREADS, ngpt: PTH, green: PTH };

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: signalfd', (lib) => {
  it('reads the reading thread\'s pending signals, private before shared', async () => {
    const r = await runC(PROG, lib, [], { cpus: 2 });
    expect(r.stdout).toBe(EXPECTED[lib] ?? LINUX);
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
