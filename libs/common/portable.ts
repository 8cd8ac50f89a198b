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

export class KeyTable {
  private destructors: (((v: unknown) => void) | null | undefined)[] = [];
  private live: boolean[] = [];

  create(destructor: ((v: unknown) => void) | null): number {
    let k = this.live.indexOf(false);
    if (k < 0) k = this.live.length;
    if (k >= PTHREAD_KEYS_MAX) return -1;
    this.live[k] = true;
    this.destructors[k] = destructor;
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
    const c = new KeyTable();
    c.destructors = [...this.destructors];
    c.live = [...this.live];
    return c;
  }

  valid(k: number): boolean {
    return Number.isInteger(k) && this.live[k] === true;
  }

  runDestructors(specific: Map<number, unknown>): void {
    for (let round = 0; round < 4 && specific.size > 0; round++) {
      for (const [k, v] of [...specific]) {
        specific.delete(k);
        const d = this.destructors[k];
        if (d && v !== null && v !== undefined && this.live[k]) d(v);
      }
    }
  }
}
