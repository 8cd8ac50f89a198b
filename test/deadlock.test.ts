/**
 * deadlock.test.ts — deadlock detection with owner chains (issue 9): the report names every
 * blocked thread, what it waits on, and the chains of owners (a cycle where there is one), on
 * every library; LinuxThreads' manager and NGPT's watchdog, which poll on a timer, no longer
 * keep a deadlocked program running to the time limit; and a program that can still make
 * progress (a sleeper, a slow read in flight, a writer that will write) is never called one.
 */

import { describe, it, expect } from 'vitest';
import { runProgram, type RunOptions, type RunResult } from '../experiments/runner.js';
import { main as cliMain } from '../experiments/cli.js';
import { loadCostModel } from '../kernel/index.js';
import { libraryNames, type Libc, type Program, type pthread_mutex_t } from '../libs/index.js';
import '../libs/all.js';

function run(lib: string, program: Program, o: Partial<RunOptions> = {}): RunResult {
  return runProgram({ program, lib, name: 'dl', timeLimit: 300e9, ...o });
}

type Gen = Generator<any, number, any>;
const cycles = (r: RunResult) => r.deadlockInfo!.chains.filter((c) => c.cycle);
const threadOf = (r: RunResult, id: number) => r.deadlockInfo!.threads.find((t) => t.thread === id && !t.helper)!;

/** Thread i takes mutex i then mutex i+1 (mod n), after a pause: an n-cycle. */
function lockRing(n: number, ids: number[]): Program {
  return function* (libc: Libc): Gen {
    const ms: pthread_mutex_t[] = [];
    for (let i = 0; i < n; i++) ms.push(yield* libc.pthread_mutex_init());
    for (let i = 0; i < n; i++) {
      ids.push(yield* libc.pthread_create(function* (l: Libc, k: number): Gen {
        yield* l.pthread_mutex_lock(ms[k]);
        yield* l.usleep(1000);
        yield* l.pthread_mutex_lock(ms[(k + 1) % n]);
        return 0;
      }, i));
    }
    for (const t of ids) yield* libc.pthread_join(t);
    return 0;
  };
}

