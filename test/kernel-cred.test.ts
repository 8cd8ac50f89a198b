/**
 * kernel-cred.test.ts — credentials at the system-call level (kernel/sys_cred.ts after
 * kernel/sys.c's __sys_setuid, __sys_setreuid, __sys_setresuid and signal.c's
 * check_kill_permission): per-task ids, the privileged and unprivileged rules, clone copying
 * them, a set-user-ID exec, and EPERM for signals across users.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EPERM, EINVAL, SIGUSR1, SIGCONT } from '../kernel/uapi.js';
import { Cred } from '../kernel/cred.js';
import { killPermission } from '../kernel/sys_cred.js';
import { Task } from '../kernel/task.js';
import { runMain, spawnThread, joinThread, me, boot } from './kernel-process-helpers.js';
import { spawnProgram } from '../kernel/shell.js';

function ids(): Generator<any, string, any> {
  return (function* () {
    const r = { value: -1 }, e = { value: -1 }, s = { value: -1 };
    yield sys.getresuid(r, e, s);
    return `${r.value}/${e.value}/${s.value}`;
  })();
}

describe('credentials (sys_cred.ts)', () => {
  it('a program started by the student runs with uid and gid 1000; setuid(0) is EPERM, other ids EINVAL', () => {
    const got: unknown[] = [];
    runMain(function* () {
      got.push(yield* ids());
      got.push((yield sys.setuid(0)) as number);
      got.push((yield sys.setuid(-5)) as number);
      got.push((yield sys.setresuid(-1, 0, -1)) as number);
      got.push((yield sys.setgid(0)) as number);
      return 0;
    });
    expect(got).toEqual(['1000/1000/1000', -EPERM, -EINVAL, -EPERM, -EPERM]);
  });

  it('a set-user-ID-root exec: real 1000, effective and saved 0; setreuid swaps, setuid as root sets all three', () => {
    const got: unknown[] = [];
    const k = boot();
    spawnProgram(k, function* () {
      got.push(yield* ids());
      got.push((yield sys.setreuid(0, 1000)) as number); // swap: real 0, effective 1000 (saved follows: 1000)
      got.push(yield* ids());
      got.push((yield sys.setreuid(1000, 0)) as number); // back: allowed, 0 is the real uid now
      got.push(yield* ids());
      got.push((yield sys.setuid(1000)) as number);
      got.push(yield* ids());
      return 0;
    }, null, 'prog', { setuid: 0 });
    k.run();
    expect(got).toEqual(['1000/0/0', 0, '0/1000/1000', 0, '1000/0/0', 0, '1000/1000/1000']);
  });

  it('credentials are per task: a thread\'s setuid changes only that thread; clone copies the creator\'s', () => {
    const got: unknown[] = [];
    const k = boot();
    spawnProgram(k, function* () {
      const th = yield* spawnThread(function* () {
        got.push((yield sys.setuid(1000)) as number);
        got.push(yield* ids());
        const inner = yield* spawnThread(function* () { got.push(yield* ids()); return 0; });
        yield* joinThread(inner);
        return 0;
      });
      yield* joinThread(th);
      got.push(yield* ids());
      return 0;
    }, null, 'prog', { setuid: 0 });
    k.run();
    expect(got).toEqual([0, '1000/1000/1000', '1000/1000/1000', '1000/0/0']);
  });

  it('check_kill_permission: same user or same thread group or root may signal; otherwise EPERM, except SIGCONT in the session', () => {
    const mk = (uid: number, euid: number, tgid: number, session = 1) => {
      const t = new Task(tgid, 'x');
      t.cred = Cred.of(uid, uid);
      t.cred.euid = euid;
      t.signal = { session } as never;
      return t;
    };
    expect(killPermission(mk(1000, 1000, 10), mk(1000, 1000, 11), SIGUSR1)).toBe(0);
    expect(killPermission(mk(1000, 1000, 10), mk(0, 0, 11), SIGUSR1)).toBe(-EPERM);
    expect(killPermission(mk(1000, 1000, 10), mk(0, 0, 10), SIGUSR1)).toBe(0); // one thread group
    expect(killPermission(mk(1000, 0, 10), mk(2000, 2000, 11), SIGUSR1)).toBe(0); // privileged
    expect(killPermission(mk(1000, 1000, 10), mk(2000, 2000, 11), SIGCONT)).toBe(0); // same session
    expect(killPermission(mk(1000, 1000, 10), mk(2000, 2000, 11, 2), SIGCONT)).toBe(-EPERM);
  });

  it('a signal from a student to init (root) is EPERM at the system call', () => {
    const got: number[] = [];
    runMain(function* (k) {
      got.push((yield sys.kill(1, 0)) as number);
      got.push((yield sys.kill(me(k).tgid, 0)) as number);
      return 0;
    });
    expect(got).toEqual([-EPERM, 0]);
  });
});
