/**
 * kernel-sigset.test.ts — kernel/sigset.ts, the kernel's two-word sigset_t, against the bigint
 * sets the system calls take (signal n is bit n - 1): every operation agrees with the same
 * operation on bigints, and the conversion at the boundary keeps signals 1–64 exactly.
 */

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  SigSet, sigaddset, sigdelset, sigismember, sigisemptyset, sigequalsets, sigorsets, sigandsets,
  sigandnsets, signotset, sigtestand, sigtestandn, sigfillset, sigemptyset, sigdup, sigsetOf, nextSignal,
  sigsetFromBigint, sigsetToBigint,
} from '../kernel/sigset.js';

const ALL = (1n << 64n) - 1n;
const big = fc.bigInt({ min: 0n, max: ALL });
const sig = fc.integer({ min: 1, max: 64 });
const of = (b: bigint): SigSet => { const s = new SigSet(); sigsetFromBigint(s, b); return s; };
const bit = (n: number): bigint => 1n << BigInt(n - 1);

describe('kernel/sigset.ts: sigset_t as two 32-bit words', () => {
  it('converts every set of signals 1–64 to words and back unchanged', () => {
    fc.assert(fc.property(big, (b) => sigsetToBigint(of(b)) === b));
    for (const b of [0n, 1n, bit(32), bit(33), bit(53), bit(54), bit(64), ALL, ALL - 1n]) expect(sigsetToBigint(of(b))).toBe(b);
  });

  it('keeps bits 1–64 of a negative or wider bigint (two\'s complement), as `& ALL` did', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }), (b) => sigsetToBigint(of(b)) === (b & ALL)));
  });

  it('sigaddset, sigdelset and sigismember agree with the bigint bit; numbers outside 1–64 are in no set', () => {
    fc.assert(fc.property(big, sig, (b, n) => {
      const s = of(b);
      expect(sigismember(s, n)).toBe((b & bit(n)) !== 0n);
      sigaddset(s, n);
      expect(sigsetToBigint(s)).toBe(b | bit(n));
      sigdelset(s, n);
      expect(sigsetToBigint(s)).toBe(b & ~bit(n));
    }));
    const s = of(ALL);
    for (const n of [0, -1, 65, 96]) expect(sigismember(s, n)).toBe(false);
    const e = new SigSet();
    sigaddset(e, 0); sigaddset(e, 65);
    expect(sigisemptyset(e)).toBe(true);
  });

  it('the set operations agree with bigint |, &, & ~ and ~', () => {
    fc.assert(fc.property(big, big, (a, b) => {
      const r = new SigSet();
      sigorsets(r, of(a), of(b)); expect(sigsetToBigint(r)).toBe(a | b);
      sigandsets(r, of(a), of(b)); expect(sigsetToBigint(r)).toBe(a & b);
      sigandnsets(r, of(a), of(b)); expect(sigsetToBigint(r)).toBe(a & ~b);
      const n = of(a); signotset(n); expect(sigsetToBigint(n)).toBe(~a & ALL);
      expect(sigtestand(of(a), of(b))).toBe((a & b) !== 0n);
      expect(sigtestandn(of(a), of(b))).toBe((a & ~b) !== 0n);
      expect(sigequalsets(of(a), of(b))).toBe(a === b);
      expect(sigisemptyset(of(a))).toBe(a === 0n);
      expect(sigequalsets(sigdup(of(a)), of(a))).toBe(true);
    }));
    const s = new SigSet();
    sigfillset(s); expect(sigsetToBigint(s)).toBe(ALL);
    sigemptyset(s); expect(sigsetToBigint(s)).toBe(0n);
    expect(sigsetToBigint(sigsetOf(1, 32, 33, 64))).toBe(bit(1) | bit(32) | bit(33) | bit(64));
  });

  it('next_signal is the lowest pending signal the mask does not block, or 0', () => {
    fc.assert(fc.property(big, big, (p, m) => {
      const ready = p & ~m;
      let want = 0;
      for (let n = 1; n <= 64; n++) if ((ready & bit(n)) !== 0n) { want = n; break; }
      expect(nextSignal(of(p), of(m))).toBe(want);
    }));
    expect(nextSignal(sigsetOf(64), new SigSet())).toBe(64);
    expect(nextSignal(sigsetOf(32, 40), sigsetOf(32))).toBe(40);
  });
});
