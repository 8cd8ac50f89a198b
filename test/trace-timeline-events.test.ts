/**
 * trace-timeline-events.test.ts — the event kinds the timeline needs from the kernel's log:
 * `console` (what the program wrote, when, and by whom), `user_dispatch` (which user thread
 * each native of an M:N / M:1 library runs at every instant, and how the last one left) and
 * `user_ready` (a user thread created or woken at user level, and by whom). Each test fails if
 * an emit site is lost or the pairing breaks.
 */

import { describe, it, expect } from 'vitest';
import { runProgram } from '../experiments/runner.js';
import { EV_USER_DISPATCH, USER_LEFT_EXIT, USER_LEFT_WAIT, USER_LEFT_YIELD, type TraceEvent } from '../kernel/index.js';
import type { Libc } from '../libs/api.js';
import '../libs/all.js';

function* worker(libc: Libc, id: number): Generator<any, number, any> {
  for (let i = 0; i < 3; i++) {
    yield* libc.compute(50_000);
    yield* libc.printf('worker %d step %d\n', id, i);
    yield* libc.sched_yield();
  }
  return 0;
}

function* main(libc: Libc): Generator<any, number, any> {
  const ts: number[] = [];
  for (let i = 0; i < 3; i++) ts.push(yield* libc.pthread_create(worker, i));
  for (const t of ts) yield* libc.pthread_join(t);
  yield* libc.printf('done\n');
  return 0;
}

const LIBS = ['linuxthreads', 'nptl', 'ngpt', 'green'];

function runTraced(lib: string, cpus = 2) {
  return runProgram({ program: main, lib, cpus, name: 'tl', trace: true, libOptions: lib === 'ngpt' ? { natives: 2 } : undefined });
}

describe('console events', () => {
  for (const lib of LIBS) {
    it(`${lib}: the console events, in order, are the program's stdout, each from a program task`, () => {
      const r = runTraced(lib);
      const cons = r.events!.filter((e) => e.kind === 'console');
      expect(cons.map((e) => e.s).join('')).toBe(r.stdout);
      expect(cons.length).toBe(3 * 3 + 1); // 9 worker lines and "done"
      const programPids = new Set(r.events!.filter((e) => e.kind === 'clone').map((e) => e.a));
      for (const e of cons) {
        expect(e.a).toBe(e.s.length);
        expect(programPids.has(e.pid), `console write by pid ${e.pid}`).toBe(true);
      }
      const times = cons.map((e) => e.time);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });
  }
});

/** Per native: the user thread it runs now (0 = its scheduler), checked as the log goes. */
function checkDispatch(events: TraceEvent[]): { threads: Set<number>; dispatches: number } {
  const onNative = new Map<number, number>();
  const where = new Map<number, number>(); // user thread → native running it
  const threads = new Set<number>();
  let dispatches = 0;
  for (const e of events) {
    if (e.kind !== 'user_dispatch') continue;
    const cur = onNative.get(e.pid) ?? 0;
    if (e.a === 0) {
      expect(cur, `native ${e.pid} back in its scheduler at ${e.time} while running nothing`).not.toBe(0);
      where.delete(cur);
    } else {
      expect(cur, `native ${e.pid} dispatched ${e.a} at ${e.time} while still running ${cur}`).toBe(0);
      expect(where.has(e.a), `thread ${e.a} dispatched on ${e.pid} while running on ${where.get(e.a)}`).toBe(false);
      where.set(e.a, e.pid);
      threads.add(e.a);
      dispatches++;
    }
    onNative.set(e.pid, e.a);
  }
  return { threads, dispatches };
}

describe('user_dispatch events', () => {
  for (const lib of ['ngpt', 'green']) {
    it(`${lib}: every dispatch is followed by a return to the scheduler; a thread runs on one native at a time; all four threads run`, () => {
      const r = runTraced(lib);
      const { threads, dispatches } = checkDispatch(r.events!);
      expect([...threads].sort()).toEqual([1, 2, 3, 4]);
      expect(dispatches).toBeGreaterThanOrEqual(1 + 3 * 4); // each worker yields 3 times, then exits
    });
  }
  for (const lib of ['ngpt', 'green']) {
    it(`${lib}: a thread is dispatched only after it was made ready (user_ready) or left ready (yield); exits are reported`, () => {
      const r = runTraced(lib);
      const ready = new Set<string>();
      const running = new Map<number, number>(); // native → thread
      let exits = 0;
      for (const e of r.events!) {
        if (e.kind === 'user_ready') ready.add(`${e.a}`);
        if (e.kind !== 'user_dispatch') continue;
        if (e.a !== 0) {
          expect(ready.has(`${e.a}`), `thread ${e.a} dispatched at ${e.time} without being ready`).toBe(true);
          ready.delete(`${e.a}`);
          running.set(e.pid, e.a);
        } else {
          const t = running.get(e.pid)!;
          if (e.b === USER_LEFT_YIELD) ready.add(`${t}`);
          if (e.b === USER_LEFT_EXIT) exits++;
          expect([USER_LEFT_YIELD, USER_LEFT_WAIT, USER_LEFT_EXIT]).toContain(e.b);
        }
      }
      expect(exits).toBe(3); // the workers (main's return is exit(), which ends the process in the kernel)
      const created = r.events!.filter((e) => e.kind === 'user_ready' && e.b === 1).length;
      expect(created).toBeGreaterThanOrEqual(3); // main (thread 1) made each worker ready
    });
  }
  for (const lib of ['linuxthreads', 'nptl']) {
    it(`${lib}: a 1:1 library dispatches nothing at user level`, () => {
      expect(runTraced(lib).events!.filter((e) => e.kind === 'user_dispatch')).toEqual([]);
    });
  }
  it('nobody subscribed: the emit site is skipped (on[kind] stays 0)', () => {
    let seen = -1;
    runProgram({ program: main, lib: 'green', name: 'tl', setup: (k) => { seen = k.trace.on[EV_USER_DISPATCH]; } });
    expect(seen).toBe(0);
  });
});
