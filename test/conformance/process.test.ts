/**
 * process.test.ts — the process-level calls of the program API on every library: kill on a
 * zombie, the si_code constants, process groups and sessions, credentials, resource usage,
 * nice values, execve and sigaltstack. Keys are DESIGN.md rule numbers or 'proc:*' names; a
 * library meant to differ says so in deviations.ts (the LinuxThreads entries are pthreads(7)'s
 * list of its nonconformances).
 */

import { describe, expect } from 'vitest';
import {
  ESRCH, SIGUSR1, SIGCHLD, SIGKILL, SI_USER, SI_TKILL, CLD_EXITED, CLD_KILLED, WEXITSTATUS,
  type Libc, type SigInfo,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

/** Run a program whose main prints results; return its output lines (after checking it exited). */
function out(lib: string, main: Program, cpus = 1): string[] {
  const r = run(lib, main, { cpus });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

/** Bug 7 of issue 16: a zombie exists until it is reaped. */
const killZombie: Program = function* (libc) {
  const pid = yield* libc.fork(function* () { return 5; });
  yield* libc.usleep(5_000); // the child has exited; nobody has reaped it
  const before = yield* libc.kill(pid, 0);
  const st = { value: 0 };
  yield* libc.waitpid(pid, st, 0);
  const after = yield* libc.kill(pid, 0);
  yield* libc.printf('%d %d %d %d\n', before, after, libc.errno, WEXITSTATUS(st.value));
  return 0;
};

/** si_code: who sent a signal, and what a child did (the constants <signal.h> exports). */
const siCodes: Program = function* (libc) {
  const codes: string[] = [];
  function* onUsr1(_l: Libc, _sig: number, info: SigInfo) { codes.push(`usr1:${info.code}`); }
  function* onChld(_l: Libc, _sig: number, info: SigInfo) { codes.push(`chld:${info.code}`); }
  yield* libc.sigaction(SIGUSR1, { handler: onUsr1 });
  yield* libc.sigaction(SIGCHLD, { handler: onChld });
  yield* libc.kill(yield* libc.getpid(), SIGUSR1);
  yield* libc.usleep(1_000);
  yield* libc.pthread_kill(yield* libc.pthread_self(), SIGUSR1);
  yield* libc.usleep(1_000);
  const a = yield* libc.fork(function* () { return 0; });
  yield* libc.waitpid(a, null, 0);
  yield* libc.usleep(1_000);
  const b = yield* libc.fork(function* (l: Libc) { for (;;) yield* l.usleep(1_000); });
  yield* libc.usleep(1_000);
  yield* libc.kill(b, SIGKILL);
  yield* libc.waitpid(b, null, 0);
  yield* libc.usleep(1_000);
  yield* libc.printf('%s\n', codes.join(' '));
  return 0;
};

for (const lib of libraryNames()) {
  describe(`process calls on ${lib}`, () => {
    check(lib, 11, 'kill(pid, 0) finds an unreaped zombie (0) and fails with ESRCH once it is reaped (issue 16 bug 7)', () => {
      expect(out(lib, killZombie)).toEqual([`0 -1 ${ESRCH} 5`]);
    });
    check(lib, 'proc:si-code', 'si_code says SI_USER for kill, SI_TKILL for pthread_kill, CLD_EXITED/CLD_KILLED for SIGCHLD', () => {
      expect(out(lib, siCodes)).toEqual([`usr1:${SI_USER} usr1:${SI_TKILL} chld:${CLD_EXITED} chld:${CLD_KILLED}`]);
    });
  });
}
