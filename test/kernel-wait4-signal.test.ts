/**
 * kernel-wait4-signal.test.ts — do_wait scans the children before it looks at pending signals:
 * a child whose exit both signals the parent (SIGCHLD with a handler, or a LinuxThreads
 * manager's cancel signal) and wakes it is reaped by that wait4, not lost to EINTR (rule 11).
 */

import { describe, it, expect } from 'vitest';
import { Kernel } from '../kernel/kernel.js';
import { PRESETS } from '../kernel/costs.js';
import { spawnProgram } from '../kernel/shell.js';
import { sys } from '../kernel/usys.js';
import type { Sim } from '../kernel/req.js';
import { SIGCHLD, CLONE_VM, __WCLONE, EINTR } from '../kernel/uapi.js';

function* onChld(): Sim<void> {}

function* child(): Sim<number> {
  yield sys.nanosleep(1_000_000);
  return 3;
}

function run(flags: number, sig: number, options: number): { r: number; status: number } {
  const out = { r: 0, status: -1 };
  function* main(): Sim<number> {
    yield sys.rt_sigaction(sig, { handler: onChld, flags: 0, mask: 0n }, null);
    const pid = (yield sys.clone({ flags: flags | sig, fn: child })) as number;
    const st = { value: -1 };
    out.r = (yield sys.wait4(pid, st, options)) as number;
    out.status = st.value;
    return out.r === pid ? 0 : 1;
  }
  const k = new Kernel({ costs: PRESETS['modern-x86'], cpus: 1, seed: 1, kthreads: false });
  spawnProgram(k, main, null, 'prog');
  k.run();
  return out;
}

describe('wait4 and the exit signal of the child it waits for (rule 11)', () => {
  it('rule 11: a SIGCHLD with a handler does not make wait4 fail with EINTR: the child is reaped', () => {
    const { r, status } = run(0, SIGCHLD, 0);
    expect(r).toBeGreaterThan(0);
    expect(status).toBe(3 << 8);
  });

  it('rule 11: a clone child with a real-time exit signal is reaped by wait4(__WCLONE), not EINTR', () => {
    const { r, status } = run(CLONE_VM, 33, __WCLONE);
    expect(r).not.toBe(-EINTR);
    expect(r).toBeGreaterThan(0);
    expect(status).toBe(3 << 8);
  });
});
