/**
 * posix_wait.test.ts — the wait family from C on every library: waitid (P_PID, P_PGID, P_ALL;
 * WEXITED, WSTOPPED, WCONTINUED, WNOWAIT, WNOHANG's zeroed siginfo; EINVAL without a state to
 * wait for), wait3/wait4 with the child's rusage, siginterrupt (EINTR or a restarted read),
 * getdtablesize and execle. kernel/exit.ts sysWaitid/sysWait4 share do_wait's scan. The expected
 * text is what gcc + glibc print on Linux for test/c/posix/wait_family.c.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/wait_family.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: waitid, wait3/wait4, siginterrupt', (lib) => {
  it('reports what Linux reports', async () => {
    const r = await runC(PROG, lib, [], { cpus: 2 });
    expect(r.streams.stdout).toBe(
      'WNOHANG: 0 si_pid 0\n' +
      'stopped: 0 CLD_STOPPED status 19 pid-ok 1\n' +
      'continued: 0 CLD_CONTINUED status 18\n' +
      'peek: 0 CLD_KILLED status 15 signo 17\n' +
      'then waitpid reaps it: 1, WTERMSIG 15\n' +
      'P_PGID: 0 CLD_EXITED status 7 pid-ok 1\n' +
      'no children left: -1 No child processes\n' +
      'no WEXITED/WSTOPPED/WCONTINUED: -1 Invalid argument\n' +
      'wait4: pid-ok 1 exit 3 child cpu > 0.01 s: 1\n' +
      'wait3: pid-ok 1 exit 4\n' +
      'siginterrupt 1: read -1 Interrupted system call\n' +
      "siginterrupt 0: read 1 'k'\n" +
      'getdtablesize == RLIMIT_NOFILE soft: 1\n' +
      'execle of a missing file: -1 No such file or directory\n');
    expect(r.streams.stderr).toContain('exec("/no/such/prog")');
    expect(r.exitCode).toBe(0);
  }, 180_000);
});
