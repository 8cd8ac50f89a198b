/**
 * posix_sigcode.test.ts — si_code as a C program sees it (test/c/posix/sigcode.c; expected text:
 * gcc + glibc 2.36 on Linux). glibc's sigwaitinfo and sigtimedwait fold the kernel's SI_TKILL —
 * what raise(), tgkill and tkill make — into SI_USER (sysdeps/unix/sysv/linux/sigtimedwait.c,
 * the same since 2.3: libs/common/libc_base.ts foldTkill); a SA_SIGINFO handler sees the
 * kernel's SI_TKILL. LTP's sigwaitinfo/6-1 checks the fold. NGPT differs where its 2.2.1 source
 * does: its sigwaitinfo is pth_sigwait and fills in si_signo only (libs/ngpt/index.ts).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/sigcode.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: si_code through sigwaitinfo and a handler', (lib) => {
  it('SI_TKILL is SI_USER through sigwaitinfo/sigtimedwait, SI_TKILL in a handler, as glibc on Linux', async () => {
    const r = await runC(PROG, lib);
    const queued = lib === 'ngpt' ? 0 : -1; // NGPT 2.2.1's sigwaitinfo: si_signo only
    expect(r.streams.stdout).toBe(
      'raise -> sigwaitinfo si_code 0\n' +
      'tgkill -> sigwaitinfo si_code 0\n' +
      'tkill -> sigtimedwait si_code 0\n' +
      `sigqueue -> sigwaitinfo si_code ${queued} (SI_QUEUE -1)\n` +
      'tgkill -> handler si_code -6 (SI_TKILL -6: not folded)\n');
    expect(r.exitCode).toBe(0);
  }, 180_000);
});
