/**
 * examples.test.ts — every example program, on every registered library.
 *
 * Each example states what it shows in its first line; here each gets the observable
 * outcome it must produce (exit status, the lines that matter). Keys are 'example:<name>'
 * (plus the DESIGN.md rule an example demonstrates, where one does), so a library meant to
 * differ declares it in deviations.ts. Libraries are whatever libs/all.ts registers.
 */

import { describe, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../../experiments/runner.js';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import zombieWatch from '../../examples/zombie_watch.module.js';
import { loadModule, changedFiles } from '../../kernel/index.js';
import { check, runExample, lines } from './helpers.js';

interface ExampleCase {
  file: string;
  key: string | number;
  title: string;
  cpus?: number;
  /** Files put in the simulated file system first (as `--file` does). */
  files?: { path: string; data: string }[];
  expect(r: RunResult): void;
}

function exitedOk(r: RunResult): void {
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  expect(r.statusText).toBe('exited with status 0');
}

const CASES: ExampleCase[] = [
  {
    file: 'hello.ts', key: 'example:hello', title: 'four threads say hello and are joined',
    expect(r) {
      exitedOk(r);
      expect(lines(r).filter((l) => /^hello from thread \d \(tid \d+\)$/.test(l))).toHaveLength(4);
      expect(lines(r).at(-1)).toMatch(/^main \(pid \d+\) joined 4 threads, sum of squares 14$/);
    },
  },
  {
    file: 'prodcons.ts', key: 'example:prodcons', title: 'every item produced is consumed once', cpus: 2,
    expect(r) {
      exitedOk(r);
      const taken = lines(r).map((l) => /^consumer \d took (\d+) items$/.exec(l)).filter((m) => m !== null);
      expect(taken.reduce((s, m) => s + Number(m![1]), 0)).toBe(40);
      expect(lines(r).at(-1)).toBe('consumed 40 items, checksum 60420');
    },
  },
  {
    file: 'philosophers.ts', key: 'example:philosophers', title: 'five philosophers eat three meals each without deadlock', cpus: 2,
    expect(r) {
      exitedOk(r);
      expect(lines(r).filter((l) => / eats meal /.test(l))).toHaveLength(15);
      expect(lines(r).at(-1)).toBe('every philosopher ate 3/3/3/3/3 meals');
    },
  },
  {
    file: 'deadlock.ts', key: 'example:deadlock', title: 'an AB-BA deadlock ends the run with status 125 and the report shows the cycle', cpus: 2,
    expect(r) {
      expect(r.outcome).toBe('deadlock');
      expect(r.exitCode).toBe(125);
      expect(lines(r).filter((l) => / holds its first mutex$/.test(l))).toHaveLength(2);
      expect(r.stdout).not.toContain('never');
      const cycles = r.deadlockInfo!.chains.filter((c) => c.cycle);
      expect(cycles).toHaveLength(1);
      expect(new Set(cycles[0].objects)).toEqual(new Set(['mutex#0', 'mutex#1']));
      expect(r.deadlock).toContain(cycles[0].text);
    },
  },
  {
    file: 'signals.ts', key: 'example:signals', title: 'a process-directed signal reaches the thread not blocking it; pthread_kill reaches its target',
    expect(r) {
      exitedOk(r);
      expect(r.stdout).toContain('  SIGUSR1 handled by worker-1\n');
      expect(r.stdout).toContain('  SIGUSR2 handled by worker-2\n');
      expect(lines(r).at(-1)).toBe('2 signals handled');
    },
  },
  {
    file: 'slow_device.ts', key: 'example:slow_device', title: 'computing threads progress while one thread blocks on the device',
    expect(r) {
      exitedOk(r);
      expect(lines(r).filter((l) => /^reader: read 512 bytes/.test(l))).toHaveLength(3);
      expect(lines(r).at(-1)).toBe('workers progressed while the reader was blocked: yes');
    },
  },
  {
    file: 'main_exit.ts', key: 28, title: 'main_exit.ts: after main\'s pthread_exit the threads run on; the process ends with status 0',
    expect(r) {
      exitedOk(r);
      expect(lines(r).filter((l) => /still running after main left/.test(l))).toHaveLength(3);
      expect(r.stdout).not.toContain('never printed');
    },
  },
  {
    file: 'fatal_signal.ts', key: 15, title: 'fatal_signal.ts: SIGSEGV in one thread kills the whole process',
    expect(r) {
      expect(r.statusText).toBe('killed by SIGSEGV (core dumped)');
      expect(r.exitCode).toBe(139);
      expect(r.stdout).not.toContain('never printed');
    },
  },
  {
    file: 'fork_wait.ts', key: 'example:fork_wait', title: 'a thread forks a child and reaps it with waitpid',
    expect(r) {
      exitedOk(r);
      expect(r.stdout).toContain('thread: waitpid reaped the child (ok): exit status 7\n');
      expect(lines(r).at(-1)).toBe('main: the thread returned 7');
      const parent = /^parent: pid (\d+)$/m.exec(r.stdout)![1];
      expect(r.stdout).toMatch(new RegExp(`^child: pid \\d+, parent ${parent}$`, 'm'));
    },
  },
  {
    file: 'stdio_fork.ts', key: 'example:stdio_fork', title: 'a line buffered before fork() is written once on the console, twice through a pipe',
    expect(r) {
      exitedOk(r);
      const [console, pipe] = r.stdout.split('stdout on a pipe');
      expect(console.match(/, before fork/g)).toHaveLength(1);
      expect(pipe.match(/, before fork/g)).toHaveLength(2);
      expect(r.stdout.match(/atexit handler of pid \d+/g)).toHaveLength(4);
      expect(lines(r).at(-1)).toMatch(/^  atexit handler of pid \d+$/);
    },
  },
  {
    file: 'cancel.ts', key: 'example:cancel', title: 'cancelled threads run their cleanup handlers (the consumer unlocks its mutex) and end with PTHREAD_CANCELED',
    expect(r) {
      exitedOk(r);
      expect(lines(r)).toEqual([
        'main: cancelling the consumer: 0', '  consumer cleanup: unlocking the queue', 'main: the consumer ended with PTHREAD_CANCELED',
        'main: cancelling the logger: 0', '  logger cleanup: closing the log', '  logger key destructor: freeing the log buffer',
        'main: the logger ended with PTHREAD_CANCELED', 'main: trylock on the queue after the consumer ended: 0 (0 = free)',
      ]);
    },
  },
  {
    file: 'ids.ts', key: 3, title: 'ids.ts: every thread has the process\'s pid and ppid',
    expect(r) {
      exitedOk(r);
      const rows = lines(r).slice(0, 4).map((l) => /getpid (\d+)\s+gettid (\d+)\s+getppid (\d+)/.exec(l)!);
      expect(new Set(rows.map((m) => m[1])).size).toBe(1);
      expect(new Set(rows.map((m) => m[3])).size).toBe(1);
      expect(lines(r).at(-1)).toBe('3 of 3 threads share main\'s pid');
    },
  },
  {
    file: 'ids.ts', key: 'example:ids-tids', title: 'ids.ts: every thread has its own kernel tid (1:1)',
    expect(r) {
      const tids = lines(r).slice(0, 4).map((l) => /gettid (\d+)/.exec(l)![1]);
      expect(new Set(tids).size).toBe(4);
    },
  },
  {
    file: 'lost_update.ts', key: 'example:lost_update', title: 'lost_update.ts: on one CPU the default schedule loses no update (threadlab explore finds schedules that do)',
    expect(r) {
      exitedOk(r);
      expect(lines(r)).toEqual(['total=400 (expected 400)']);
    },
  },
  {
    file: 'cond_if.ts', key: 'example:cond_if', title: 'cond_if.ts: with the default schedule no consumer wakes to an empty queue (threadlab explore finds schedules where one does)',
    expect(r) {
      exitedOk(r);
      expect(lines(r)).toEqual(['20 items consumed; 0 wake-up(s) found the queue empty']);
    },
  },
  {
    file: 'abba.ts', key: 'example:abba', title: 'abba.ts: the default run on 2 CPUs does not deadlock (threadlab explore finds the AB-BA deadlock)', cpus: 2,
    expect(r) {
      exitedOk(r);
      expect(lines(r)).toEqual(['2 transfers, no deadlock']);
    },
  },
];

/**
 * The C examples (DESIGN.md 5a) check what their TypeScript twins check, under the same keys,
 * so a library's deviation applies to both ways in; race.c has its own.
 */
const C_CASES: ExampleCase[] = [
  ...CASES.filter((c) => ['hello.ts', 'prodcons.ts', 'signals.ts'].includes(c.file)).map((c) => ({ ...c, file: c.file.replace(/\.ts$/, '.c') })),
  {
    file: 'fork_wait.c', key: 'example:fork_wait', title: 'a thread forks a copy of the process, which returns 0 from fork; the thread reaps it',
    expect(r) {
      exitedOk(r);
      expect(r.stdout).toContain('thread: waitpid reaped the child (ok): exited; the parent still has shared 1, local 10\n');
      expect(lines(r).at(-1)).toBe('main: the thread returned 7');
      const parent = /^parent: pid (\d+)$/m.exec(r.stdout)![1];
      expect(r.stdout).toMatch(new RegExp(`^child: pid \\d+, parent ${parent}, shared 101, local 15$`, 'm'));
    },
  },
  {
    file: 'race.c', key: 'example:race', title: 'two threads on two CPUs lose updates of an unprotected counter', cpus: 2,
    expect(r) {
      exitedOk(r);
      const n = Number(/^counter = (\d+) \(expected 4000000\)$/m.exec(r.stdout)![1]);
      expect(n).toBeLessThan(4000000);
      expect(n).toBeGreaterThanOrEqual(2000000);
    },
  },
  {
    file: 'prodcons_fork.c', key: 'example:prodcons_fork', title: 'a parent produces into a MAP_SHARED ring, its fork child consumes, named semaphores count the slots',
    expect(r) {
      exitedOk(r);
      expect(lines(r)).toEqual([
        expect.stringMatching(/^consumer \(pid \d+\): 12 items, sum 650$/),
        expect.stringMatching(/^producer \(pid \d+\): the child exited with 0; the sum in the shared page is 650$/),
      ]);
    },
  },
  {
    file: 'affinity.c', key: 'example:affinity', title: 'two threads pinned apart finish in 20 ms, pinned to one CPU in 40 ms', cpus: 2,
    expect(r) {
      exitedOk(r);
      expect(lines(r)).toEqual([
        'pinned to CPUs 0 and 1:', '  thread 0 ran on CPU 0', '  thread 1 ran on CPU 1', '  both done in 20 ms',
        'both pinned to CPU 0:', '  thread 0 ran on CPU 0', '  thread 1 ran on CPU 0', '  both done in 40 ms',
      ]);
    },
  },
  {
    file: 'wordcount.c', key: 'example:wordcount', title: 'four threads count the words of a data file (--file) and main writes wordcount.txt',
    files: [{ path: 'words.txt', data: readFileSync(join(import.meta.dirname, '../../examples/words.txt'), 'latin1') }],
    expect(r) {
      exitedOk(r);
      expect(lines(r).at(-1)).toBe('words.txt: 557 bytes, 102 words (written to wordcount.txt)');
      expect(changedFiles(r.kernel)).toEqual([{ path: 'wordcount.txt', data: 'part 0\t24\npart 1\t25\npart 2\t28\npart 3\t25\ntotal\t102\n' }]);
    },
  },
];

/** Files in examples/ the tables above must cover (a new example needs a case). */
const COVERED = new Set([...CASES.map((c) => c.file), ...C_CASES.map((c) => c.file), 'zombie.ts', 'zombie_watch.module.ts']);

describe('the example table covers every example', () => {
  const files = readdirSync(join(import.meta.dirname, '../../examples')).filter((f) => f.endsWith('.ts') || f.endsWith('.c'));
  for (const f of files) check('all', `example-covered:${f}`, `${f} has a conformance case`, () => { expect(COVERED.has(f)).toBe(true); });
});

for (const lib of libraryNames()) {
  describe(`examples on ${lib}`, () => {
    for (const c of [...CASES, ...C_CASES]) {
      check(lib, c.key, `${c.file.endsWith('.c') ? `${c.file}: ` : ''}${c.title}`, async () => {
        c.expect(await runExample(lib, c.file, { cpus: c.cpus ?? 1, files: c.files }));
      });
    }
    check(lib, 'example:zombie', 'zombie.ts with the zombie_watch module: the kernel thread reports the zombie; ps shows it in brackets', async () => {
      const r = await runExample(lib, 'zombie.ts', { psAt: 2.5e9, setup: (k) => { loadModule(k, zombieWatch); } });
      exitedOk(r);
      expect(r.dmesg.join('\n')).toMatch(/zombie_watch: pid \d+ \(zombie\) is a zombie/);
      expect(r.psAt).toMatch(/\[zombie_watch\]/);
      expect(r.psAt).toMatch(/Z\s+pts\/0\s+\S+ \[zombie\] <defunct>/);
      expect(lines(r).at(-1)).toMatch(/^parent: reaped \d+ \(exit status 3\)$/);
    });
  });
}
