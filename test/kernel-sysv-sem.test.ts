/**
 * kernel-sysv-sem.test.ts — System V semaphores (kernel/ipc/sem.ts, sem_queue.ts, sem_ctl.ts,
 * util.ts) on raw tasks: ids as Linux forms them, ipcget's ENOENT/EEXIST/EACCES/EINVAL, semop's
 * all-or-nothing arrays, wait-for-zero, IPC_NOWAIT, the wake-up order of update_queue, EINTR
 * (never restarted, SA_RESTART or not), EIDRM to sleepers, semtimedop's EAGAIN, GETNCNT/GETZCNT,
 * SETVAL/SETALL/GETALL/GETPID, and SEM_UNDO applied when the undo list's last user exits —
 * shared by CLONE_SYSVSEM (NPTL's threads) or not (LinuxThreads' threads, fork's children).
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  IPC_PRIVATE, IPC_CREAT, IPC_EXCL, IPC_NOWAIT, IPC_RMID, IPC_STAT, IPC_SET, GETVAL, SETVAL, GETALL, SETALL, GETPID,
  GETNCNT, GETZCNT, SEM_UNDO, EACCES, EAGAIN, EEXIST, EFBIG, EIDRM, EINTR, EINVAL, ENOENT, EPERM, ERANGE, E2BIG,
  SIGUSR1, SA_RESTART, SEMVMX, CLONE_SYSVSEM,
} from '../kernel/uapi.js';
import { NR } from '../kernel/syscalls.js';
import { NR_IPC, IPC_SYSCALLS } from '../kernel/ipc/syscalls.js';
import { run, boot, thread, catchSig, sleep, MS, THREAD } from './kernel-ipc-helpers.js';
import { spawnProgram } from '../kernel/shell.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Sim } from '../kernel/req.js';

type Sop = { sem_num: number; sem_op: number; sem_flg: number };
const op = (sem_num: number, sem_op: number, sem_flg = 0): Sop => ({ sem_num, sem_op, sem_flg });

function* semget(key: number, n: number, flg: number): Sim<number> { return (yield sys.semget(key, n, flg)) as number; }
function* semop(id: number, ...sops: Sop[]): Sim<number> { return (yield sys.semop(id, sops)) as number; }
function* val(id: number, n = 0): Sim<number> { return (yield sys.semctl(id, n, GETVAL)) as number; }
function* setval(id: number, n: number, v: number): Sim<number> { return (yield sys.semctl(id, n, SETVAL, v)) as number; }
/** Run as a setuid-root program (euid 0), so a child can become another user. */
function runAsRoot(main: (k: Kernel) => Sim<unknown>): void {
  const k = boot();
  const h = spawnProgram(k, main, k, 'prog', { setuid: 0 });
  k.run();
  expect(h.done).toBe(true);
}
function* wait(pid: number): Sim<number> { const st = { value: 0 }; yield sys.wait4(pid, st, 0); return st.value; }

describe('System V semaphores: ids and semget', () => {
  it('the system-call numbers of ipc/syscalls.ts match NR', () => {
    for (const [name, nr] of Object.entries(NR_IPC)) expect((NR as Record<string, number>)[name]).toBe(nr);
    expect(IPC_SYSCALLS.map((e) => e.nr).sort((a, b) => a - b)).toEqual(Object.values(NR_IPC).sort((a, b) => a - b));
  });

  it('ids are index + (seq << 15): 0, 1, then the cursor moves on after a removal (idr_alloc_cyclic)', () => {
    const ids: number[] = [];
    run(function* () {
      ids.push(yield* semget(IPC_PRIVATE, 1, 0o600), yield* semget(IPC_PRIVATE, 1, 0o600));
      yield sys.semctl(ids[0], 0, IPC_RMID);
      ids.push(yield* semget(IPC_PRIVATE, 1, 0o600));
      return 0;
    });
    expect(ids).toEqual([0, 1, 2]);
  });

  it('a key: ENOENT without IPC_CREAT, EEXIST with IPC_EXCL, EINVAL for more semaphores than the set has, EACCES by the mode', () => {
    const r: number[] = [];
    run(function* () {
      r.push(yield* semget(1234, 2, 0));
      const id = yield* semget(1234, 2, IPC_CREAT | 0o400);
      r.push(id, yield* semget(1234, 2, IPC_CREAT | IPC_EXCL | 0o600), yield* semget(1234, 3, 0), yield* semget(1234, 0, 0));
      r.push(yield* semget(1234, 1, 0o600)); // asks for write: the mode gives the owner read only
      r.push(yield* semget(IPC_PRIVATE, 0, 0), yield* semget(IPC_PRIVATE, 32001, 0));
      return 0;
    });
    expect(r).toEqual([-ENOENT, 0, -EEXIST, -EINVAL, 0, -EACCES, -EINVAL, -EINVAL]);
  });
});

