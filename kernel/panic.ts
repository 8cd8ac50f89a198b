/**
 * panic.ts — a broken internal invariant: the simulator's kernel panic.
 *
 * Mirrors: kernel/panic.c panic(). Raised only for bugs in the simulator (never for a user
 * program's mistakes, which get errno values or signals). The message names the function.
 */

export class KernelPanic extends Error {
  constructor(fn: string, what: string) {
    super(`kernel panic in ${fn}: ${what}`);
    this.name = 'KernelPanic';
  }
}

export function BUG_ON(cond: boolean, fn: string, what: string): void {
  if (cond) throw new KernelPanic(fn, what);
}