describe.each(libraryNames())('deadlock report on %s', (lib) => {
  it('an AB-BA mutex deadlock shows the cycle with both threads and both mutexes', () => {
    const ids: number[] = [];
    const r = run(lib, lockRing(2, ids), { cpus: 2 });
    expect(r.outcome).toBe('deadlock');
    expect(r.exitCode).toBe(125);
    const cyc = cycles(r);
    expect(cyc).toHaveLength(1);
    expect(new Set(cyc[0].threads)).toEqual(new Set(ids.map(String)));
    expect(new Set(cyc[0].objects)).toEqual(new Set(['mutex#0', 'mutex#1']));
    expect(cyc[0].text).toMatch(/^thread \d+ waits for mutex#\d held by thread \d+, which waits for mutex#\d held by thread \d+ — a cycle$/);
    expect(threadOf(r, ids[0]).wait).toMatchObject({ kind: 'mutex', object: 'mutex#1', holder: ids[1] });
    expect(threadOf(r, ids[1]).wait).toMatchObject({ kind: 'mutex', object: 'mutex#0', holder: ids[0] });
    expect(r.deadlock).toContain(cyc[0].text);
    // main joins the first thread: its chain leads into the cycle.
    expect(r.deadlockInfo!.chains.find((c) => !c.cycle)!.text).toMatch(/^thread \d+ joins thread \d+, which is in the cycle above$/);
  });

  it('a three-thread join cycle (A joins B, B joins C, C joins A) is a cycle of joins', () => {
    const sh = { ids: [] as number[] };
    const r = run(lib, function* (libc: Libc): Gen {
      for (let i = 0; i < 3; i++) {
        sh.ids.push(yield* libc.pthread_create(function* (l: Libc, k: number): Gen {
          yield* l.usleep(1000);
          yield* l.pthread_join(sh.ids[(k + 1) % 3]);
          return 0;
        }, i));
      }
      return yield* libc.pthread_exit(0); // (a join by main would take one of the joins: EINVAL)
    });
    expect(r.outcome).toBe('deadlock');
    const cyc = cycles(r);
    expect(cyc).toHaveLength(1);
    expect(new Set(cyc[0].threads)).toEqual(new Set(sh.ids.map(String)));
    expect(cyc[0].text).toMatch(/^thread \d+ joins thread \d+, which joins thread \d+, which joins thread \d+ — a cycle$/);
  });

  it('A joins B while B joins A: a deadlock under LinuxThreads, EDEADLK where the library checks (glibc NPTL, Pth)', () => {
    const sh = { a: 0, b: 0, rc: [-1, -1] };
    const r = run(lib, function* (libc: Libc): Gen {
      sh.a = yield* libc.pthread_create(function* (l: Libc): Gen { yield* l.usleep(1000); sh.rc[0] = yield* l.pthread_join(sh.b); return 0; });
      sh.b = yield* libc.pthread_create(function* (l: Libc): Gen { yield* l.usleep(2000); sh.rc[1] = yield* l.pthread_join(sh.a); return 0; });
      return yield* libc.pthread_exit(0);
    });
    if (lib === 'linuxthreads') {
      expect(r.outcome).toBe('deadlock');
      expect(cycles(r)[0].text).toBe(`thread ${sh.a} joins thread ${sh.b}, which joins thread ${sh.a} — a cycle`);
    } else {
      expect(r.outcome).toBe('exited');
      expect(sh.rc).toEqual([0, 35]); // EDEADLK for the second join
    }
  });

  it('a lost wake-up on a condition variable: the waiter waits for ever, no owner cycle, the report names the condvar', () => {
    let waiter = 0;
    const r = run(lib, function* (libc: Libc): Gen {
      const m = yield* libc.pthread_mutex_init();
      const c = yield* libc.pthread_cond_init();
      yield* libc.pthread_cond_signal(c); // nobody waits yet: the signal is lost
      waiter = yield* libc.pthread_create(function* (l: Libc): Gen {
        yield* l.pthread_mutex_lock(m);
        yield* l.pthread_cond_wait(c, m); // no predicate, no second signal
        yield* l.pthread_mutex_unlock(m);
        return 0;
      });
      yield* libc.pthread_join(waiter);
      return 0;
    });
    expect(r.outcome).toBe('deadlock');
    expect(cycles(r)).toEqual([]);
    expect(threadOf(r, waiter).wait).toMatchObject({ kind: 'cond', object: 'cond#0', holder: null });
    expect(r.deadlockInfo!.ownerless.join('\n')).toMatch(new RegExp(`thread ${waiter} waits on condition variable cond#0.*lost wake-up`));
    expect(r.deadlock).toContain(`thread ${waiter} (LWP`);
  });

  it('a semaphore nobody posts is reported as the semaphore, not its internal condition variable', () => {
    const r = run(lib, function* (libc: Libc): Gen {
      yield* libc.pthread_mutex_init();
      const s = yield* libc.sem_init(0);
      yield* libc.sem_wait(s);
      return 0;
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.deadlockInfo!.threads.find((t) => t.main)!.wait).toMatchObject({ kind: 'sem', object: 'sem#0' });
  });

  it('a program whose threads sleep with a timeout is not a deadlock', () => {
    const r = run(lib, function* (libc: Libc): Gen {
      const m = yield* libc.pthread_mutex_init();
      yield* libc.pthread_mutex_lock(m);
      const t = yield* libc.pthread_create(function* (l: Libc): Gen { yield* l.pthread_mutex_lock(m); yield* l.pthread_mutex_unlock(m); return 0; });
      yield* libc.sleep(7); // everyone else is blocked for good meanwhile; the manager polls three times
      yield* libc.pthread_mutex_unlock(m);
      yield* libc.pthread_join(t);
      return 0;
    });
    expect(r.outcome).toBe('exited');
    expect(r.virtualNs).toBeGreaterThan(7e9);
  });
});

describe('programs that can still make progress while helpers poll (LinuxThreads, NGPT)', () => {
  const both = ['linuxthreads', 'ngpt'];

  it.each(both)('%s: a slow-device read in flight for 6 s is not a deadlock', (lib) => {
    const costs = { ...loadCostModel('modern-x86'), deviceLatency: 6e9, deviceJitter: 0 };
    const r = run(lib, function* (libc: Libc): Gen {
      const m = yield* libc.pthread_mutex_init();
      yield* libc.pthread_mutex_lock(m);
      const t = yield* libc.pthread_create(function* (l: Libc): Gen { yield* l.pthread_mutex_lock(m); return 0; });
      yield* libc.read_slow_device(16);
      yield* libc.pthread_mutex_unlock(m);
      yield* libc.pthread_join(t);
      return 0;
    }, { costs, cpus: 2 });
    expect(r.outcome).toBe('exited');
    expect(r.virtualNs).toBeGreaterThan(6e9);
  });

  it.each(both)('%s: a reader blocked on a pipe whose writer sleeps 6 s first is not a deadlock', (lib) => {
    const r = run(lib, function* (libc: Libc): Gen {
      const fds = (yield* libc.pipe()) as [number, number];
      const t = yield* libc.pthread_create(function* (l: Libc): Gen { yield* l.sleep(6); yield* l.write(fds[1], 'x'); return 0; });
      const buf = { value: '' };
      yield* libc.read(fds[0], buf, 1);
      yield* libc.pthread_join(t);
      return buf.value === 'x' ? 0 : 1;
    }, { cpus: 2 });
    expect(r.outcome).toBe('exited');
    expect(r.statusText).toBe('exited with status 0');
  });
});

describe('deadlocks behind a polling helper end as deadlocks, in seconds of virtual time', () => {
  it('LinuxThreads: the manager polls every 2 s, yet AB-BA is reported as a deadlock, not the time limit', () => {
    const ids: number[] = [];
    const r = run('linuxthreads', lockRing(2, ids));
    expect(r.outcome).toBe('deadlock');
    expect(r.deadlockInfo!.rule).toBe('helpers-only');
    expect(r.virtualNs).toBeLessThan(5e9);
    expect(r.deadlock).toMatch(/^  manager \d+ \(LWP \d+, the library's helper task\): is blocked in poll\(fd \d+\)$/m);
    expect(cycles(r)).toHaveLength(1);
  });

  it('NGPT: the watchdog cycles every 2 s over a native stuck in an unwrapped read; a deadlock all the same', () => {
    const r = run('ngpt', function* (libc: Libc): Gen {
      const fds = (yield* libc.pipe()) as [number, number];
      yield* libc.pthread_create(function* (l: Libc): Gen { yield* l.read(fds[0], { value: '' }, 1); return 0; });
      yield* libc.pthread_create(function* (l: Libc): Gen { return 0; }); // queued behind main on native 0
      yield* libc.read(fds[0], { value: '' }, 1); // unwrapped: native 0 sleeps with the thread queued on it
      return 0;
    }, { cpus: 2, libOptions: { natives: 2, wrap: false } });
    expect(r.outcome).toBe('deadlock');
    expect(r.deadlockInfo!.rule).toBe('helpers-only');
    expect(r.virtualNs).toBeLessThan(5e9);
    expect(r.deadlockInfo!.chains[0].text).toMatch(/^thread 3 is queued behind thread 1 on their native, which is blocked in read\(fd \d+\) on pipe_read/);
  });
});

describe('threadlab run shows the report', () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await cliMain(argv, { out: (s) => { out += s; }, err: (s) => { out += s; } });
    return { code, out };
  }

  it('the text report has the threads and the cycle; the status is 125', async () => {
    const r = await cli('run', 'examples/deadlock.ts', '--lib', 'linuxthreads', '--no-watchdog');
    expect(r.code).toBe(125);
    expect(r.out).toMatch(/^status {9}deadlock \(exit code 125\)$/m);
    expect(r.out).toMatch(/^ +thread \d+ waits for mutex#\d held by thread \d+, which waits for mutex#\d held by thread \d+ — a cycle$/m);
  });

  it('--json carries the same as data', async () => {
    const r = await cli('run', 'examples/deadlock.ts', '--json', '--no-watchdog');
    const j = JSON.parse(r.out);
    expect(j.outcome).toBe('deadlock');
    expect(j.deadlockInfo.chains.filter((c: { cycle: boolean }) => c.cycle)).toHaveLength(1);
    expect(j.deadlockInfo.threads.map((t: { waits: string }) => t.waits)).toContain('joins thread ' + j.deadlockInfo.chains[0].threads[0]);
  });
});
