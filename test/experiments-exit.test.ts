// exit: exit() in any thread ends the whole process at once in every library; when the main
// thread of a LinuxThreads process is killed, its threads live on until the manager's 2-second
// poll notices, while an NPTL process is gone at once.

import { describe, expect, it } from 'vitest';
import { num, one, quick, select } from './experiments-helpers.js';

describe('experiment exit (--quick)', () => {
  it("killing LinuxThreads' main thread leaves its threads running for about the manager's poll interval", async () => {
    const { rows } = await quick('exit', ['nptl', 'linuxthreads']);
    const lt = one(rows, { library: 'linuxthreads', scenario: 'main-killed' });
    const np = one(rows, { library: 'nptl', scenario: 'main-killed' });
    expect(num(lt, 'left_at_reap')).toBeGreaterThan(0);
    expect(num(lt, 'action_to_gone_ns')).toBeGreaterThan(0.5e9);
    expect(num(lt, 'action_to_gone_ns')).toBeLessThanOrEqual(2.1e9);
    expect(num(np, 'left_at_reap')).toBe(0);
    expect(num(np, 'action_to_gone_ns')).toBeLessThan(1e6);
  });

  it('exit(3) in a worker ends the process with status 3 in every library', async () => {
    const { rows } = await quick('exit', ['nptl', 'linuxthreads', 'ngpt', 'green']);
    const ex = select(rows, { scenario: 'thread-exit' });
    expect(ex).toHaveLength(4);
    for (const r of ex) {
      expect(r.child_status, String(r.library)).toBe('exited with status 3');
      expect(num(r, 'action_to_gone_ns')).toBeLessThan(1e6);
    }
  });

  it('pthread_exit in main lets the workers finish: the process ends after their 5 ms of work', async () => {
    const { rows } = await quick('exit', ['nptl']);
    const r = one(rows, { scenario: 'main-pthread_exit' });
    expect(r.child_status).toBe('exited with status 0');
    expect(num(r, 'action_to_gone_ns')).toBeGreaterThan(4.9e6);
  });
});
