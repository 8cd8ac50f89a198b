/**
 * socket.ts — AF_UNIX socketpair and SOL_SOCKET options from C (clib/runtime/socket.c), each
 * the chosen library's call (the kernel's kernel/af_unix.ts).
 *
 * Models glibc's socketpair/getsockopt/setsockopt wrappers: the two descriptors are stored in
 * the int[2]; an option is an int (a value shorter than 4 bytes is EINVAL, as sock_getsockopt's
 * and sock_setsockopt's check; getsockopt writes 4 and sets *optlen to 4).
 */

import type { Sim } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';

const EINVAL = 22;

function sc(p: CProcess, a: Activation, r: number): number {
  if (r === -1) a.thread.errno = p.libc.errno;
  return r;
}

/** socketpair(domain a0, type a1, protocol a2, sv a3). */
function* opSocketpair(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.socketpair(a.a0, a.a1, a.a2);
  p.forgetDescriptors();
  if (r === -1) return sc(p, a, -1);
  p.store32(a.a3, r[0]);
  p.store32(a.a3 + 4, r[1]);
  return 0;
}

/** getsockopt (a0 = 0) or setsockopt (1): fd a1, level a2, name a3, value a4, length a5 (get: its address). */
function* opSockopt(p: CProcess, a: Activation): Sim<number> {
  const len = a.a0 === 0 ? p.load32(a.a5) : a.a5;
  if (len < 4) { a.thread.errno = EINVAL; return -1; }
  if (a.a0 === 1) return sc(p, a, yield* p.libc.setsockopt(a.a1, a.a2, a.a3, p.load32(a.a4)));
  const v = { value: 0 };
  const r = yield* p.libc.getsockopt(a.a1, a.a2, a.a3, v);
  if (r === 0) { p.store32(a.a4, v.value); p.store32(a.a5, 4); }
  return sc(p, a, r);
}

export function socketImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    socketpair: (d, t, pr, sv) => suspend(p, opSocketpair, d, t, pr, sv),
    sockopt: (op, fd, level, name, val, len) => suspend(p, opSockopt, op, fd, level, name, val, len),
  };
}
