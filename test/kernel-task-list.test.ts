/**
 * kernel-task-list.test.ts — the thread-group and children lists (kernel/task_list.ts) and
 * pid_max (issue 14): O(1) removal that keeps the creation order every walk relies on, walks
 * that survive the removal of the task they stand on, complete_signal's round robin, and pid_max
 * as a kernel option from the default 32,768 up to 4,194,304 (a group of more than 32,768
 * threads, whose pids go past the default).
 */
import { describe, expect, it } from 'vitest';
import { Kernel, PRESETS, PID_MAX_DEFAULT, PID_MAX_LIMIT } from '../kernel/index.js';
import { Task } from '../kernel/task.js';
import { TaskList, GROUP_LIST, CHILD_LIST } from '../kernel/task_list.js';
import { sys } from '../kernel/usys.js';
import { runMain, me, spawnThread, joinThread, THREAD_FLAGS } from './kernel-process-helpers.js';

const tasks = (n: number) => Array.from({ length: n }, (_, i) => new Task(100 + i, `t${i}`));
const pids = (l: Iterable<Task>) => [...l].map((t) => t.pid);

describe('TaskList', () => {
  it('keeps insertion order and removes from anywhere in O(1)', () => {
    const ts = tasks(6);
    const l = new TaskList(GROUP_LIST);
    for (const t of ts) l.push(t);
    expect(pids(l)).toEqual([100, 101, 102, 103, 104, 105]);
    expect(l.remove(ts[0]!)).toBe(true);
    expect(l.remove(ts[3]!)).toBe(true);
    expect(l.remove(ts[5]!)).toBe(true);
    expect(l.remove(ts[3]!)).toBe(false);
    expect(pids(l)).toEqual([101, 102, 104]);
    expect(l.length).toBe(3);
    expect(l.includes(ts[2]!)).toBe(true);
    expect(l.includes(ts[3]!)).toBe(false);
    expect(l.first()!.pid).toBe(101);
    l.push(ts[3]!);
    expect(pids(l)).toEqual([101, 102, 104, 103]);
    expect(l.toArray().map((t) => t.pid)).toEqual([101, 102, 104, 103]);
  });

  it('a walk goes on past the task it stands on when the body removes it', () => {
    const ts = tasks(5);
    const l = new TaskList(GROUP_LIST);
    for (const t of ts) l.push(t);
    const seen: number[] = [];
    for (const t of l) { seen.push(t.pid); if (t.pid % 2 === 0) l.remove(t); }
    expect(seen).toEqual([100, 101, 102, 103, 104]);
    expect(pids(l)).toEqual([101, 103]);
  });

  it('nextCyclic walks round the list as next_thread does', () => {
    const ts = tasks(3);
    const l = new TaskList(GROUP_LIST);
    for (const t of ts) l.push(t);
    expect(l.nextCyclic(ts[0]!).pid).toBe(101);
    expect(l.nextCyclic(ts[2]!).pid).toBe(100);
  });

  it('a task is on one group list and one children list at a time; push moves it', () => {
    const [a, b] = tasks(2);
    const g = new TaskList(GROUP_LIST);
    const c1 = new TaskList(CHILD_LIST);
    const c2 = new TaskList(CHILD_LIST);
    g.push(a!); c1.push(a!); c1.push(b!);
    c2.push(a!);
    expect(pids(c1)).toEqual([101]);
    expect(pids(c2)).toEqual([100]);
    expect(pids(g)).toEqual([100]);
    c1.clear();
    expect(c1.length).toBe(0);
    expect(c1.includes(b!)).toBe(false);
  });
});

describe('thread groups on the kernel', () => {
  it('release_task unlinks joined threads from the middle of the group, order kept', () => {
    const seen: number[][] = [];
    runMain(function* (k) {
      const go = new Set<number>();
      function* worker(i: number) { while (!go.has(i)) yield sys.sched_yield(); return 0; }
      const ids = [];
      for (let i = 0; i < 6; i++) ids.push(yield* spawnThread(worker, i));
      for (const i of [1, 4, 0]) { go.add(i); yield* joinThread(ids[i]!); }
      seen.push(pids(me(k).signal!.threads).map((p) => p - me(k).pid));
      for (const i of [2, 3, 5]) { go.add(i); yield* joinThread(ids[i]!); }
      seen.push(pids(me(k).signal!.threads).map((p) => p - me(k).pid));
      return 0;
    });
    expect(seen).toEqual([[0, 3, 4, 6], [0]]);
  });
});

describe('pid_max', () => {
  it('defaults to 32,768 and accepts up to 4,194,304 (PID_MAX_LIMIT), nothing beyond', () => {
    const k = new Kernel({ costs: PRESETS['modern-x86'] });
    expect(k.pidMax).toBe(PID_MAX_DEFAULT);
    expect(PID_MAX_DEFAULT).toBe(32768);
    expect(new Kernel({ costs: PRESETS['modern-x86'], pidMax: PID_MAX_LIMIT }).pidMax).toBe(4194304);
    for (const bad of [PID_MAX_LIMIT + 1, 0, 1.5, Number.NaN]) {
      expect(() => new Kernel({ costs: PRESETS['modern-x86'], pidMax: bad })).toThrow(/pidMax must be an integer from 2 to 4194304/);
    }
  });

  it('a group of 33,000 live threads gets pids past the default pid_max when pid_max allows', () => {
    let top = 0;
    let failed = 0;
    runMain(function* () {
      const ids: number[] = [];
      for (let i = 0; i < 33_000; i++) {
        const r = (yield sys.clone({ flags: THREAD_FLAGS, fn: function* () { yield sys.pause(); return 0; }, arg: 0 })) as number;
        if (r < 0) { failed = r; break; }
        ids.push(r);
      }
      top = Math.max(...ids);
      return 0;
    }, { pidMax: 40_000, threadsMax: 40_000, check: false }); // the checker would walk every task per event
    expect(failed).toBe(0);
    expect(top).toBeGreaterThan(PID_MAX_DEFAULT);
  });
});
