/**
 * futex_clone.test.ts — the kernel under the thread libraries, reached from C:
 * syscall(SYS_futex, ...) on C words (clib/host/futex.ts) and glibc's clone() (clib/host/clone.ts),
 * on every library. Expected outputs are what Linux prints for the same programs: each program
 * was also built with gcc and run natively (Linux 6.18, x86-64) and printed the same lines —
 * futex_demo.c with its own pids; futex_blocks.c as under NPTL.
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
  }, 180_000); // the first test compiles the program (clang in WebAssembly: a minute on a busy machine)

  it('a raw FUTEX_WAIT blocks only its thread under 1:1 libraries; under green (rule 34) and NGPT on one native (rule 33) it blocks every user thread until it times out', async () => {
    const r = await runC('test/c/clone/futex_blocks.c', lib);
    expect(r.exitCode).toBe(0);
    const waited = 'main: FUTEX_WAIT -1 Connection timed out\n', other = 'other thread ran\n';
    // Deviation by design: NGPT's and green's user threads share a native the unwrapped call blocks.
    expect(r.stdout).toBe(lib === 'green' || lib === 'ngpt' ? waited + other : other + waited);
  });

  it('a handler installed without SA_RESTART interrupts FUTEX_WAIT: EINTR (futex(2))', async () => {
    const r = await runC('test/c/clone/futex_eintr.c', lib);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('FUTEX_WAIT: -1 Interrupted system call, handler ran 1\n');
  });

  it('FUTEX_CMP_REQUEUE: EAGAIN on a stale val3, else wakes one and moves one to the other word; clone() children wait', async () => {
    const r = await runC('test/c/clone/futex_requeue.c', lib, [], { cpus: 2 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'cmp_requeue, val3 stale: -1 Resource temporarily unavailable\ncmp_requeue: 2\nwoken so far 1\n' +
      'wake a: 0\nwake b: 1\nwoken 2\n');
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

describe.each(LIBS)('clone() from C on %s', (lib) => {
  it('TLPI t_clone.c: CLONE_VM|CLONE_FILES|CLONE_FS|CLONE_SIGHAND shares a global and closes the parent\'s fd; without them a copy; a SIGUSR1 child needs __WCLONE (rule 11)', async () => {
    const r = await runC('test/c/clone/t_clone.c', lib, [], { cpus: 2 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'vm: waitpid got the child 1, exited 1 status 42; glob 2, child pid differs 1\n' +
      'file descriptor 3 has been closed\n' +
      'copy: waitpid got the child 1, exited 1 status 42; glob 1, child pid differs 1\n' +
      'write() on file descriptor 3 succeeded\n' +
      'sigusr1: waitpid(-1, 0): -1 No child processes\n' +
      'sigusr1: waitpid(-1, __WCLONE) got the child 1, status 42\n' +
      'file descriptor 3 has been closed\n');
  });

  it('a clone+futex thread library: CLONE_THREAD tasks share pid and memory; join futex-waits on the tid word the kernel clears (rules 5, 27)', async () => {
    for (const cpus of [1, 2]) {
      const r = await runC('test/c/clone/clone_join.c', lib, [], { cpus });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe('tid word set before the thread ran: 4 of 4\njoined: counter 80000, tid words cleared 4, same pid 4, own tid 4\n');
    }
  });

  it('rule 5: CHILD_CLEARTID\'s wake is a shared FUTEX_WAKE (Linux mm_release), so tid words in a MAP_SHARED page wake a shared FUTEX_WAIT', async () => {
    const r = await runC('test/c/clone/clone_join.c', lib, ['shared'], { cpus: 2 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('tid word set before the thread ran: 4 of 4\njoined: counter 80000, tid words cleared 4, same pid 4, own tid 4\n');
  });

  it('rule 6 from C: CLONE_VFORK holds the parent until the child exits; raise() in a CLONE_VM child kills the child, not its creator', async () => {
    const r = await runC('test/c/clone/clone_vfork.c', lib);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('vfork-like: glob 7 when clone returned\nstatus 3\nkilled by signal 15\n');
  });

  it('a handler a CLONE_VM|CLONE_SIGHAND child takes runs on the child\'s task and C stack; NGPT and green hand it to their running user thread (rules 33, 34)', async () => {
    const r = await runC('test/c/clone/clone_signal.c', lib, [], { cpus: 2 });
    expect(r.exitCode).toBe(0);
    // Deviation by design: NGPT's and green's signal delivery goes through the user-level
    // scheduler of the native the child inherited, so the creator's user thread runs the handler.
    const user = lib === 'ngpt' || lib === 'green';
    expect(r.stdout).toBe(user
      ? 'handler ran on the child 0, parent 1, on the child\'s stack 0; child went on 1, status 5\n'
      : 'handler ran on the child 1, parent 0, on the child\'s stack 1; child went on 1, status 5\n');
  });

  it('rule 1 from C: CLONE_THREAD without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM are EINVAL in errno; a NULL fn or stack too', async () => {
    const r = await runC('test/c/clone/clone_errors.c', lib);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'NULL stack: -1 Invalid argument\nNULL fn: -1 Invalid argument\n' +
      'CLONE_THREAD without CLONE_SIGHAND: -1 Invalid argument\nCLONE_SIGHAND without CLONE_VM: -1 Invalid argument\n' +
      'no child was made: -1 No child processes\n');
  });
});
