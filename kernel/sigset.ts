/**
 * sigset.ts — a set of signals 1–64 (sigset_t) as two 32-bit words, and its operations.
 *
 * Mirrors: include/linux/signal.h — sigaddset, sigdelset, sigismember, sigisemptyset,
 * sigequalsets, sigorsets, sigandsets, sigandnsets, signotset, sigemptyset, sigfillset — and
 * kernel/signal.c's next_signal, for _NSIG 64 and _NSIG_WORDS 2 (a 32-bit kernel's sigset_t):
 * sig[0] holds signals 1–32, sig[1] signals 33–64, signal n at bit (n - 1) % 32.
 *
 * Simplifies: a set is a small mutable object changed in place, as the C struct is; `sigcopy`
 * stands for the struct assignment `*dst = *src`. The words are signed 32-bit integers (what
 * JavaScript's bitwise operators give), so no operation allocates — the kernel used BigInt
 * sets before, and every BigInt operation allocated. The kernel's public surface (the system
 * calls, libs/, programs) passes a set as a bigint (signal n is bit n - 1, as libs' sigmask);
 * sigsetFromBigint and sigsetToBigint convert at that boundary, keeping bits 1–64 only.
 */

export class SigSet {
  /** sig[0]: signals 1–32. */
  w0: number;
  /** sig[1]: signals 33–64. */
  w1: number;
  constructor(w0 = 0, w1 = 0) {
    this.w0 = w0 | 0;
    this.w1 = w1 | 0;
  }
}

/** A new set holding `sigs` (siginitset / a sigset_t initialiser). */
export function sigsetOf(...sigs: number[]): SigSet {
  const s = new SigSet();
  for (const sig of sigs) sigaddset(s, sig);
  return s;
}

// A number outside 1–64 is in no set (adding or deleting it does nothing).

export function sigaddset(s: SigSet, sig: number): void {
  const b = sig - 1;
  if (b < 0 || b > 63) return;
  if (b < 32) s.w0 |= 1 << b;
  else s.w1 |= 1 << (b - 32);
}

export function sigdelset(s: SigSet, sig: number): void {
  const b = sig - 1;
  if (b < 0 || b > 63) return;
  if (b < 32) s.w0 &= ~(1 << b);
  else s.w1 &= ~(1 << (b - 32));
}

export function sigismember(s: SigSet, sig: number): boolean {
  const b = sig - 1;
  if (b < 32) return b >= 0 && (s.w0 & (1 << b)) !== 0;
  return b < 64 && (s.w1 & (1 << (b - 32))) !== 0;
}

export function sigisemptyset(s: SigSet): boolean {
  return (s.w0 | s.w1) === 0;
}

export function sigequalsets(a: SigSet, b: SigSet): boolean {
  return a.w0 === b.w0 && a.w1 === b.w1;
}

export function sigemptyset(s: SigSet): void {
  s.w0 = 0;
  s.w1 = 0;
}

export function sigfillset(s: SigSet): void {
  s.w0 = -1;
  s.w1 = -1;
}

/** `*dst = *src`. */
export function sigcopy(dst: SigSet, src: SigSet): void {
  dst.w0 = src.w0;
  dst.w1 = src.w1;
}

/** A new set equal to `s` (a sigset_t copied into a new place: a signal frame, a saved mask). */
export function sigdup(s: SigSet): SigSet {
  return new SigSet(s.w0, s.w1);
}

/** r = a | b. */
export function sigorsets(r: SigSet, a: SigSet, b: SigSet): void {
  r.w0 = a.w0 | b.w0;
  r.w1 = a.w1 | b.w1;
}

/** r = a & b. */
export function sigandsets(r: SigSet, a: SigSet, b: SigSet): void {
  r.w0 = a.w0 & b.w0;
  r.w1 = a.w1 & b.w1;
}

/** r = a & ~b. */
export function sigandnsets(r: SigSet, a: SigSet, b: SigSet): void {
  r.w0 = a.w0 & ~b.w0;
  r.w1 = a.w1 & ~b.w1;
}

/** s = ~s. */
export function signotset(s: SigSet): void {
  s.w0 = ~s.w0;
  s.w1 = ~s.w1;
}

/** (a & b) is not empty: the sets share a signal. */
export function sigtestand(a: SigSet, b: SigSet): boolean {
  return ((a.w0 & b.w0) | (a.w1 & b.w1)) !== 0;
}

/** (a & ~b) is not empty: a holds a signal b does not (recalc_sigpending's question). */
export function sigtestandn(a: SigSet, b: SigSet): boolean {
  return ((a.w0 & ~b.w0) | (a.w1 & ~b.w1)) !== 0;
}

/** 1 + the index of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(w: number): number {
  return 32 - Math.clz32(w & -w);
}

/** next_signal: the lowest signal of `pending` that `mask` does not block, or 0. */
export function nextSignal(pending: SigSet, mask: SigSet): number {
  const x0 = pending.w0 & ~mask.w0;
  if (x0 !== 0) return lowestBit(x0);
  const x1 = pending.w1 & ~mask.w1;
  return x1 !== 0 ? 32 + lowestBit(x1) : 0;
}

// ---------------------------------------------------------------------------------------
// The bigint boundary

const TWO32 = 4294967296;
/** Sets of signals 1–53 are exact as a double: their words are found without BigInt work. */
const EXACT = (1n << 53n) - 1n;
const ALL64 = (1n << 64n) - 1n;
// The last set converted either way (a library passes the same masks again and again).
let memoW0 = 0;
let memoW1 = 0;
let memoBig = 0n;

/** s = the signals 1–64 of a bigint set (bit n - 1 for signal n; negative: two's complement). */
export function sigsetFromBigint(s: SigSet, b: bigint): void {
  if (b === memoBig) {
    s.w0 = memoW0;
    s.w1 = memoW1;
  } else if (b >= 0n && b <= EXACT) {
    const n = Number(b);
    s.w0 = n | 0;
    s.w1 = (n / TWO32) | 0;
  } else {
    s.w0 = Number(BigInt.asIntN(32, b));
    s.w1 = Number(BigInt.asIntN(32, b >> 32n));
    if (b >= 0n && b <= ALL64) {
      memoW0 = s.w0;
      memoW1 = s.w1;
      memoBig = b;
    }
  }
}

/** The bigint for a set (0 ≤ it < 2^64). */
export function sigsetToBigint(s: SigSet): bigint {
  const w0 = s.w0;
  const w1 = s.w1;
  if ((w0 | w1) === 0) return 0n;
  if (w0 === memoW0 && w1 === memoW1) return memoBig;
  let b: bigint;
  if (w1 >= 0 && w1 < 0x200000) b = BigInt(w1 * TWO32 + (w0 >>> 0));
  else b = (BigInt(w1 >>> 0) << 32n) | BigInt(w0 >>> 0);
  memoW0 = w0;
  memoW1 = w1;
  memoBig = b;
  return b;
}
