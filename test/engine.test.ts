/**
 * engine.test.ts — the event heap (kernel/sim/engine.ts): events run in (time, priority,
 * sequence) order whatever was cancelled in between, cancel takes out only the event it names,
 * and a sleeper woken before its timeout leaves no event queued (sched.ts delTimeout).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../kernel/sim/engine.js';
import { sys } from '../kernel/usys.js';
import { POLLIN } from '../kernel/uapi.js';
import { EVK_TIMEOUT } from '../kernel/sched.js';
import type { Kernel } from '../kernel/kernel.js';
import { run, thread } from './kernel-ipc-helpers.js';

/** Timeout events physically in the queue, stale or not. */
function queuedTimeouts(k: Kernel): number {
  let n = 0;
  k.engine.forEachPending((_time, kind) => { if (kind === EVK_TIMEOUT) n++; });
  return n;
}

type Op = { op: 'at'; time: number; prio: number } | { op: 'cancel'; which: number };

describe('Engine', () => {
  it('runs the events left after any cancels in (time, priority, sequence) order', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('at' as const), time: fc.integer({ min: 0, max: 20 }), prio: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ op: fc.constant('cancel' as const), which: fc.nat(60) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const e = new Engine();
      const queued: { id: number; time: number; prio: number; slot: number }[] = [];
      let id = 0;
      for (const o of ops) {
        if (o.op === 'at') {
          const n = id++;
          queued.push({ id: n, time: o.time, prio: o.prio, slot: e.at(o.time, o.prio, 1, n, 7) });
        } else if (queued.length > 0) {
          const [q] = queued.splice(o.which % queued.length, 1);
          expect(e.cancel(q.slot, 1, q.id, 7)).toBe(true);
          expect(e.cancel(q.slot, 1, q.id, 7)).toBe(false); // gone already
        }
      }
      expect(e.pending).toBe(queued.length);
      const ran: number[] = [];
      e.run((_kind, target) => { ran.push(target as number); });
      const want = queued.slice().sort((a, b) => a.time - b.time || a.prio - b.prio || a.id - b.id).map((q) => q.id);
      expect(ran).toEqual(want);
    }), { numRuns: 300 });
  });

  it('cancel leaves alone a slot reused by another event, or an event it does not name', () => {
    const e = new Engine();
    const s = e.at(5, 0, 1, 'a', 1);
    const ran: unknown[] = [];
    e.run((_k, target) => { ran.push(target); });
    const s2 = e.at(9, 0, 1, 'b', 1); // the freed slot is reused
    expect(s2).toBe(s);
    expect(e.cancel(s, 1, 'a', 1)).toBe(false);
    expect(e.cancel(s2, 1, 'b', 2)).toBe(false); // another generation
    expect(e.cancel(s2, 2, 'b', 1)).toBe(false); // another kind
    expect(e.pending).toBe(1);
    e.run((_k, target) => { ran.push(target); });
    expect(ran).toEqual(['a', 'b']);
  });
});

describe('a sleep\'s timeout (del_timer on wake-up)', () => {
  it('is taken off the event queue when the sleeper is woken first', () => {
    const queuedWhileBlocked: number[] = [];
    const queuedAfter: number[] = [];
    const r = run(function* (k) {
      const fds = (yield sys.pipe(0)) as number[];
      yield* thread(function* () {
        yield sys.nanosleep(1_000_000); // 1 ms, then wake the poller long before its 10 s timeout
        queuedWhileBlocked.push(queuedTimeouts(k));
        yield sys.write(fds[1], 'x');
        return 0;
      });
      const ufd = [{ fd: fds[0], events: POLLIN, revents: 0 }];
      const n = (yield sys.poll(ufd, 10_000_000_000)) as number;
      queuedAfter.push(queuedTimeouts(k), n);
      return 0;
    });
    expect(r.k.now).toBeLessThan(1_000_000_000);
    expect(queuedWhileBlocked).toEqual([1]); // the poll's 10 s timeout
    expect(queuedAfter).toEqual([0, 1]); // gone once poll returned
  });
});
