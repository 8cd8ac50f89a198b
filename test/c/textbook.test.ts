/**
 * textbook.test.ts — the classic pthreads exercises a teacher hands out (OSTEP ch. 26–31, APUE
 * ch. 11–12, Butenhof, the LLNL tutorial), written for the lab in test/c/textbook/*.c: plain C,
 * compiled unchanged, on every library, with the output and exit status real Linux gives.
 * Each program that found a bug names it; the others stand for the families that passed.
 */

import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC } from './c-helpers.js';
import { textInput } from '../../experiments/stdin.js';

const LIBS = libraryNames();
/** The first library's test compiles the program (clang in WebAssembly: tens of seconds on a busy machine). */
const COMPILE = 180_000;

describe.each(LIBS)('textbook programs on %s', (lib) => {
  it('timing.c: clock() in glibc\'s CLOCKS_PER_SEC (1,000,000); %ld of time_t, suseconds_t and clock_t prints as on LP64', async () => {
    const r = await runC('test/c/textbook/timing.c', lib);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('CLOCKS_PER_SEC = 1000000');
    // time() and gettimeofday agree (the lab's fixed epoch, 2000-01-01): each %ld read its own argument
    expect(lines[1]).toMatch(/^start: time\(\) (9466848\d\d), gettimeofday \1\.\d{6}$/);
    expect(lines[2]).toMatch(/^elapsed 1 s \(10\d{5} us\) with 2 threads$/);
    // (LinuxThreads: the main thread's own process's CPU time only — deviation proc:getrusage)
    expect(lines[3]).toMatch(/^cpu \d{2,6} ticks = 0\.\d{6} s$/);
    const [, ticks, secs] = /^cpu (\d+) ticks = ([\d.]+) s$/.exec(lines[3])!;
    expect(Number(secs)).toBeCloseTo(Number(ticks) / 1e6, 6);
    expect(lines.slice(4)).toEqual(['clock() counts microseconds of CPU time: yes', 'less CPU than wall time: yes', '']);
  }, COMPILE);

  it('sleep_alarm.c: sleep, usleep and clock_nanosleep cut short by SIGALRM report what Linux does', async () => {
    const r = await runC('test/c/textbook/sleep_alarm.c', lib);
    expect(r.stdout).toBe(
      'sleep(3) cut short by alarm(1): 2 s left (Interrupted system call)\n' +
      'usleep(3000000): -1 (Interrupted system call)\n' +
      'clock_nanosleep(3 s): Interrupted system call, about 2 s left\n' +
      'absolute clock_nanosleep: 0, slept 0.2 s\n' +
      'sleep(1) uninterrupted: 0, errno 0\n' +
      'the handler ran 3 times\n');
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('attrs.c: pthread_attr_setscope answers as the library does, so the program falls back as it would there', async () => {
    const r = await runC('test/c/textbook/attrs.c', lib);
    const scope = {
      // glibc nptl/pthread_attr_setscope.c and linuxthreads/attr.c: SYSTEM only, PROCESS is ENOTSUP
      nptl: 'default scope: PTHREAD_SCOPE_SYSTEM\nset PTHREAD_SCOPE_PROCESS: Operation not supported\nset PTHREAD_SCOPE_SYSTEM: ok\n',
      linuxthreads: 'default scope: PTHREAD_SCOPE_SYSTEM\nset PTHREAD_SCOPE_PROCESS: Operation not supported\nset PTHREAD_SCOPE_SYSTEM: ok\n',
      // NGPT 2.2.1 pthread.c: both scopes; pth_attr.c's default is M:N (process)
      ngpt: 'default scope: PTHREAD_SCOPE_PROCESS\nset PTHREAD_SCOPE_PROCESS: ok\nset PTHREAD_SCOPE_SYSTEM: ok\n',
      // GNU Pth 2.0.7 pthread.c: getscope and setscope are "not supported" (ENOSYS)
      green: 'pthread_attr_getscope: Function not implemented\nset PTHREAD_SCOPE_PROCESS: Function not implemented\n' +
        'set PTHREAD_SCOPE_SYSTEM: Function not implemented; using the default scope\n',
    }[lib];
    expect(r.stdout).toBe(`${scope}joined 4 threads, statuses sum to 60\n4 detached threads finished\n`);
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('montecarlo.c: rand, srand, random, srandom and rand_r give glibc\'s numbers (the pi estimate Linux prints)', async () => {
    const r = await runC('test/c/textbook/montecarlo.c', lib);
    expect(r.exitCode).toBe(0);
    // The same program built with gcc against glibc prints these lines (threads in any order).
    expect(r.stdout.split('\n').sort()).toEqual([
      '', 'pi is about 3.14370', 'rand() before srand: 1804289383', 'srand(2024): 55 63 24 0 29 ',
      'srandom(7): 1045618677 1863967299',
      'thread 1: 15675 hits', 'thread 2: 15701 hits', 'thread 3: 15728 hits', 'thread 4: 15770 hits',
    ]);
  }, COMPILE);

  it('asserts.c: OSTEP\'s asserted thread calls pass; a failed assert prints glibc\'s message and dies of SIGABRT', async () => {
    const ok = await runC('test/c/textbook/asserts.c', lib);
    expect(ok.stdout).toBe('counter = 2000\n');
    expect(ok.exitCode).toBe(0);
    const bad = await runC('test/c/textbook/asserts.c', lib, ['fail']);
    // glibc assert.c: "%s%s%s:%u: %s%sAssertion `%s' failed.\n" with __progname (musl's text differed, and __progname was NULL)
    expect(bad.stdout).toMatch(/^asserts: \S*asserts\.c:40: worker: Assertion `counter == 1000 \* 3' failed\.\n$/);
    expect(bad.statusText).toContain('killed by SIGABRT');
    expect(bad.exitCode).toBe(134);
  }, COMPILE);

  // Families that passed at once, kept so they stay passing (one program each).
  it('prodcons.c (OSTEP ch. 30): 3 producers, 2 consumers, condvars, while-not-if', async () => {
    const r = await runC('test/c/textbook/prodcons.c', lib);
    expect(r.stdout).toBe('consumed 300 items, sum 314850 (expected 300, 314850)\n');
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('cleanup.c (APUE ch. 11): cleanup handlers run by pthread_exit and pop(1), not by a return', async () => {
    const r = await runC('test/c/textbook/cleanup.c', lib);
    expect(r.stdout).toBe(
      'thread 1 start\nthread 1 push complete\nthread 1 exit code 1\n' +
      'thread 2 start\nthread 2 push complete\ncleanup: thread 2 second handler\ncleanup: thread 2 first handler\nthread 2 exit code 2\n' +
      'cleanup: thread 3 popped with 1\nthread 3 exit code 3\n');
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('alarm_cond.c (Butenhof): alarms from stdin, a sorted list, pthread_cond_timedwait on CLOCK_REALTIME', async () => {
    const r = await runC('test/c/textbook/alarm_cond.c', lib, [], { stdin: textInput('5 five\n2 two\n3 three\n1 one\n') });
    expect(r.stdout).toBe('(1) one at +1\n(2) two at +2\n(3) three at +3\n(5) five at +5\nall alarms done (0 left)\n');
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('c11threads.c: C11 <threads.h> runs over the library\'s pthreads with glibc\'s results (thrd_busy, thrd_timedout, thrd_exit\'s int)', async () => {
    const r = await runC('test/c/textbook/c11threads.c', lib);
    const lines = r.stdout.split('\n');
    // the destructors run as each worker exits, in whatever order they end (gcc/glibc: 0, 1, 2)
    expect(lines.slice(0, 3).sort()).toEqual([0, 1, 2].map((i) => `tss destructor for worker ${i}`));
    expect(lines.slice(3)).toEqual([
      'join 0: thrd_success, result 10', 'join 1: thrd_success, result 11', 'join 2: thrd_success, result 102',
      'call_once ran 1 time(s); thrd_equal(self, self) 1', 'recursive relock: 0', 'trylock from another thread: thrd_busy',
      'cnd_timedwait past its deadline: thrd_timedout', 'thrd_sleep(1 ms): 0', '',
    ]);
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('tls.c: __thread, _Thread_local and thread_local give each thread its own copy; a fork child gets its forking thread\'s', async () => {
    const r = await runC('test/c/textbook/tls.c', lib, [], { cpus: 2 });
    // gcc/glibc prints these lines (the workers in any order)
    expect(r.stdout.split('\n').sort()).toEqual([
      '', 'child of worker 2: counter 2000, start 102', 'main: counter 0, start 100, thread 0\'s buffer',
      ...[1, 2, 3, 4].map((i) => `worker ${i}: counter ${i * 1000}, start ${100 + i}, thread ${i}'s buffer`),
    ]);
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('errh.c: err, warn, error and error_at_line print glibc\'s lines (short name for err.h, argv[0] for error.h) and exit as asked', async () => {
    const r = await runC('test/c/textbook/errh.c', lib);
    expect(r.stdout).toBe(
      'errh: fopen /no/such/file: No such file or directory\n' +
      'errh: 5000 threads is too many\n' +
      'stdout is flushed before error() writes\n' +
      './errh: pthread_create 7: Resource temporarily unavailable\n' +
      './errh:prog.c:42: a warning at a line\n' +
      'error() was called 2 times\n' +
      'ftrylockfile(stdout) took the lock\n' +
      'errh: setuid: Operation not permitted\n');
    expect(r.exitCode).toBe(4);
    const x = await runC('test/c/textbook/errh.c', lib, ['errx']);
    expect(x.stdout.split('\n').at(-2)).toBe('errh: bad argument \'errx\'');
    expect(x.exitCode).toBe(3);
  }, COMPILE);
});

describe('lp64_format: only a 4-byte printf conversion given a 64-bit integer is widened', () => {
  const stderr = [
    'p.c:9:20: warning: format specifies type \'long\' but the argument has type \'time_t\' (aka \'long long\') [-Wformat]',
    'fix-it:"p.c":{9:11-9:14}:"%lld"',
    'p.c:9:30: warning: format specifies type \'int\' but the argument has type \'long\' [-Wformat]',
    'fix-it:"p.c":{9:22-9:24}:"%ld"',
    'p.c:10:9: warning: format specifies type \'unsigned long\' but the argument has type \'unsigned long long\' [-Wformat]',
    'fix-it:"p.c":{10:5-10:10}:"%08llx"',
    'p.c:11:3: warning: using the result of an assignment as a condition without parentheses [-Wparentheses]',
    'fix-it:"p.c":{11:7-11:7}:"("',
  ].join('\n');
  it('picks the time_t and unsigned long long ones, and rewrites just those bytes', async () => {
    const { lp64FixIts, applyFixIts, withoutFixItLines } = await import('../../clib/host/lp64_format.js');
    const fixes = lp64FixIts(stderr);
    expect(fixes.map((f) => `${f.line}:${f.col} ${f.text}`)).toEqual(['9:11 %lld', '10:5 %08llx']);
    const src = 'a\nb\nc\nd\ne\nf\ng\nh\n  printf("%ld %d\\n", t, l);\n    %08lx\n';
    expect(applyFixIts(src, 'p.c', fixes).split('\n').slice(8, 10)).toEqual(['  printf("%lld %d\\n", t, l);', '    %08llx']);
    expect(applyFixIts(src, 'other.c', fixes)).toBe(src);
    expect(withoutFixItLines(stderr)).not.toContain('fix-it:');
  });
});
