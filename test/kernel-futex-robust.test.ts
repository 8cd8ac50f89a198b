/**
 * kernel-futex-robust.test.ts — robust futexes (kernel/futex_robust.ts, after Linux
 * kernel/futex/core.c exit_robust_list / handle_futex_death): the list a thread registers with
 * set_robust_list is walked when it exits, each lock it still holds gets FUTEX_OWNER_DIED (its
 * FUTEX_WAITERS kept) and one waiter is woken; a lock held by another task is left alone; the
 * list_op_pending entry of a half-done unlock (owner 0) wakes one waiter without a store; the
 * walk stops on a circular list; the registration is not inherited by a child.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { umalloc, uload, ustore } from '../kernel/uaccess.js';
import { FUTEX_WAIT, EINVAL } from '../kernel/uapi.js';
import { FUTEX_OWNER_DIED, FUTEX_WAITERS } from '../kernel/futex_robust.js';
import type { Sim } from '../kernel/req.js';
import { runMain, spawnThread, joinThread, wait, me } from './kernel-process-helpers.js';

/** A lock as glibc lays a robust mutex out, in words: [lock, prev, next]; its entry is &next. */
function lock(): { word: number; entry: number } {
  const word = umalloc(3);
  return { word, entry: word + 8 };
}

/** A robust_list_head [list.next, futex_offset, list_op_pending] with an empty list. */
function head(): number {
  const h = umalloc(3);
  ustore(h, h);
  ustore(h + 4, -8); // futex word = entry - 8
  return h;
}

describe('the robust futex list walked at exit (kernel/futex/core.c exit_robust_list)', () => {
  it('a held lock gets OWNER_DIED with WAITERS kept and its waiter woken; another task\'s lock is untouched; a pending unlock wakes one', () => {
    const got: unknown[] = [];
    runMain(function* (k): Sim<number> {
      const a = lock(), b = lock(), c = lock();
      const mainTid = me(k).pid;
      ustore(b.word, mainTid); // b is main's
      let dyingTid = 0;
      const dying = function* (): Sim<number> {
        dyingTid = me(k).pid;
        const h = head();
        ustore(a.word, dyingTid | FUTEX_WAITERS); // a: held, someone waits
        ustore(h, a.entry); // head -> a -> b -> head
        ustore(a.entry, b.entry);
        ustore(b.entry, h);
        ustore(h + 8, c.entry); // c: an unlock under way (word already 0)
        got.push((yield sys.set_robust_list(h, 24)) as number);
        yield sys.futex(c.word, FUTEX_WAIT, 0); // park until the waiters are queued
        return 0;
      };
      const waitA = function* (): Sim<number> {
        const r = (yield sys.futex(a.word, FUTEX_WAIT, uload(a.word))) as number;
        got.push(['a woken', r]);
        return 0;
      };
      const waitC = function* (): Sim<number> {
        const r = (yield sys.futex(c.word, FUTEX_WAIT, 0)) as number;
        got.push(['c woken', r]);
        return 0;
      };
      const d = yield* spawnThread(dying);
      yield sys.sched_yield();
      const wa = yield* spawnThread(waitA);
      const wc = yield* spawnThread(waitC);
      yield sys.sched_yield();
      // the dying thread parks on c first, so FUTEX_WAKE(c) from here wakes it; then it exits
      yield sys.futex(c.word, 1 /* FUTEX_WAKE */, 1);
      yield* joinThread(d);
      yield* joinThread(wa);
      yield* joinThread(wc);
      got.push((uload(a.word) >>> 0).toString(16), uload(a.word) & 0x3fffffff, uload(b.word) === mainTid, uload(c.word));
      return 0;
    });
    expect(got).toEqual([0, ['a woken', 0], ['c woken', 0], 'c0000000', 0, true, 0]);
    expect((FUTEX_WAITERS | FUTEX_OWNER_DIED) >>> 0).toBe(0xc0000000);
  });

  it('set_robust_list wants len 24; get_robust_list reads it back; a fork child starts with none', () => {
    const got: unknown[] = [];
    runMain(function* (): Sim<number> {
      const h = head();
      got.push((yield sys.set_robust_list(h, 23)) as number, (yield sys.set_robust_list(h, 24)) as number);
      const out: { head?: number; len?: number } = {};
      got.push((yield sys.get_robust_list(0, out)) as number, out.head === h, out.len);
      const pid = (yield sys.fork(function* (): Sim<number> {
        const o: { head?: number } = {};
        yield sys.get_robust_list(0, o);
        return o.head === 0 ? 7 : 1;
      })) as number;
      const [, status] = yield* wait(pid);
      got.push(status >> 8);
      return 0;
    });
    expect(got).toEqual([-EINVAL, 0, 0, true, 24, 7]);
  });

  it('a circular list is walked at most ROBUST_LIST_LIMIT times, and the held lock still marked', () => {
    const got: unknown[] = [];
    runMain(function* (k): Sim<number> {
      const a = lock();
      const t = yield* spawnThread(function* (): Sim<number> {
        const h = head();
        ustore(a.word, me(k).pid);
        ustore(h, a.entry);
        ustore(a.entry, a.entry); // a -> a -> a ... never back to the head
        yield sys.set_robust_list(h, 24);
        return 0;
      });
      yield* joinThread(t);
      got.push((uload(a.word) >>> 0).toString(16));
      return 0;
    });
    expect(got).toEqual(['40000000']);
  });
});
