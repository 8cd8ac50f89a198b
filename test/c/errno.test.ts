/**
 * errno.test.ts — a C program sees Linux's error numbers and glibc's texts on every library:
 * <errno.h>'s values, pthread_* results, errno after the lab's calls and after wasi-libc's own
 * code set it (strtol, malloc, write) or returned it (posix_memalign, clock_nanosleep), per thread; strerror, strerror_r, perror (with glibc's
 * EINVAL quirk on a pipe), printf's %m, and with _GNU_SOURCE the GNU strerror_r. And the two translation tables (clib/host/errno.ts,
 * clib/runtime/errno.c) agree with each other and with wasi-libc's and the lab's headers.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { loadC } from '../../clib/host/index.js';
import { ERRNO_PAIRS, fromWasi, toWasi } from '../../clib/host/errno.js';
import { runProgram } from '../../experiments/runner.js';
import * as include from '../../libs/include.js';
import { runC, ROOT } from './c-helpers.js';

/**
 * The output on Linux with glibc 2.36 (the same program built with gcc, run on a terminal),
 * except the lab's note on exec and pthread_kill of a joined thread (ESRCH in the NPTL era the
 * lab models by default; 2.36 answers 0).
 */
const EXPECTED = [
  'errno at start 0',
  'EPERM 1 ESRCH 3 EINTR 4 EAGAIN 11 EWOULDBLOCK 11 EBUSY 16 EINVAL 22',
  'ERANGE 34 EDEADLK 35 ENOSYS 38 ETIMEDOUT 110 ENOTSUP 95 EOPNOTSUPP 95 EOWNERDEAD 130 ENOTRECOVERABLE 131',
  'strerror(0) = Success',
  'strerror(1) = Operation not permitted',
  'strerror(3) = No such process',
  'strerror(4) = Interrupted system call',
  'strerror(11) = Resource temporarily unavailable',
  'strerror(16) = Device or resource busy',
  'strerror(22) = Invalid argument',
  'strerror(34) = Numerical result out of range',
  'strerror(35) = Resource deadlock avoided',
  'strerror(110) = Connection timed out',
  'strerror(95) = Operation not supported',
  'strerror(130) = Owner died',
  'strerror(41) = Unknown error 41',
  'strerror(134) = Unknown error 134',
  'strerror(-1) = Unknown error -1',
  'strerror_r small: 34 "Connect"',
  'strerror_r: 0 "Connection timed out"',
  'strerror_r unknown: 22 "Unknown error 200"',
  'pthread_join(self) = 35',
  'pthread_mutex_trylock(held) = 16',
  'pthread_mutex_unlock(errorcheck, unowned) = 1',
  'pthread_mutex_lock(errorcheck, relock) = 35',
  'pthread_kill(joined, 0) = 3',
  'sem_trywait = -1 errno 11',
  'sem_timedwait = -1 errno 110',
  'sem_timedwait: Connection timed out',
  '%m: Connection timed out|Connection timed out  |%m',
  'snprintf %m: [Connection timed out]',
  'pthread_cond_timedwait = 110',
  'kill(99999, 0) = -1 errno 3',
  'kill: No such process',
  'kill(getpid(), 99) = -1 errno 22',
  'write(99) = -1 errno 9',
  'close(99) = -1 errno 9',
  'threadlab: exec("/no/such/file"): the lab has no other programs on disk; a C program can exec only itself ("/home/student/errno", where it was started, or "/proc/self/exe")',
  'execl(/no/such/file) = -1 errno 2 (No such file or directory)',
  'strtol overflow: LONG_MAX errno 34',
  'strtol ok: errno 0',
  'strtol overflow again: errno 34',
  'strtol overflow, %m: Numerical result out of range',
  'malloc(huge): NULL errno 12',
  'posix_memalign(align 3) = 22',
  'posix_memalign(huge) = 12',
  'clock_nanosleep(tv_nsec -5) = 22',
  'main: errno 4 while the thread\'s is ERANGE',
  'thread: errno 34 after it blocked',
  'perror to a pipe: errno 22 after the first, 16 after the second; wrote:',
  'to a pipe: Connection timed out',
  'again: Device or resource busy',
  'Success',
  'Resource deadlock avoided',
  '',
].join('\n');