describe('semop', () => {
  it('applies every operation or none: a blocked array leaves the others unchanged', () => {
    const seen: number[] = [];
    run(function* () {
      const id = yield* semget(IPC_PRIVATE, 2, 0o600);
      yield* setval(id, 0, 1);
      const t = yield* thread(function* () { seen.push(yield* semop(id, op(0, -1), op(1, -1))); return 0; });
      yield* sleep(MS);
      seen.push(yield* val(id, 0)); // still 1: the thread sleeps without having taken sem 0
      yield* setval(id, 1, 1);
      yield* sleep(MS);
      seen.push(yield* val(id, 0), yield* val(id, 1), t > 0 ? 1 : 0);
      return 0;
    });
    expect(seen).toEqual([1, 0, 0, 0, 1]);
  });

  it('IPC_NOWAIT: EAGAIN; a result past SEMVMX: ERANGE; a sem_num past the set: EFBIG; no ops: EINVAL; > SEMOPM: E2BIG', () => {
    const r: number[] = [];
    run(function* () {
      const id = yield* semget(IPC_PRIVATE, 1, 0o600);
      r.push(yield* semop(id, op(0, -1, IPC_NOWAIT)));
      yield* setval(id, 0, SEMVMX);
      r.push(yield* semop(id, op(0, 1)), yield* semop(id, op(1, 1)), (yield sys.semop(id, [])) as number);
      r.push((yield sys.semop(id, Array.from({ length: 501 }, () => op(0, 0, IPC_NOWAIT)))) as number);
      r.push(yield* setval(id, 0, SEMVMX + 1), yield* setval(id, 0, -1), yield* val(id));
      return 0;
    });
    expect(r).toEqual([-EAGAIN, -ERANGE, -EFBIG, -EINVAL, -E2BIG, -ERANGE, -ERANGE, SEMVMX]);
  });

  it('update_queue walks the queue in order and completes whatever now succeeds: a -1 queued after a -2 goes first', () => {
    const order: string[] = [];
    run(function* () {
      const id = yield* semget(IPC_PRIVATE, 1, 0o600);
      yield* thread(function* () { yield* semop(id, op(0, -2)); order.push('A(-2)'); return 0; });
      yield* sleep(MS);
      yield* thread(function* () { yield* semop(id, op(0, -1)); order.push('B(-1)'); return 0; });
      yield* sleep(MS);
      yield* semop(id, op(0, 1));
      yield* sleep(MS);
      order.push(`val ${yield* val(id)}`);
      yield* semop(id, op(0, 2));
      yield* sleep(MS);
      return 0;
    });
    expect(order).toEqual(['B(-1)', 'val 0', 'A(-2)']);
  });

  it('wait-for-zero sleepers wake when the value reaches 0; GETNCNT and GETZCNT count the sleepers', () => {
    const seen: (number | string)[] = [];
    run(function* () {
      const id = yield* semget(IPC_PRIVATE, 1, 0o600);
      yield* setval(id, 0, 1);
      yield* thread(function* () { yield* semop(id, op(0, 0)); seen.push('zero'); return 0; });
      yield* thread(function* () { yield* semop(id, op(0, -2)); seen.push('minus2'); return 0; });
      yield* sleep(MS);
      seen.push((yield sys.semctl(id, 0, GETZCNT)) as number, (yield sys.semctl(id, 0, GETNCNT)) as number);
      yield* semop(id, op(0, -1));
      yield* sleep(MS);
      seen.push((yield sys.semctl(id, 0, GETZCNT)) as number);
      yield* setval(id, 0, 2);
      yield* sleep(MS);
      return 0;
    });
    expect(seen).toEqual([1, 1, 'zero', 0, 'minus2']);
  });

  it('a signal ends a sleeping semop with EINTR, with or without SA_RESTART (never restarted: signal(7))', () => {
    const got: number[] = [];
    for (const flags of [0, SA_RESTART]) {
      run(function* () {
        yield* catchSig(SIGUSR1, function* () {}, flags);
        const id = yield* semget(IPC_PRIVATE, 1, 0o600);
        const t = yield* thread(function* () { got.push(yield* semop(id, op(0, -1))); return 0; });
        yield* sleep(MS);
        yield sys.tgkill((yield sys.getpid()) as number, t, SIGUSR1);
        yield* sleep(MS);
        yield* setval(id, 0, 1); // too late for the interrupted one
        yield* sleep(MS);
        got.push(yield* val(id));
        return 0;
      });
    }
    expect(got).toEqual([-EINTR, 1, -EINTR, 1]);
  });

  it('IPC_RMID wakes every sleeper with EIDRM; the id is then EINVAL', () => {
    const got: number[] = [];
    run(function* () {
      const id = yield* semget(IPC_PRIVATE, 2, 0o600);
      yield* thread(function* () { got.push(yield* semop(id, op(0, -1))); return 0; });
      yield* thread(function* () { got.push(yield* semop(id, op(1, 0), op(0, -1))); return 0; });
      yield* setval(id, 1, 1);
      yield* sleep(MS);
      got.push((yield sys.semctl(id, 0, IPC_RMID)) as number);
      yield* sleep(MS);
      got.push(yield* val(id));
      return 0;
    });
    expect(got).toEqual([0, -EIDRM, -EIDRM, -EINVAL]);
  });

  it('semtimedop: EAGAIN when the timeout passes; an invalid timeout is EINVAL', () => {
    const got: number[] = [];
    let at = 0;
    run(function* (k) {
      const id = yield* semget(IPC_PRIVATE, 1, 0o600);
      const t0 = k.now;
      got.push((yield sys.semtimedop(id, [op(0, -1)], 3 * MS)) as number);
      at = k.now - t0;
      got.push((yield sys.semtimedop(id, [op(0, -1)], -1)) as number);
      return 0;
    });
    expect(got).toEqual([-EAGAIN, -EINVAL]);
    expect(at).toBeGreaterThanOrEqual(3 * MS);
  });

  it('SETALL/GETALL, GETPID, IPC_STAT; IPC_SET and IPC_RMID by another user are EPERM', () => {
    const r: unknown[] = [];
    runAsRoot(function* () {
      const id = yield* semget(IPC_PRIVATE, 3, 0o640);
      r.push((yield sys.semctl(id, 0, SETALL, [1, 2, 3])) as number);
      const all: { value?: number[] } = {};
      yield sys.semctl(id, 0, GETALL, all);
      r.push(all.value, ((yield sys.semctl(id, 1, GETPID)) as number) === ((yield sys.getpid()) as number));
      const st: { value?: { nsems: number; perm: { mode: number; uid: number } } } = {};
      yield sys.semctl(id, 0, IPC_STAT, st);
      r.push(st.value!.nsems, st.value!.perm.mode, st.value!.perm.uid);
      r.push((yield sys.semctl(id, 0, IPC_SET, { uid: 1000, gid: 1000, mode: 0o600 })) as number);
      yield sys.semctl(id, 0, IPC_STAT, st);
      r.push(st.value!.perm.mode);
      const pid = (yield sys.fork(function* () {
        yield sys.setuid(1001);
        return -((yield sys.semctl(id, 0, IPC_RMID)) as number);
      })) as number;
      r.push((yield* wait(pid)) >> 8);
      return 0;
    });
    expect(r).toEqual([0, [1, 2, 3], true, 3, 0o640, 0, 0, 0o600, EPERM]);
  });
});

