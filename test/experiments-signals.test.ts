// signals: the matrix is computed from what the probes observed. NPTL keeps the POSIX rules;
// LinuxThreads fails the process-directed ones (each thread is its own process) and shows its
// documented identity deviations; NGPT and green keep them too (a signal the kernel delivers to
// a native's scheduler is taken for a user thread that does not block it, issue 16 bug 3);
// every cell carries the evidence it was computed from.

import { describe, expect, it } from 'vitest';
import { PROBES } from '../experiments/lab/signals.js';
import { one, quick } from './experiments-helpers.js';

describe('experiment signals (--quick)', () => {
  it('NPTL passes every probe', async () => {
    const { rows } = await quick('signals', ['nptl']);
    expect(rows).toHaveLength(PROBES.length);
    for (const r of rows) expect(r.status, `${String(r.probe)}: ${String(r.evidence)}`).toBe('pass');
  });

  it('NGPT and green pass every POSIX probe: the process-directed handlers run in the worker, never outside a thread', async () => {
    const { rows } = await quick('signals', ['ngpt', 'green']);
    expect(rows).toHaveLength(2 * PROBES.length);
    const posix = rows.filter((r) => r.kind === 'POSIX');
    expect(posix).toHaveLength(2 * PROBES.filter((p) => p.kind === 'POSIX').length);
    for (const r of posix) expect(r.status, `${String(r.library)} ${String(r.probe)}: ${String(r.evidence)}`).toBe('pass');
    for (const lib of ['ngpt', 'green']) {
      expect(String(one(rows, { library: lib, probe: 'process-directed' }).evidence)).toMatch(/the handler ran in worker \(tid \d+\)/);
      expect(String(one(rows, { library: lib, probe: 'kill-thread-id' }).evidence)).toMatch(/the handler ran in worker B \(tid \d+\)/);
    }
  });

  it('LinuxThreads fails the process-directed kill, with the evidence of where the signal went', async () => {
    const { rows } = await quick('signals', ['linuxthreads']);
    const pd = one(rows, { probe: 'process-directed' });
    expect(pd.status).toBe('fail');
    expect(String(pd.evidence)).toMatch(/no handler ran within 50 ms; pending for main: yes/);
    expect(one(rows, { probe: 'kill-thread-id' }).status).toBe('fail');
    const stop = one(rows, { probe: 'stop' });
    expect(stop.status).toBe('fail');
    expect(String(stop.evidence)).toMatch(/ps: pid \d+: \d+ T; pid \d+: \d+ [RS]/);
  });

  it('LinuxThreads shows its documented deviations; thread-directed signals and shared handlers still work', async () => {
    const { rows } = await quick('signals', ['linuxthreads']);
    for (const p of ['getpid', 'getppid', 'ps', 'wait', 'terminate']) expect(one(rows, { probe: p }).status, p).toBe('fail');
    expect(String(one(rows, { probe: 'ps' }).cell)).toMatch(/^4 processes, 4 tasks$/);
    expect(String(one(rows, { probe: 'wait' }).cell)).toBe('ECHILD');
    expect(one(rows, { probe: 'pthread-kill' }).status).toBe('pass');
    expect(one(rows, { probe: 'masks' }).status).toBe('pass');
  });
});

describe('experiment signals: process group, user ids, CPU time (issue 16)', () => {
  it('LinuxThreads: a group signal runs the handler in every thread; setuid and getrusage are per thread — each cell with its evidence', async () => {
    const { rows } = await quick('signals', ['linuxthreads']);
    const g = one(rows, { probe: 'group-signal' });
    expect([g.status, g.cell]).toEqual(['fail', 'handler ran 3 times']);
    expect(String(g.evidence)).toMatch(/kill\(0, SIGUSR1\) to process group \d+ \(tasks \d+, \d+, \d+, \d+\): the handler ran in gettid \d+, \d+, \d+$/);
    const s = one(rows, { probe: 'setuid' });
    expect([s.status, s.cell]).toEqual(['fail', 'main still root']);
    expect(String(s.evidence)).toMatch(/setuid\(1000\) returned 0; then geteuid\(\) in main = 0; ps UID per task: \d+ root/);
    const u = one(rows, { probe: 'getrusage' });
    expect([u.status, u.cell]).toEqual(['fail', 'RUSAGE_SELF 10 ms of 50']);
  });

  it('NGPT keeps user ids per native: the setuid cell fails, the others pass', async () => {
    const { rows } = await quick('signals', ['ngpt']);
    expect(one(rows, { probe: 'setuid' }).status).toBe('fail');
    expect(one(rows, { probe: 'group-signal' }).status).toBe('pass');
    expect(one(rows, { probe: 'getrusage' }).status).toBe('pass');
  });
});

describe('experiment signals: what sigwait and main\'s pthread_exit leave behind (issue 16)', () => {
  it('LinuxThreads: sigwait leaves a handler installed (signals.c __pthread_sigwait), so a later SIGUSR1 no longer kills', async () => {
    const { rows } = await quick('signals', ['linuxthreads']);
    const w = one(rows, { probe: 'sigwait-disposition' });
    expect([w.status, w.cell]).toEqual(['fail', 'installed a handler']);
    expect(String(w.evidence)).toMatch(/sigaction\(SIGUSR1\) then reports a handler\. .*exited with status 0, not killed by SIGUSR1$/);
  });

  it('every library runs atexit handlers after main calls pthread_exit; the cell names the thread that ran them', async () => {
    const { rows } = await quick('signals', ['nptl', 'linuxthreads', 'ngpt', 'green']);
    const cells = Object.fromEntries(rows.filter((r) => r.probe === 'atexit-main-exit').map((r) => [r.library, [r.status, r.cell]]));
    // LinuxThreads' main waits for the others and calls exit(0) itself (join.c, glibc >= 2.2);
    // elsewhere the last thread to end runs exit(0) (rule 28).
    expect(cells).toEqual({
      nptl: ['pass', 'ran in the worker'], linuxthreads: ['pass', 'ran in main'],
      ngpt: ['pass', 'ran in the worker'], green: ['pass', 'ran in the worker'],
    });
    const w = rows.filter((r) => r.probe === 'sigwait-disposition' && r.library !== 'linuxthreads');
    for (const r of w) expect([r.library, r.status, r.evidence]).toEqual([r.library, 'pass', expect.stringMatching(/killed by SIGUSR1 \(the default action\)$/)]);
  });
});
