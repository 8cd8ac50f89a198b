/**
 * kernel-exec.test.ts — execve (kernel/exec.ts): de_thread from the leader and from another
 * thread (the pid takeover), what the new image keeps and loses, setpgid's EACCES after exec,
 * and issue 16's bug 9 (ps named the program's first tasks `-bash` on 2 CPUs: the shell now
 * execs, so the process is named before any program code runs).
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { psThreads } from '../kernel/ps.js';
import { recordTrace, EV_EXEC, EV_CLONE } from '../kernel/trace.js';
import { EACCES, EBADF, O_CLOEXEC, SIGCHLD } from '../kernel/uapi.js';
import { runMain, spawnThread, me } from './kernel-process-helpers.js';
import { runProgram } from '../experiments/runner.js';
import type { Program } from '../libs/index.js';
import '../libs/all.js';

function* spin(): Generator<any, number, any> {
  for (;;) yield sys.nanosleep(50_000);
}

describe('execve and de_thread (fs/exec.c)', () => {
  it('rule 10: exec in the leader kills the other threads first; the new image is alone in the process, with the same pid', () => {
    const seen: Record<string, unknown> = {};
    const { h } = runMain(function* (k) {
      const pid = (yield sys.getpid()) as number;
      for (let i = 0; i < 2; i++) yield* spawnThread(spin);
      yield sys.nanosleep(100_000);
      yield sys.execve(function* () {
        seen.pid = (yield sys.getpid()) === pid;
        seen.tasks = psThreads(k).filter((r) => r.pid === pid).length;
        seen.comm = me(k).comm;
        return 9;
      }, ['./newimage'], './newimage');
      return 1;
    });
    expect(seen).toEqual({ pid: true, tasks: 1, comm: 'newimage' });
    expect(h.status >> 8).toBe(9);
  });

  it('a thread that execs takes over the leader\'s pid: its own tid disappears, the parent reaps the new image', () => {
    const seen: Record<string, unknown> = {};
    let log: ReturnType<typeof recordTrace> | null = null;
    const { k, h } = runMain(function* (kk) {
      log = recordTrace(kk.trace, [EV_EXEC]);
      const pid = (yield sys.getpid()) as number;
      const th = yield* spawnThread(function* () {
        seen.tid = (yield sys.gettid()) as number;
        yield sys.execve(function* () {
          seen.pid = (yield sys.getpid()) as number;
          seen.tidNow = (yield sys.gettid()) as number;
          seen.oldTidGone = kk.findTask(seen.tid as number) === undefined;
          seen.leader = me(kk).isLeader;
          seen.rows = psThreads(kk).filter((r) => r.pid === pid).map((r) => r.lwp);
          return 4;
        }, ['img'], 'img');
        return 1;
      });
      seen.leaderPid = pid;
      void th;
      return yield* spin();
    });
    void k;
    expect(seen.pid).toBe(seen.leaderPid);
    expect(seen.tidNow).toBe(seen.leaderPid);
    expect(seen.oldTidGone).toBe(true);
    expect(seen.leader).toBe(true);
    expect(seen.rows).toEqual([seen.leaderPid]);
    expect(h.status >> 8).toBe(4);
    expect(log!.events.map((e) => [e.pid, e.a, e.s])).toEqual([[seen.leaderPid, seen.tid, 'img']]);
  });

  it('the new image keeps the open files that are not close-on-exec and the signal mask; caught handlers reset', () => {
    const seen: Record<string, unknown> = {};
    runMain(function* () {
      const keep = (yield sys.pipe(0)) as number[];
      const cloexec = (yield sys.pipe(O_CLOEXEC)) as number[];
      yield sys.rt_sigaction(SIGCHLD, { handler: function* () {}, flags: 0, mask: 0n }, null);
      yield sys.rt_sigprocmask(0, 1n << 9n, null);
      yield sys.execve(function* () {
        seen.kept = (yield sys.write(keep[1], 'x')) as number;
        seen.closed = (yield sys.write(cloexec[1], 'x')) as number;
        const m: { value?: bigint } = {};
        yield sys.rt_sigprocmask(0, null, m);
        seen.mask = m.value === 1n << 9n;
        const old: { value?: { handler: unknown } } = {};
        yield sys.rt_sigaction(SIGCHLD, null, old as never);
        seen.handler = old.value?.handler;
        return 0;
      }, [], 'img');
      return 1;
    });
    expect(seen).toEqual({ kept: 1, closed: -EBADF, mask: true, handler: 0 });
  });

  it('setpgid on a child that has exec\'d is EACCES (PF_FORKNOEXEC), before its exec it is allowed', () => {
    const got: number[] = [];
    runMain(function* () {
      const a = (yield sys.fork(spin)) as number;
      const b = (yield sys.fork(function* () {
        yield sys.execve(spin, [], 'spinner');
        return 1;
      })) as number;
      yield sys.nanosleep(200_000);
      got.push((yield sys.setpgid(a, a)) as number);
      got.push((yield sys.setpgid(b, b)) as number);
      yield sys.kill(a, 9);
      yield sys.kill(b, 9);
      yield sys.wait4(a, null, 0);
      yield sys.wait4(b, null, 0);
      return 0;
    });
    expect(got).toEqual([0, -EACCES]);
  });

  it('bug 9 (issue 16): on 2 CPUs every task the program creates is named after it from the start, never -bash', () => {
    const names = new Set<string>();
    const prog: Program = function* (libc) {
      const ts = [];
      for (let i = 0; i < 3; i++) ts.push(yield* libc.pthread_create(function* (l) { yield* l.compute(10_000); return 0; }));
      const child = yield* libc.fork(function* () { return 0; });
      for (const t of ts) yield* libc.pthread_join(t);
      yield* libc.waitpid(child, null, 0);
      return 0;
    };
    for (const lib of ['linuxthreads', 'nptl', 'ngpt']) {
      runProgram({
        program: prog, lib, cpus: 2, name: 'early',
        setup: (k) => {
          let firstPid = 0;
          k.trace.subscribe([EV_CLONE], (_kind, _t, _cpu, pid, child) => {
            if (firstPid === 0) { firstPid = child; return; } // the shell's fork of the job
            if (pid < firstPid) return;
            for (const r of psThreads(k)) if ((r.pid >= firstPid || r.lwp >= firstPid) && r.stat[0] !== 'Z') names.add(r.cmd);
          });
        },
      });
    }
    expect([...names]).toEqual(['./early']);
  });
});
