/**
 * portable.ts — objects every library builds the same way on its own mutex and condition
 * variable: counting semaphores, barriers, and the thread-specific-data key table.
 *
 * Mirrors: the semantics of POSIX sem_*, pthread_barrier_*, pthread_key_* (PTHREAD_KEYS_MAX
 * 1024, PTHREAD_DESTRUCTOR_ITERATIONS 4). The semaphore built on a mutex and a condition
 * variable is NGPT 2.2.1's semaphore.c (used by NGPT and green); NPTL (a futex word,
 * libs/nptl/sem_*.ts) and LinuxThreads (a fastlock and the restart signal,
 * libs/linuxthreads/semaphore.ts) have their own.
 */

import type { pthread_mutex_t, pthread_cond_t } from '../api.js';

export class SemObj {
  constructor(public value: number, public m: pthread_mutex_t, public c: pthread_cond_t) {}
}

export class BarrierObj {
  arrived = 0;
  round = 0;
  constructor(public count: number, public m: pthread_mutex_t, public c: pthread_cond_t) {}
}

export const PTHREAD_KEYS_MAX = 1024;

/**
 * A thread's value for a key, with the generation of the key it was set under: a key deleted
 * and created again is a new generation. NPTL compares them (pthread_getspecific.c: `seq`);
 * LinuxThreads clears every thread's value in pthread_key_delete (specific.c) — both read NULL
 * for the new key, as POSIX asks. GNU Pth's and NGPT's pth_key_delete only mark the slot free,
 * so a recreated key shows the values the old one had (`keepsStale`).
 */
export interface KeyValue { g: number; v: unknown }

export class KeyTable {
  private destructors: (((v: unknown) => void) | null | undefined)[] = [];
  private live: boolean[] = [];
  private gen: number[] = [];

  /** keepsStale: Pth's key table (see KeyValue). */
  constructor(readonly keepsStale = false) {}

  create(destructor: ((v: unknown) => void) | null): number {
    let k = this.live.indexOf(false);
    if (k < 0) k = this.live.length;
    if (k >= PTHREAD_KEYS_MAX) return -1;
    this.live[k] = true;
    this.destructors[k] = destructor;
    this.gen[k] = (this.gen[k] ?? 0) + 1;
    return k;
  }

  delete(k: number): boolean {
    if (!this.valid(k)) return false;
    this.live[k] = false;
    this.destructors[k] = undefined;
    return true;
  }

  /** fork: the child's own copy (the table lives in the address space fork copies). */
  clone(): KeyTable {
    const c = new KeyTable(this.keepsStale);
    c.destructors = [...this.destructors];
    c.live = [...this.live];
    c.gen = [...this.gen];
    return c;
  }

  valid(k: number): boolean {
    return Number.isInteger(k) && this.live[k] === true;
  }

  /** pthread_setspecific's store (the key is valid). */
  set(specific: Map<number, unknown>, k: number, v: unknown): void {
    specific.set(k, { g: this.gen[k], v } satisfies KeyValue);
  }

  /** pthread_getspecific: the thread's value, NULL if it was set under an older key. */
  get(specific: Map<number, unknown> | null, k: number): unknown {
    const e = specific?.get(k) as KeyValue | undefined;
    if (e === undefined || (!this.keepsStale && e.g !== this.gen[k])) return null;
    return e.v ?? null;
  }

  runDestructors(specific: Map<number, unknown>): void {
    for (let round = 0; round < 4 && specific.size > 0; round++) {
      for (const [k, e] of [...specific] as [number, KeyValue][]) {
        specific.delete(k);
        if (!this.keepsStale && e.g !== this.gen[k]) continue; // __nptl_deallocate_tsd's seq check
        const d = this.destructors[k];
        if (d && e.v !== null && e.v !== undefined && this.live[k]) d(e.v);
      }
    }
  }
}
