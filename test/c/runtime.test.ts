/**
 * runtime.test.ts — C programs on every library (DESIGN.md 5a): threads and the pthread
 * objects (static initializers, once, keys with destructors, barriers, semaphores), per-thread
 * errno, C's stdio buffering across fork/exit/_exit, glibc's "(nil)" for a null %p, fork's copy of memory and of objects'
 * state, signal handlers (sem_post from a handler, nesting, EINTR), traps as SIGSEGV/SIGFPE/
 * SIGILL naming the C function, and byte-identical output for a seed.
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';
import { textInput } from '../../experiments/stdin.js';

const LIBS = libraryNames();

describe.each(LIBS)('C on %s', (lib) => {
  it('threads, static initializers, once, keys, barrier, semaphores and per-thread errno work', async () => {
    const r = await runC('test/c/programs/sync.c', lib);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'counter 4000, once ran 1 time(s), 4/4 threads kept their errno and key, 1 serial, destructors summed 10, sem 0\n' +
      'relock of an errorcheck mutex: EDEADLK\n' +
      'sem_trywait on 0: Resource temporarily unavailable\n' +
      'close(77): Bad file descriptor\n');
  });

  it('printf\'s %p of a null pointer prints glibc\'s "(nil)" (musl printed 0), width and all; sprintf and snprintf too', async () => {
    const r = await runC('test/c/programs/printf_nil.c', lib);
    expect(r.stdout).toBe(
      'thread returned (nil)\n[     (nil)] [(nil)     ] [   (nil)] [(nil)   ]\n1 two 0x10 3 4.500000 (nil) x (nil)|\n' +
      'snprintf 10 \'a(nil)b42\'\nsprintf 19 \'(null)=(nil)   2.2%\'\nResource temporarily unavailable (nil)\n');
    expect(r.exitCode).toBe(0);
  });

  it('syscall(SYS_gettid) and friends reach the same calls as their wrappers; an unknown number is ENOSYS', async () => {
    const r = await runC('test/c/programs/syscall.c', lib);
    // A thread's own kernel task has its own tid under NPTL; LinuxThreads' thread is a process
    // whose pid is its tid; the M:N and M:1 libraries run this thread on the main task.
    const ownTid = lib === 'nptl' ? 1 : 0;
    expect(r.stdout).toBe(
      `main: gettid == getpid 1, getppid 1\nthread: gettid matches, != pid ${ownTid}\ntgkill delivered 1\n` +
      'raw write\nwrite returned 10\nkill: -1 No such process\nunknown: -1 Function not implemented\n');
    expect(r.exitCode).toBe(0);
  });

  it('reads its standard input as textbook programs do: scanf, fgets, getchar to end of file', async () => {
    const r = await runC('test/c/programs/input.c', lib, [], { stdin: textInput('3\n10 20 30\nhello there\nxyz') });
    expect(r.stdout).toBe('how many? sum of 3: 60; line: hello there\n3 more bytes\n');
    expect(r.exitCode).toBe(0);
    const none = await runC('test/c/programs/input.c', lib); // no input: end of file at once
    expect(none.stdout).toBe('how many? bad count\n');
    expect(none.exitCode).toBe(1);
  });

  it('stdio is C\'s: fork copies an unflushed buffer, exit flushes, _exit loses it', async () => {
    const flushed = await runC('test/c/programs/stdio_fork.c', lib);
    expect(flushed.stdout).toBe('buffered child\nbuffered parent\nafter the last newline');
    expect(flushed.exitCode).toBe(4);
    const lost = await runC('test/c/programs/stdio_fork.c', lib, ['_exit']);
    expect(lost.stdout).toBe('buffered child\nbuffered parent\n');
    expect(lost.exitCode).toBe(3);
  });

  it('fork copies globals, heap and stack; a semaphore keeps its value, a held mutex is the child\'s', async () => {
    const r = await runC('test/c/programs/fork_memory.c', lib);
    expect(r.stdout).toBe(
      'child: global 11 local 22 heap "child\'s heap" sem 3 unlock 0\n' +
      'parent: global 1 local 2 heap "parent\'s heap" sem 4, child exited 0\n');
  });

  it('process groups, sessions, ids, nice, the CPU-time clocks, an SA_ONSTACK handler and exec of /proc/self/exe', async () => {
    const r = await runC('test/c/programs/procs.c', lib);
    expect(r.stdout).toBe(
      'pgrp is pid: same; sid known\n' +
      'child setsid: new session\n' +
      'uid 1000 euid 1000; setuid(0) as a user: Operation not permitted\n' +
      'nice(5) = 5, getpriority = 5\n' +
      'cpu time: clock_gettime > 0, getrusage > 0, clock() > 0\n' +
      'the SA_ONSTACK handler ran on the alternate stack: yes\n' +
      'threadlab: exec("/bin/ls"): the lab has no other programs on disk; a C program can exec only itself ("/home/student/procs", where it was started, or "/proc/self/exe")\n' +
      'exec of /bin/ls: No such file or directory\n' +
      'exec\'d again as pid 12 with argv[0] procs-again\n');
    expect(r.exitCode).toBe(5);
  });

  it('handlers run on the receiving thread and may call the library; they nest; no SA_RESTART means EINTR', async () => {
    const r = await runC('test/c/programs/handlers.c', lib);
    expect(r.stdout).toBe(
      'sem_post from a handler woke main\n' +
      'outer handler: signal 10 from pid 0\n' +
      'nested: inner ran 1 time(s), inside the outer handler: yes\n' +
      'read without SA_RESTART: Interrupted system call\n' +
      'sigaction reports the handler back: yes\n');
  });
});

describe('pthreads programs from a tutorial run unchanged on every library', () => {
  // LLNL "POSIX Threads Programming" style (test/c/textbook/*.c): plain POSIX, no lab headers.
  it.each(LIBS)('condvar.c and dotprod.c on %s', async (lib) => {
    const cv = await runC('test/c/textbook/condvar.c', lib);
    expect(cv.exitCode).toBe(0);
    expect(cv.stdout).toContain('inc_count(): thread 3, count = 12  Threshold reached. Just sent signal.\n');
    expect(cv.stdout).toContain('watch_count(): thread 1 Condition signal received. Count= 12\n');
    expect(cv.stdout.trimEnd().split('\n').at(-1)).toBe('Main(): Waited and joined with 3 threads. Final value of count = 145. Done.');
    const dp = await runC('test/c/textbook/dotprod.c', lib);
    expect(dp.exitCode).toBe(0);
    expect(dp.stdout.match(/^Thread \d did \d+ to \d+: mysum=100000\.000000 /gm)).toHaveLength(4);
    expect(dp.stdout.trimEnd().split('\n').at(-1)).toBe('Sum =  400000.000000');
  });
});

describe('C traps are hardware faults of the thread\'s process', () => {
  it.each([
    ['segv', 'SIGSEGV', 139, /segfault in C function bad_load \(called from faulting_thread\)|segfault in C function faulting_thread/],
    ['fpe', 'SIGFPE', 136, /arithmetic fault in C function (bad_divide|faulting_thread)/],
    ['ill', 'SIGILL', 132, /illegal instruction in C function faulting_thread/],
    ['null', 'SIGSEGV', 139, /segfault in C function (null_field|faulting_thread)[^:]*: null pointer dereference/],
    ['overflow', 'SIGSEGV', 139, /segfault in C function recurse[^:]*: stack overflow/],
  ])('%s: killed by %s, the kernel log names the C function', async (arg, sig, code, msg) => {
    const r = await runC('test/c/programs/trap.c', 'nptl', [arg]);
    expect(r.statusText).toContain(`killed by ${sig}`);
    expect(r.exitCode).toBe(code);
    expect(r.stdout).toBe(`thread: about to fault (${arg})\n`);
    expect(r.dmesg.join('\n')).toMatch(msg);
  });
});

describe('C runs are reproducible', () => {
  it('same seed, byte-identical output and virtual time', async () => {
    const a = await runC('examples/prodcons.c', 'ngpt', [], { seed: 5, cpus: 2 });
    const b = await runC('examples/prodcons.c', 'ngpt', [], { seed: 5, cpus: 2 });
    expect(b.stdout).toBe(a.stdout);
    expect(b.virtualNs).toBe(a.virtualNs);
    expect(b.syscalls).toEqual(a.syscalls);
  });
});
