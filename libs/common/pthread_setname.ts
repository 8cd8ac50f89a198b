/**
 * pthread_setname.ts — a thread's name: pthread_setname_np and pthread_getname_np.
 *
 * Mirrors glibc's nptl/pthread_setname.c and pthread_getname.c: a name of 16 bytes or more
 * (TASK_COMM_LEN with its NUL) is ERANGE, as is a buffer shorter than 16 bytes; the calling
 * thread renames itself with prctl(PR_SET_NAME); any other thread is named through
 * /proc/self/task/<tid>/comm, opened, written (or read, dropping the newline) and closed with
 * the _not_cancel system calls — no cancellation point, errno untouched, the error returned.
 *
 * Simplifies: pthread_getname_np reads the comm file for the caller too (glibc uses
 * prctl(PR_GET_NAME), which the lab's prctl does not have); names are taken as UTF-16 strings
 * and measured in UTF-8 bytes.
 */

import { sys, O_RDONLY, O_RDWR, EIO, ERANGE, type Sim } from '../../kernel/index.js';
import type { Ref } from '../api.js';

/** TASK_COMM_LEN. */
export const TASK_COMM_LEN = 16;

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The comm file of thread `tid` of the calling process. */
function commPath(tid: number): string {
  return `/proc/self/task/${tid}/comm`;
}

/** pthread_setname_np on the thread whose kernel task is `tid` (`self`: the caller). */
export function* setnameNp(tid: number, self: boolean, name: string): Sim<number> {
  if (typeof name !== 'string') return ERANGE;
  const len = byteLength(name);
  if (len >= TASK_COMM_LEN) return ERANGE;
  if (self) {
    const r = (yield sys.set_name(name)) as number;
    return r < 0 ? -r : 0;
  }
  const fd = (yield sys.open(commPath(tid), O_RDWR)) as number;
  if (fd < 0) return -fd;
  const n = (yield sys.write(fd, name)) as number;
  yield sys.close(fd);
  return n < 0 ? -n : n !== name.length ? EIO : 0;
}

/** pthread_getname_np on the thread whose kernel task is `tid`: buf.value gets the name. */
export function* getnameNp(tid: number, buf: Ref<string>, len: number): Sim<number> {
  if (!(len >= TASK_COMM_LEN)) return ERANGE;
  const fd = (yield sys.open(commPath(tid), O_RDONLY)) as number;
  if (fd < 0) return -fd;
  const n = (yield sys.read(fd, TASK_COMM_LEN)) as string | number;
  yield sys.close(fd);
  if (typeof n === 'number') return n < 0 ? -n : EIO;
  buf.value = n.endsWith('\n') ? n.slice(0, -1) : n;
  return 0;
}
