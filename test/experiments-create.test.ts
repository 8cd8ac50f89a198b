// create: LinuxThreads pays for its manager round trip on every creation; NPTL's creation is
// one clone and a futex-based join; user-level libraries create contexts without the kernel.

import { describe, expect, it } from 'vitest';
import { mean, num, quick, select } from './experiments-helpers.js';

describe('experiment create (--quick)', () => {
  it('every run creates every thread it was asked to', async () => {
    const { rows } = await quick('create', ['nptl', 'linuxthreads']);
    for (const r of rows) expect(r.outcome, JSON.stringify(r)).toBe('ok');
  });

  it('LinuxThreads creation costs more time and more system calls than NPTL creation', async () => {
    const { rows, reading } = await quick('create', ['nptl', 'linuxthreads']);
    const ns = (lib: string) => mean(select(rows, { library: lib }).map((r) => num(r, 'ns_per_creation')));
    const sys = (lib: string) => mean(select(rows, { library: lib }).map((r) => num(r, 'syscalls_per_creation')));
    expect(ns('linuxthreads')).toBeGreaterThan(ns('nptl'));
    expect(sys('linuxthreads')).toBeGreaterThan(sys('nptl'));
    expect(reading).toMatch(/LinuxThreads costs [\d.]+× NPTL's/);
  });

  it('NPTL makes one clone per creation; green threads make no system call per creation', async () => {
    const { rows } = await quick('create', ['nptl', 'green']);
    for (const r of select(rows, { library: 'nptl' })) expect(String(r.syscall_mix)).toMatch(/^clone 1(\.0\d*)?,/);
    for (const r of select(rows, { library: 'green' })) expect(num(r, 'syscalls_per_creation')).toBeLessThan(0.05);
  });
});
