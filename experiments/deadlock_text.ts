/**
 * deadlock_text.ts — the words of the deadlock report (deadlock.ts): a thread's label, what it
 * is doing ("waits for mutex#1, held by thread 3"), one hop of an owner chain ("joins thread
 * 3"), and why a wait that no thread holds cannot end.
 *
 * Phrases are verb phrases in the third person, so they read the same after "thread 2" in the
 * thread list and after "which" in a chain.
 */

import type { ThreadDebug, ThreadWait } from '../libs/index.js';

/** "thread 0x8048010" or, with details, "thread 0x8048010 (main, LWP 1236)"; helpers by role. */
export function threadLabel(d: ThreadDebug, details = false): string {
  const base = d.helper ? `${d.helper}${d.name ? ` ${d.name}` : ''}` : `thread ${d.name}`;
  if (!details) return base;
  const bits: string[] = [];
  if (d.main) bits.push('main');
  if (d.lwp !== 0) bits.push(`LWP ${d.lwp}`);
  if (d.helper) bits.push("the library's helper task");
  return bits.length ? `${base} (${bits.join(', ')})` : base;
}

function holderText(w: ThreadWait): string {
  if (w.holder !== null) return `thread ${w.holderName ?? w.holder}`;
  return w.holderName ?? '';
}

/** What the thread is doing, for the thread list and the end of a chain. */
export function waitPhrase(d: ThreadDebug, call: string | null): string {
  if (d.state === 'exited') return 'has exited (not yet joined)';
  const w = d.wait;
  if (w === null) {
    if (d.state === 'blocked') return call ? `is blocked in ${call}` : 'is blocked';
    if (d.state === 'stopped') return 'is stopped (SIGSTOP)';
    return d.state === 'running' ? 'is running' : 'is ready to run';
  }
  const timed = w.timed ? ' (with a timeout)' : '';
  return objectPhrase(w) + timed;
}

/** The wait in words, with who holds the object. */
function objectPhrase(w: ThreadWait): string {
  const note = w.note ? ` (${w.note})` : '';
  switch (w.kind) {
    case 'mutex': {
      const h = holderText(w);
      return h ? `waits for ${w.object}, held by ${h}` : `waits for ${w.object}, which is free`;
    }
    case 'rwlock': {
      const h = holderText(w);
      return h ? `waits for reader-writer lock ${w.object}, held by ${h}` : `waits for reader-writer lock ${w.object}${note}`;
    }
    case 'cond': return `waits on condition variable ${w.object}${note}`;
    case 'sem': return `waits on semaphore ${w.object}`;
    case 'barrier': return `waits at barrier ${w.object}`;
    case 'join': return `joins ${w.object}`;
    case 'sleep': return 'is sleeping';
    case 'io': return `waits for ${w.object}${note}`;
    case 'signal': return `waits for ${w.object}`;
    case 'create': case 'exit': return `waits for ${w.object}${w.holderName ? ` (${w.holderName})` : ''}${note}`;
    case 'kernel':
      if (w.holder !== null) return `is ready to run, but ${w.note ?? 'its native is blocked'}: ${w.object}`;
      return `is blocked in ${w.object}${note}`;
    default: return `waits for ${w.object}`;
  }
}

/** One hop of a chain: "waits for mutex#1 held by thread 3", "joins thread 3". */
export function edgePhrase(d: ThreadDebug): string {
  const w = d.wait!;
  const h = holderText(w);
  switch (w.kind) {
    case 'join': return `joins ${h}`;
    case 'create': case 'exit': return `waits for ${w.object}, ${h}`;
    case 'kernel': return `is queued behind ${h} on their native`;
    default: return `waits for ${w.object} held by ${h}`;
  }
}

/** Why a wait that no thread holds cannot end (a lost wake-up, a missing post or signal). */
export function ownerlessPhrase(d: ThreadDebug & { waits: string }): string {
  const k = d.wait?.kind;
  const why = k === 'cond' ? 'a condition variable has no owner; only a pthread_cond_signal or broadcast ends the wait, and no thread is left to send one (a lost wake-up?)'
    : k === 'sem' ? 'only a sem_post ends the wait, and no thread is left to post'
    : k === 'barrier' ? 'the barrier opens only when enough threads arrive, and no other thread can'
    : k === 'signal' ? 'no thread is left to send the signal'
    : k === 'exit' ? 'they are all blocked'
    : k === 'io' ? 'no thread is left to do the other end of the I/O'
    : 'no thread is left that could wake it';
  return `${threadLabel(d)} ${d.waits} — ${why}`;
}
