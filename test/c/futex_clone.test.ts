/**
 * futex_clone.test.ts — the kernel under the thread libraries, reached from C:
 * syscall(SYS_futex, ...) on C words (clib/host/futex.ts) and glibc's clone() (clib/host/clone.ts),
 * on every library. Expected outputs are what Linux prints for the same programs (reasoned from
 * the futex(2) man page, TLPI's t_clone.c and the kernel sources: the lab has no native compiler).
 * Rule 19 (FUTEX_WAIT's compare-and-sleep is atomic, EAGAIN on a mismatch) is checked on C words.
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';

const LIBS = libraryNames();

describe.each(LIBS)('syscall(SYS_futex) from C on %s', (lib) => {
  it('futex_demo.c (the man page\'s): two processes hand two MAP_SHARED futex words back and forth, 5 times each', async () => {
    const r = await runC('test/c/clone/futex_demo.c', lib, [], { cpus: 2 });
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(10);
    const pids = new Set<string>();
    lines.forEach((l, i) => {
      const m = /^(Parent|Child ) \((\d+)\) (\d)$/.exec(l);
      expect(m, l).not.toBeNull();
      expect(m![1]).toBe(i % 2 === 0 ? 'Parent' : 'Child ');
      expect(Number(m![3])).toBe(Math.floor(i / 2));
      pids.add(m![1] + m![2]);
    });
    expect(pids.size).toBe(2);
  });

  it('rule 19 on a C word: FUTEX_WAIT on a mismatch is EAGAIN; ETIMEDOUT, EINVAL, a wake of nobody, an absolute bitset timeout, ENOSYS', async () => {
    const r = await runC('test/c/clone/futex_errors.c', lib);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'wait 6 on 7: -1 Resource temporarily unavailable\n' +
      'wait_private 6 on 7: -1 Resource temporarily unavailable\n' +
      'wait 7, 10 ms: -1 Connection timed out\n' +
      'waited at least 10 ms: 1\n' +
      'wait, tv_nsec 1e9: -1 Invalid argument\n' +
      'wait, misaligned: -1 Invalid argument\n' +
      'wake, nobody waits: 0 ok\n' +
      'wait_bitset, absolute +5 ms: -1 Connection timed out\n' +
      'op 2 (FUTEX_FD): -1 Function not implemented\n');
  });
});
