/**
 * proc_stat.test.ts — /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat from C (kernel/proc_stat.ts,
 * after fs/proc/array.c do_task_stat): 52 fields, pid, comm, the state letter (a sleeping child S,
 * an unreaped one Z), ppid, pgrp, session, priority 20 and nice 0, num_threads, exit_signal,
 * policy; ENOENT once reaped or for a thread outside the group. LTP's tst_process_state_wait3
 * (clock_nanosleep/10-1, sem_post/8-1 ...) waits on the state letter; /proc/<pid>/stat was ENOENT.
 * Expected stdout: gcc 12 -O2 + glibc 2.36 as uid 1000, but num_threads with a second thread:
 * NPTL's 2 is Linux's; a LinuxThreads thread is a process of its own (rule 21: 1); NGPT counts its
 * native tasks (rule 31: one on the test's one CPU); green threads run on one (rule 34: 1).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const PROG = 'test/c/posix/proc_stat.c';

const out = (threads: number): string =>
  'self: 41 fields, pid ok, comm (proc_stat), state R, ppid ok, pgrp ok, session ok, prio 20, nice 0, threads 1, exit_signal 17, policy 0, rt 0\n' +
  `with a thread: threads ${threads}\n` +
  'child sleeping: S seen\nchild: pid ok, ppid ok, comm (proc_stat), exit_signal 17\nits task/ entry: 41 fields\n' +
  'child unreaped: Z seen\nreaped: No such file or directory\na thread of another group: No such file or directory\n';

/** num_threads while main has one more thread, by library (see the header). */
const THREADS: Record<string, number> = { nptl: 2, linuxthreads: 1, ngpt: 1, green: 1 };

beforeAll(async () => { await cprog(PROG); }, 180_000);

describe.each(libraryNames())('C on %s: /proc/<pid>/stat', (lib) => {
  it('reads as Linux writes it; a child shows S while sleeping and Z until reaped', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe(out(THREADS[lib]));
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
