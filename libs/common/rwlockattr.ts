/**
 * rwlockattr.ts — pthread_rwlockattr_*: the attribute object every library's pthread_rwlock_init
 * reads (its kind and whether it is process-shared), and what each library answers to setting
 * and reading the process-shared flag.
 *
 * Mirrors: glibc nptl/pthread_rwlockattr_{init,destroy,getpshared,setpshared,getkind_np,
 * setkind_np}.c (2.3: any of the two pshared values accepted, the three kinds checked);
 * linuxthreads/rwlock.c's attribute functions (PTHREAD_PROCESS_SHARED is ENOSYS: "it is not
 * possible to share"); NGPT 2.2.1 pthread.c (stores whatever it is given); GNU Pth 2.0.7
 * pthread.c (get and set are both ENOSYS: "not supported").
 *
 * Simplifies: the kind functions (_np, glibc's extension) answer the same on every library;
 * NGPT and Pth have none, and their locks ignore the kind (urwlock.ts).
 */

import { EINVAL, ENOSYS, type Sim } from '../../kernel/index.js';
import {
  PTHREAD_PROCESS_PRIVATE, PTHREAD_PROCESS_SHARED, PTHREAD_RWLOCK_DEFAULT_NP,
  PTHREAD_RWLOCK_PREFER_READER_NP, PTHREAD_RWLOCK_PREFER_WRITER_NP,
  PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
  type pthread_rwlockattr_t, type Ref,
} from '../api.js';

/** Whose pshared rule a library follows (see the header). */
export type PsharedRule = 'glibc' | 'linuxthreads' | 'ngpt' | 'pth';

export function* rwlockattrInit(): Sim<pthread_rwlockattr_t> {
  return { lockkind: PTHREAD_RWLOCK_DEFAULT_NP, pshared: PTHREAD_PROCESS_PRIVATE };
}

function valid(a: pthread_rwlockattr_t | null | undefined): a is pthread_rwlockattr_t {
  return typeof a === 'object' && a !== null && typeof a.lockkind === 'number' && typeof a.pshared === 'number';
}

export function* rwlockattrDestroy(a: pthread_rwlockattr_t): Sim<number> {
  return valid(a) ? 0 : EINVAL;
}

export function* rwlockattrGetpshared(a: pthread_rwlockattr_t, out: Ref<number>, rule: PsharedRule): Sim<number> {
  if (!valid(a)) return EINVAL;
  if (rule === 'pth') return ENOSYS;
  out.value = a.pshared;
  return 0;
}

export function* rwlockattrSetpshared(a: pthread_rwlockattr_t, v: number, rule: PsharedRule): Sim<number> {
  if (!valid(a)) return EINVAL;
  if (rule === 'pth') return ENOSYS;
  if (rule !== 'ngpt' && v !== PTHREAD_PROCESS_PRIVATE && v !== PTHREAD_PROCESS_SHARED) return EINVAL;
  if (rule === 'linuxthreads' && v !== PTHREAD_PROCESS_PRIVATE) return ENOSYS;
  a.pshared = v;
  return 0;
}

export function* rwlockattrGetkind(a: pthread_rwlockattr_t, out: Ref<number>): Sim<number> {
  if (!valid(a)) return EINVAL;
  out.value = a.lockkind;
  return 0;
}

export function* rwlockattrSetkind(a: pthread_rwlockattr_t, kind: number): Sim<number> {
  if (!valid(a)) return EINVAL;
  if (kind !== PTHREAD_RWLOCK_PREFER_READER_NP && kind !== PTHREAD_RWLOCK_PREFER_WRITER_NP
    && kind !== PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP) return EINVAL;
  a.lockkind = kind;
  return 0;
}

/** The attribute pthread_rwlock_init was given, or the default one (EINVAL-worthy if malformed). */
export function rwlockattrOf(a: pthread_rwlockattr_t | null | undefined): pthread_rwlockattr_t | null {
  if (a === null || a === undefined) return { lockkind: PTHREAD_RWLOCK_DEFAULT_NP, pshared: PTHREAD_PROCESS_PRIVATE };
  return valid(a) ? a : null;
}