describe('SEM_UNDO (exit_sem)', () => {
  it('a child that dies holding a SEM_UNDO decrement gives it back; GETPID names the child', () => {
    const r: number[] = [];
    run(function* () {
      const id = yield* semget(IPC_PRIVATE, 1, 0o600);
      yield* setval(id, 0, 1);
      const pid = (yield sys.fork(function* () {
        yield* semop(id, op(0, -1, SEM_UNDO));
        yield sys.kill((yield sys.getpid()) as number, 9); // dies without a word
        return 0;
      })) as number;
      yield* wait(pid);
      r.push(yield* val(id), ((yield sys.semctl(id, 0, GETPID)) as number) === pid ? 1 : 0);
      return 0;
    });
    expect(r).toEqual([1, 1]);
  });

  it('a sleeper the undo lets through is woken at the exit; SETVAL clears the pending adjustment', () => {
    const r: (number | string)[] = [];
    run(function* () {
      const id = yield* semget(IPC_PRIVATE, 2, 0o600);
      yield* setval(id, 0, 1);
      yield* setval(id, 1, 5);
      const pid = (yield sys.fork(function* () {
        yield* semop(id, op(0, -1, SEM_UNDO), op(1, -1, SEM_UNDO));
        yield* setval(id, 1, 5); // zeroes sem 1's semadj in every undo entry
        yield* sleep(2 * MS);
        return 0;
      })) as number;
      yield* sleep(MS);
      r.push(yield* semop(id, op(0, -1)), 'woken');
      yield* wait(pid);
      r.push(yield* val(id, 0), yield* val(id, 1));
      return 0;
    });
    expect(r).toEqual([0, 'woken', 0, 5]);
  });

  it('CLONE_SYSVSEM shares the undo list: a thread that exits leaves its adjustment for the process exit; without it the thread\'s exit applies it', () => {
    const r: number[] = [];
    for (const flags of [THREAD | CLONE_SYSVSEM, THREAD]) {
      run(function* () {
        const id = yield* semget(IPC_PRIVATE, 1, 0o600);
        yield* setval(id, 0, 3);
        const pid = (yield sys.fork(function* () {
          yield sys.clone({ flags, fn: function* () { yield* semop(id, op(0, -1, SEM_UNDO)); return 0; } });
          yield* sleep(MS);
          return yield* val(id); // after the clone's exit
        })) as number;
        r.push((yield* wait(pid)) >> 8, yield* val(id)); // and after the child process's
        return 0;
      });
    }
    expect(r).toEqual([2, 3, 3, 3]);
  });
});
