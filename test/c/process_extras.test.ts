/**
 * process_extras.test.ts — process calls a C program reaches for beyond pthreads: prctl(2)
 * (kernel/sys_prctl.ts), on_exit(3), system(3)/popen(3) without a shell, pipe2(2), a child that
 * outlives the program (kernel/shell.ts), mprotect(2)/madvise(2), vfork(2), and the Linux
 * predefined macros. Each expected output
 * is what gcc-built programs print on Linux 6.18 with glibc 2.36 (system/popen: with /bin
 * hidden, as the lab has no shell); where a library differs, the test says why.
 */

import { describe, it, expect } from 'vitest';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';
import { loadC } from '../../clib/host/index.js';
import { runProgram } from '../../experiments/runner.js';

const LIBS = libraryNames();
const COMPILE = 180_000;

const PRCTL_HEAD = [
  "name: 'worker-thread-w' (15 bytes)",
  'dumpable 1, no_new_privs 0',
  'no_new_privs now 1',
  'bad signal: -1 Invalid argument',
  'unknown option: -1 Invalid argument',
  'no pointer: -1 Bad address',
  'child: pdeathsig is 10',
];
const SUBREAPER = ['subreaper 1', 'grandchild: adopted by the subreaper', 'subreaper reaped the grandchild, status 7', ''];

/** What prctl.c prints on each library, and why it differs from NPTL's (= Linux's). */
const PRCTL_MIDDLE: Record<string, string[]> = {
  // Linux: the creating thread's exit sends the signal; a live thread of the process adopts (rule 11).
  nptl: ["child: got SIGUSR1; adopted by the main thread's process", 'main: child exited 0'],
  // Each LinuxThreads thread is a process of its own (rule 2's deviation): the child is its
  // child, so the main thread cannot wait for it and init adopts it when that thread ends.
  linuxthreads: ['main: waitpid: No child processes', 'child: got SIGUSR1; adopted by init'],
  // A user-level thread's end is no kernel task's death: no parent-death signal.
  ngpt: ['child: no parent-death signal', 'main: child exited 0'],
  green: ['child: no parent-death signal', 'main: child exited 0'],
};

describe.each(LIBS)('process extras on %s', (lib) => {
  it('prctl: names cut to 15 bytes, flags, EINVAL/EFAULT; PR_SET_PDEATHSIG fires when the forking task dies; a child subreaper adopts an orphaned grandchild (rule 11)', async () => {
    const r = await runC('test/c/programs/prctl.c', lib, [], { cpus: 2 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toEqual([...PRCTL_HEAD, ...PRCTL_MIDDLE[lib], ...SUBREAPER]);
  }, COMPILE);

  it('on_exit handlers run with atexit\'s, last registered first, given exit\'s status; system, popen and pipe2 as glibc gives them without /bin/sh', async () => {
    const r = await runC('test/c/programs/exit_system.c', lib);
    expect(r.exitCode).toBe(2);
    expect(r.streams.stdout).toBe([
      'pipe2: 0, cloexec 1, nonblock 1',
      'pipe2 bad flags: -1 Invalid argument',
      'system(NULL) = 0',
      'system: status 32512, exited 1, code 127',
      'popen: NULL, Cannot allocate memory',
      'SIGINT after system: default',
      'on_exit: status=5, arg=20', 'atexit 2', 'atexit 1', 'on_exit: status=5, arg=10',
      'on_exit: status=2, arg=20', 'atexit 2', 'atexit 1', 'on_exit: status=2, arg=10', '',
    ].join('\n'));
    // Each failed exec of the shell says why, on the child's standard error.
    expect(r.streams.stderr.split('\n').filter((l) => l.startsWith('threadlab: exec("/bin/sh")'))).toHaveLength(2);
  }, COMPILE);

  it('mprotect and madvise check their arguments as Linux does; MADV_DONTNEED gives a private anonymous mapping zero pages, a shared one keeps its data', async () => {
    const r = await runC('test/c/programs/mprotect_madvise.c', lib);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe([
      'mmap with MAP_STACK|MAP_NORESERVE: ok',
      'mprotect(read-only)                 0 ',
      'mprotect(back to read/write)        0 ',
      'mprotect(misaligned)               -1 Invalid argument',
      'mprotect(unknown bit)              -1 Invalid argument',
      'mprotect(length 0)                  0 ',
      'mprotect(unmapped)                 -1 Cannot allocate memory',
      'madvise(private, DONTNEED)          0 ',
      'madvise(shared, DONTNEED)           0 ',
      "after DONTNEED: private '' (0), shared 'shared data'",
      'madvise(WILLNEED)                   0 ',
      'madvise(unknown advice 6)          -1 Invalid argument',
      'madvise(misaligned)                -1 Invalid argument',
      'posix_madvise(unknown advice 6) = 22 (Invalid argument)',
      '',
    ].join('\n'));
  }, COMPILE);

  it('vfork: the caller waits until the child calls _exit (CLONE_VFORK, rule 6); no atfork handler runs', async () => {
    const r = await runC('test/c/programs/vfork.c', lib, [], { cpus: 2 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('child: running while the parent waits\nchild: _exit\nparent: vfork returned\nparent: child exited 3\natfork prepare\n');
  }, COMPILE);

  it('a child that outlives the program runs on, adopted by init, and its lines are in the output (the status is the program\'s)', async () => {
    const r = await runC('test/c/programs/orphan.c', lib);
    expect(r.exitCode).toBe(4);
    expect(r.stdout).toBe('child: my parent is the program\nchild: my parent is the program\nparent: exiting\nchild: orphaned, my parent is now pid 1\n');
    expect(r.virtualNs).toBeLessThan(2.5e9); // fork to reap of the program, not of its orphan
  }, COMPILE);
});

describe('the predefined macros of gcc on Linux', () => {
  it('__linux__, __linux, __gnu_linux__, __unix__ and __unix are defined, so `#ifdef __linux__` takes the Linux path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadlab-macros-'));
    try {
      const f = join(dir, 'macros.c');
      writeFileSync(f, '#include <stdio.h>\nint main(void) {\n'
        + '#if defined(__linux__) && defined(__linux) && defined(__gnu_linux__) && defined(__unix__) && defined(__unix)\n'
        + '  puts("linux");\n#else\n  puts("not linux");\n#endif\n  return 0;\n}\n');
      const c = await loadC([f]);
      const r = runProgram({ program: c.program, name: c.name, lib: 'nptl' });
      expect(r.stdout).toBe('linux\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, COMPILE);
});
