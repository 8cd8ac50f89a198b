/**
 * kernel-sigaltstack.test.ts — the alternate signal stack (kernel/sigaltstack.ts after
 * kernel/signal.c do_sigaltstack and get_sigframe, kernel/fork.c copy_process, fs/exec.c):
 * which clones keep it, exec clearing it, and a nested handler staying on it.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { SA_ONSTACK, SS_ONSTACK, SS_DISABLE, SIGUSR1, SIGUSR2, SIGSTKSZ } from '../kernel/uapi.js';
import type { KStack } from '../kernel/sigaltstack.js';
import { runMain, spawnThread, joinThread } from './kernel-process-helpers.js';

function* flags(): Generator<any, number, any> {
  const o: KStack = {};
  yield sys.sigaltstack(null, o);
  return o.ss_flags!;
}

describe('sigaltstack (kernel/sigaltstack.ts)', () => {
  it('fork and vfork keep the alternate stack; a CLONE_VM thread starts without one; exec clears it', () => {
    const got: Record<string, number> = {};
    runMain(function* () {
      yield sys.sigaltstack({ ss_sp: 0x4000, ss_size: SIGSTKSZ, ss_flags: 0 }, null);
      const f = (yield sys.fork(function* () { got.fork = yield* flags(); return 0; })) as number;
      yield sys.wait4(f, null, 0);
      const v = (yield sys.vfork(function* () { got.vfork = yield* flags(); return 0; })) as number;
      yield sys.wait4(v, null, 0);
      const th = yield* spawnThread(function* () { got.thread = yield* flags(); return 0; });
      yield* joinThread(th);
      const e = (yield sys.fork(function* () {
        yield sys.execve(function* () { got.exec = yield* flags(); return 0; }, [], 'img');
        return 1;
      })) as number;
      yield sys.wait4(e, null, 0);
      return 0;
    });
    expect(got).toEqual({ fork: 0, vfork: 0, thread: SS_DISABLE, exec: SS_DISABLE });
  });

  it('a handler that interrupts one running on the alternate stack is on it too, even without SA_ONSTACK', () => {
    const got: number[] = [];
    runMain(function* () {
      yield sys.sigaltstack({ ss_sp: 0x4000, ss_size: SIGSTKSZ, ss_flags: 0 }, null);
      yield sys.rt_sigaction(SIGUSR2, { handler: function* () { got.push(yield* flags()); }, flags: 0, mask: 0n }, null);
      yield sys.rt_sigaction(SIGUSR1, {
        handler: function* () {
          got.push(yield* flags());
          yield sys.kill((yield sys.getpid()) as number, SIGUSR2);
        },
        flags: SA_ONSTACK, mask: 0n,
      }, null);
      yield sys.kill((yield sys.getpid()) as number, SIGUSR1);
      got.push(yield* flags());
      return 0;
    });
    expect(got).toEqual([SS_ONSTACK, SS_ONSTACK, 0]);
  });
});
