/**
 * vfprintf.ts — printf's formatting: C's common conversions (%d %i %u %s %x %X %o %c %f %e %g
 * %p %%) with flags, widths and precisions.
 *
 * Mirrors: glibc stdio-common/vfprintf.c, for the conversions a lab program uses; the result
 * goes to a stream through stdio.ts. Simplifies: no length modifiers' effect (JavaScript
 * numbers), %g is JavaScript's shortest form, no positional arguments.
 */

import { format } from 'node:util';

/** C printf's common conversions (%d %i %u %s %x %X %o %c %f %e %g %p %%), with widths. */
export function cformat(fmt: string, args: unknown[]): string {
  if (args.length === 0 && !fmt.includes('%')) return fmt;
  let i = 0;
  return String(fmt).replace(/%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?(hh|h|ll|l|z)?([diouxXcsfeEgGp%])/g,
    (m, flags: string, width: string, prec: string, _len, conv: string) => {
      if (conv === '%') return '%';
      const arg = args[i++];
      let s: string;
      switch (conv) {
        case 'd': case 'i': case 'u': s = String(Math.trunc(Number(arg))); break;
        case 'x': s = (Number(arg) >>> 0).toString(16); break;
        case 'X': s = (Number(arg) >>> 0).toString(16).toUpperCase(); break;
        case 'o': s = (Number(arg) >>> 0).toString(8); break;
        case 'c': s = typeof arg === 'number' ? String.fromCharCode(arg) : String(arg)[0] ?? ''; break;
        case 'f': s = Number(arg).toFixed(prec ? Number(prec) : 6); break;
        case 'e': case 'E': s = Number(arg).toExponential(prec ? Number(prec) : 6); break;
        case 'g': case 'G': s = String(Number(arg)); break;
        case 'p': s = '0x' + (Number(arg) >>> 0).toString(16); break;
        default: s = typeof arg === 'string' ? arg : format('%s', arg);
      }
      if (conv === 's' && prec) s = s.slice(0, Number(prec));
      const w = width ? Number(width) : 0;
      if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : flags.includes('0') && conv !== 's' ? s.padStart(w, '0') : s.padStart(w);
      return s;
    });
}
