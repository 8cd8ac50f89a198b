/**
 * posix_uname.test.ts — uname(2) (kernel/sys_uname.ts, Linux's newuname) from C and from a
 * TypeScript program, on every library. The C program's output is what gcc 12 -O2 + glibc 2.36
 * print on this Linux as uid 1000 (wasi-libc's own uname said "wasi" and "wasm32"); the lab's
 * fixed names are its documented ones.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import type { Libc, Utsname } from '../../libs/api.js';
import '../../libs/all.js';
import { runProgram } from '../../experiments/runner.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/uname.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('uname on %s', (lib) => {
  it('C: Linux on x86_64, the node name gethostname gives, a dotted release', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe(
      'sysname Linux\n' +
      'machine x86_64\n' +
      'nodename is gethostname\'s: yes\n' +
      'release a dotted version: yes\n' +
      'version starts with #: yes\n' +
      'every field NUL-terminated within 65 bytes: yes\n' +
      'sizeof(struct utsname) 390\n');
    expect(r.exitCode).toBe(0);
  }, 180_000);

  it('TypeScript: Libc.uname gives the lab\'s fixed names', () => {
    let got: Utsname | undefined;
    const r = runProgram({
      lib,
      *program(libc: Libc) {
        const u: { value?: Utsname } = {};
        if ((yield* libc.uname(u)) !== 0) return 1;
        got = u.value;
        return 0;
      },
    });
    expect(r.exitCode).toBe(0);
    expect(got).toEqual({ sysname: 'Linux', nodename: 'threadlab', release: '6.18.0-threadlab', version: '#1 SMP PREEMPT_DYNAMIC threadlab', machine: 'x86_64', domainname: '(none)' });
    expect(r.syscalls.uname).toBe(1);
  });
});