/** NGPT 2.2.1's sem_timedwait is an ENOSYS stub (test/conformance/deviations.ts). */
function expectedOn(lib: string): string {
  if (lib !== 'ngpt') return EXPECTED;
  return EXPECTED
    .replace('sem_timedwait = -1 errno 110', 'sem_timedwait = -1 errno 38')
    .replace('sem_timedwait: Connection timed out', 'sem_timedwait: Function not implemented')
    .replace('%m: Connection timed out|Connection timed out  |%m', '%m: Function not implemented|Function not implemented|%m')
    .replace('snprintf %m: [Connection timed out]', 'snprintf %m: [Function not implemented]');
}

describe.each(libraryNames())('C error numbers and messages on %s', (lib) => {
  it('are Linux\'s and glibc\'s: constants, pthread_* results, errno (also wasi-libc\'s), strerror, perror, %m', async () => {
    const r = await runC('test/c/programs/errno.c', lib);
    expect(r.exitCode, r.dmesg.join('\n')).toBe(0);
    expect(r.stdout).toBe(expectedOn(lib));
  });
});

/**
 * A program generated from clib/host/errno.ts's table: for each WASI error, wasi-libc's
 * number (wasi/api.h), the lab's <errno.h> number by the same name, and what the runtime's
 * errno makes of the WASI number when wasi-libc's code leaves it in its own errno.
 */
function pairsProgram(): string {
  const rows = ERRNO_PAIRS.map(([name]) => {
    const linux = name === 'ENOTCAPABLE' ? 'EPERM' : name;
    return `    show("${name}", __WASI_ERRNO_${name.slice(1)}, ${linux});`;
  });
  return [
    '#include <errno.h>', '#include <stdio.h>', '#include <wasi/api.h>',
    'static void show(const char *name, int wasi, int linux) {',
    '    { /* what wasi-libc\'s code does: its own errno, WASI numbers */',
    '#undef errno',
    '        extern _Thread_local int errno;',
    '        errno = wasi;',
    '    }',
    '    printf("%s %d %d %d\\n", name, wasi, linux, *__lab_errno());',
    '}',
    'int main(void) {', ...rows, '    return 0;', '}', '',
  ].join('\n');
}

describe('C error messages, whatever the library', () => {
  it('with _GNU_SOURCE strerror_r is glibc\'s GNU one (returns the message), as glibc\'s <string.h> chooses', async () => {
    const r = await runC('test/c/programs/errno_gnu.c', 'nptl');
    expect(r.stdout).toBe(
      'strerror_r(ETIMEDOUT): Connection timed out (not in buf), buf untouched\n' +
      'strerror_r(1234): Unknown error 1234 (in buf)\n');
  });
});

describe('the WASI/Linux error tables', () => {
  it('TypeScript programs\' strerror (libs/include.ts) has glibc\'s text for every errno constant, as C\'s does', () => {
    const table = readFileSync(join(ROOT, 'clib/runtime/errlist.c'), 'utf8');
    const glibc = new Map([...table.matchAll(/^\t\[(\w+)\] = "([^"]*)",$/gm)].map((m) => [m[1], m[2]]));
    const names = Object.keys(include).filter((k) => /^E[A-Z0-9]+$/.test(k));
    expect(names.length).toBeGreaterThan(25);
    for (const n of names) expect(include.strerror(include[n as keyof typeof include] as number), n).toBe(glibc.get(n === 'ENOTSUP' ? 'EOPNOTSUPP' : n));
  });

  it('agree with wasi-libc\'s and the lab\'s headers, and the C runtime translates as the host does', async () => {
    const dir = join(tmpdir(), 'threadlab-errno-test'); // one place: the compile cache keys on the path
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'pairs.c');
    writeFileSync(file, pairsProgram());
    const c = await loadC([file]);
    const r = await runProgram({ program: c.program, name: c.name, lib: 'nptl', argv: [], timeLimit: 60e9 });
    const want = ERRNO_PAIRS.map(([n, w, l]) => `${n} ${w} ${l} ${fromWasi(w)}\n`).join('');
    expect(r.stdout).toBe(want);
    for (const [n, w, l] of ERRNO_PAIRS) if (n !== 'ENOTCAPABLE') expect(toWasi(l), n).toBe(w);
    expect(fromWasi(0)).toBe(0);
    expect(fromWasi(999)).toBe(5); // EIO, never 0
  });
});
