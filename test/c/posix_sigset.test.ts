/**
 * posix_sigset.test.ts — XSI sigset and SIG_HOLD from C (clib/runtime/signal.c) on every
 * library, and function pointers that never equal SIG_HOLD (build.ts: table base 3) — LTP's
 * sigset/1-1 … 10-1.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/sigset.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: sigset', (lib) => {
  it('installs a handler (the first function pointer), holds with SIG_HOLD, and answers SIG_HOLD when it unholds', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe([
      'handler is SIG_HOLD: no',
      'old SIG_DFL, handler ran 1',
      'hold: old is the handler yes, blocked 1',
      'held: handler ran 1',
      'reinstall: old SIG_HOLD, blocked 0, handler ran 2',
      '',
    ].join('\n'));
    expect(r.exitCode).toBe(0);
  });
});
