/**
 * tpp.ts — the priority-protection (PTHREAD_PRIO_PROTECT) bookkeeping of a thread: while it
 * holds priority-ceiling mutexes it runs at the highest of their ceilings.
 *
 * Mirrors: glibc 2.36 nptl/tpp.c — __init_sched_fifo_prio (SCHED_FIFO's range from the
 * kernel, once), __pthread_current_priority (the thread's own priority, from the descriptor's
 * cache or, the first time, sched_getparam/sched_getscheduler on its tid) and
 * __pthread_tpp_change_priority (a count per ceiling in priomap; priomax, the highest held; when
 * priomax moves, sched_setscheduler(tid, own policy, max(own priority, priomax)) — whose error
 * is the caller's: under SCHED_OTHER a ceiling above 0 is EINVAL, yet priomap and priomax have
 * already changed, as in glibc); and the tpp parts of pthread_setschedparam.c and
 * pthread_setschedprio.c (a thread holding ceilings asks the kernel for at least priomax, and
 * the descriptor keeps the priority it asked for). The cache is the descriptor's schedparam
 * and schedpolicy with ATTR_FLAG_SCHED_SET / ATTR_FLAG_POLICY_SET (Pthread.schedPrio and
 * schedPolicy, -1 while unset).
 *
 * Simplifies: the descriptor's lock around the cache is not taken (JavaScript between two
 * yields is atomic, and only the thread itself changes its tpp); calloc cannot fail.
 */

import { sys, SCHED_FIFO, EAGAIN, type Sim } from '../../kernel/index.js';
import { THREAD_SELF, type Pthread } from './descr.js';

/** __sched_fifo_min_prio / __sched_fifo_max_prio: -1 until __init_sched_fifo_prio. */
let fifoMin = -1;
let fifoMax = -1;

/** struct priority_protection_data: the highest ceiling held, and a count per ceiling. */
export interface Tpp {
  priomax: number;
  priomap: number[];
}

/** __init_sched_fifo_prio: SCHED_FIFO's priority range, asked once (1 … 99 on Linux). */
export function* initSchedFifoPrio(): Sim<[number, number]> {
  if (fifoMin === -1 || fifoMax === -1) {
    fifoMax = (yield sys.sched_get_priority_max(SCHED_FIFO)) as number;
    fifoMin = (yield sys.sched_get_priority_min(SCHED_FIFO)) as number;
  }
  return [fifoMin, fifoMax];
}

/** The descriptor's schedparam/schedpolicy, read from the kernel the first time (ATTR_FLAG_*_SET); an errno or 0. */
function* fillSchedCache(self: Pthread): Sim<number> {
  let err = 0;
  if (self.schedPrio < 0) {
    const out: { value?: { sched_priority: number } } = {};
    const r = (yield sys.sched_getparam(self.tid, out)) as number;
    if (r < 0) err = -r; else self.schedPrio = out.value!.sched_priority;
  }
  if (self.schedPolicy < 0) {
    const p = (yield sys.sched_getscheduler(self.tid)) as number;
    if (p < 0) err = -p; else self.schedPolicy = p;
  }
  return err;
}

/** __pthread_current_priority: the thread's own priority (never a ceiling's boost), or -1. */
export function* pthreadCurrentPriority(): Sim<number> {
  const self = THREAD_SELF();
  if (self.schedPrio >= 0 && self.schedPolicy >= 0) return self.schedPrio;
  const err = yield* fillSchedCache(self);
  return err !== 0 ? -1 : self.schedPrio;
}

/**
 * __pthread_tpp_change_priority(previous, new): one ceiling less (previous, -1: none) and one
 * more (new, -1: none); when the highest held moves, ask the kernel for it. 0 or an errno.
 */
export function* tppChangePriority(previous: number, next: number): Sim<number> {
  const self = THREAD_SELF();
  const [min] = yield* initSchedFifoPrio();
  const tpp = (self.tpp ??= { priomax: min - 1, priomap: new Array(fifoMax - min + 1).fill(0) });
  const priomax = tpp.priomax;
  let newpriomax = priomax;
  if (next !== -1) {
    if (tpp.priomap[next - min] + 1 === 0x100000000) return EAGAIN; // the count would wrap
    ++tpp.priomap[next - min];
    if (next > priomax) newpriomax = next;
  }
  if (previous !== -1) {
    if (--tpp.priomap[previous - min] === 0 && priomax === previous && previous > next) {
      let i = previous - 1;
      for (; i >= min; --i) if (tpp.priomap[i - min] !== 0) break;
      newpriomax = i;
    }
  }
  if (priomax === newpriomax) return 0;
  tpp.priomax = newpriomax;
  let result = yield* fillSchedCache(self);
  if (result === 0) {
    const own = self.schedPrio;
    if (own < newpriomax || own < priomax) {
      const r = (yield sys.sched_setscheduler(self.tid, self.schedPolicy, { sched_priority: own < newpriomax ? newpriomax : own })) as number;
      if (r < 0) result = -r;
    }
  }
  return result;
}

/**
 * pthread_setschedparam's tpp part: the priority to ask the kernel for (at least the highest
 * ceiling `pd` holds) — the descriptor keeps `prio`, the one the caller asked for.
 */
export function tppFloor(pd: Pthread, prio: number): number {
  return pd.tpp !== null && pd.tpp.priomax > prio ? pd.tpp.priomax : prio;
}
