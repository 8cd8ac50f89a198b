/**
 * kernel-pgrp.test.ts — process groups and sessions at the system-call level (sys_pgrp.ts):
 * the table's numbers, who may move whom (sys_setpgid's checks in their order), setsid, the
 * ids a thread id names, the shell's job control, and signals to a group (__kill_pgrp_info).
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { NR } from '../kernel/syscalls.js';
import { NR_PROC, PROC_SYSCALLS } from '../kernel/syscalls_proc.js';
import { psThreads } from '../kernel/ps.js';
import { EINVAL, EPERM, ESRCH, SIGCHLD, SIGUSR1 } from '../kernel/uapi.js';
import { runMain, spawnThread, joinThread, me } from './kernel-process-helpers.js';

describe('process groups and sessions (sys_pgrp.ts)', () => {
  it('the system-call numbers of syscalls_proc match NR', () => {
    for (const [name, nr] of Object.entries(NR_PROC)) expect((NR as Record<string, number>)[name]).toBe(nr);
    expect(PROC_SYSCALLS.map((e) => e.nr).sort((a, b) => a - b)).toEqual(Object.values(NR_PROC).sort((a, b) => a - b));
  });

  it('the login shell leads its session on pts/0; the program leads its own group in that session (job control)', () => {
    const seen: Record<string, number> = {};
    const { h } = runMain(function* (kk) {
      seen.pid = (yield sys.getpid()) as number;
      seen.pgrp = (yield sys.getpgrp()) as number;
      seen.sid = (yield sys.getsid(0)) as number;
      seen.shellPgrp = (yield sys.getpgid((yield sys.getppid()) as number)) as number;
      const rows = psThreads(kk);
      seen.tty = rows.find((r) => r.pid === seen.pid)?.tty === 'pts/0' ? 1 : 0;
      seen.initTty = rows.find((r) => r.pid === 1)?.tty === '?' ? 1 : 0;
      return 0;
    });
    expect(seen).toEqual({ pid: h.pid, pgrp: h.pid, sid: h.shell.pid, shellPgrp: h.shell.pid, tty: 1, initTty: 1 });
  });

  it('rule 2: threads share the group and session ids; setpgid on a thread id is EINVAL, getpgid of it names its process', () => {
    const got: number[] = [];
    runMain(function* () {
      const th = yield* spawnThread(function* () {
        for (let i = 0; i < 3; i++) yield sys.sched_yield();
        return 0;
      });
      got.push((yield sys.setpgid(th.tid, 0)) as number);
      got.push((yield sys.getpgid(th.tid)) === (yield sys.getpgrp()) ? 1 : 0);
      got.push((yield sys.getsid(th.tid)) === (yield sys.getsid(0)) ? 1 : 0);
      yield* joinThread(th);
      return 0;
    });
    expect(got).toEqual([-EINVAL, 1, 1]);
  });

  it('setsid: a new session and group led by the caller, no controlling terminal; then setsid and setpgid are EPERM', () => {
    const got: (number | string)[] = [];
    runMain(function* (k) {
      const child = (yield sys.fork(function* () {
        const pid = (yield sys.getpid()) as number;
        got.push((yield sys.setsid()) === pid ? 'sid' : 'no');
        got.push((yield sys.getpgrp()) === pid ? 'pgrp' : 'no');
        got.push(psThreads(k).find((r) => r.pid === pid)?.tty ?? 'none');
        got.push((yield sys.setsid()) as number);
        got.push((yield sys.setpgid(0, 0)) as number);
        return 0;
      })) as number;
      const st = { value: 0 };
      yield sys.wait4(child, st, 0);
      return 0;
    });
    expect(got).toEqual(['sid', 'pgrp', '?', -EPERM, -EPERM]);
  });

  it('setpgid may move the caller and its children only: ESRCH for the shell (the parent), EINVAL for a negative group', () => {
    const got: number[] = [];
    runMain(function* () {
      got.push((yield sys.setpgid(0, -3)) as number);
      got.push((yield sys.setpgid((yield sys.getppid()) as number, 0)) as number);
      got.push((yield sys.getpgid(99999)) as number);
      got.push((yield sys.getsid(99999)) as number);
      return 0;
    });
    expect(got).toEqual([-EINVAL, -ESRCH, -ESRCH, -ESRCH]);
  });

  it('rule 12: kill(-pgrp) signals every process of the group; 0 if any took it, ESRCH for an empty group', () => {
    const got: number[] = [];
    let handled = 0;
    runMain(function* () {
      yield sys.rt_sigaction(SIGUSR1, { handler: function* () { handled++; }, flags: 0, mask: 0n }, null);
      const kids: number[] = [];
      for (let i = 0; i < 2; i++) {
        kids.push((yield sys.fork(function* () {
          for (let j = 0; j < 20; j++) yield sys.nanosleep(100_000);
          return 0;
        })) as number);
      }
      got.push((yield sys.kill(-(yield sys.getpgrp()), SIGUSR1)) as number);
      got.push((yield sys.kill(-kids[0], SIGUSR1)) as number); // nobody leads a group with that id
      for (const kid of kids) yield sys.wait4(kid, null, 0);
      return 0;
    });
    expect(got).toEqual([0, -ESRCH]);
    expect(handled).toBe(3); // the parent and both children (the handler is inherited by fork)
  });

  it('kill(0, sig) does not reach the shell, which is in another group', () => {
    const { h } = runMain(function* (k) {
      yield sys.rt_sigaction(SIGCHLD, { handler: 1, flags: 0, mask: 0n }, null);
      yield sys.kill(0, SIGUSR1); // default action: terminate — this process only
      void me(k);
      return 0;
    });
    expect(h.done).toBe(true);
    expect(h.status & 0x7f).toBe(SIGUSR1);
  });

  it('setpgid into an existing group of the session; EPERM for a group that does not exist', () => {
    const got: number[] = [];
    runMain(function* () {
      const mine = (yield sys.getpgrp()) as number;
      const child = (yield sys.fork(function* () {
        for (let j = 0; j < 10; j++) yield sys.nanosleep(100_000);
        return 0;
      })) as number;
      got.push((yield sys.setpgid(child, child)) as number);
      got.push((yield sys.getpgid(child)) === child ? 1 : 0);
      got.push((yield sys.setpgid(child, mine)) as number);
      got.push((yield sys.getpgid(child)) === mine ? 1 : 0);
      got.push((yield sys.setpgid(child, 77777)) as number);
      yield sys.wait4(child, null, 0);
      return 0;
    });
    expect(got).toEqual([0, 1, 0, 1, -EPERM]);
  });
});
