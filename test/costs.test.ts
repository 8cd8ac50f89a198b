/**
 * costs.test.ts — the cost presets and the cost-model loader (kernel/costs.ts).
 *
 * Checks that every preset is complete and physically ordered (a switch across mm costs more
 * than one within it, a user-level switch less than a kernel one, ...), that JSON overrides
 * merge onto their base, and that bad files are rejected with the field and file named.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CostModelError, DEFAULT_PRESET, PRESETS, describeCosts, loadCostModel,
} from '../kernel/costs.js';
import type { CostModel } from '../kernel/costs.js';

const dir = mkdtempSync(join(tmpdir(), 'threadlab-costs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

function numericFields(c: CostModel): [string, number][] {
  return Object.entries(c).filter((e): e is [string, number] => typeof e[1] === 'number');
}

describe('presets', () => {
  it('include the default, modern-x86 and i386-2003', () => {
    expect(PRESETS[DEFAULT_PRESET]).toBeDefined();
    expect(Object.keys(PRESETS)).toEqual(expect.arrayContaining(['modern-x86', 'i386-2003']));
  });

  for (const [key, c] of Object.entries(PRESETS)) {
    describe(key, () => {
      it('has every field, finite and non-negative, and its own name', () => {
        expect(c.name).toBe(key);
        expect(c.description.length).toBeGreaterThan(10);
        const fields = numericFields(c);
        expect(fields.length).toBe(41);
        for (const [f, v] of fields) {
          expect(Number.isFinite(v), f).toBe(true);
          expect(v, f).toBeGreaterThanOrEqual(0);
        }
        expect(c.hz).toBeGreaterThan(0);
        expect(c.timeslice).toBeGreaterThan(0);
        expect(c.pageSize).toBe(4096);
      });

      it('orders costs as the hardware does', () => {
        expect(c.ctxSwitchMm).toBeGreaterThan(c.ctxSwitch);
        expect(c.ctxSwitch).toBeGreaterThanOrEqual(c.ctxSwitchKthread);
        expect(c.userSwitch).toBeLessThan(c.ctxSwitch);
        expect(c.syscall).toBeLessThan(c.ctxSwitch);
        expect(c.atomicOp).toBeLessThan(c.syscall);
        expect(c.cowFault).toBeGreaterThan(c.forkPerPage);
        expect(c.timeslice).toBeGreaterThan(1e9 / c.hz / 10);
      });

      it('loads by name as a fresh copy', () => {
        const a = loadCostModel(key);
        expect(a).toEqual(c);
        a.syscall = 1;
        expect(PRESETS[key]!.syscall).not.toBe(1);
      });
    });
  }

  it('make a 2003 system call dearer than a modern one', () => {
    expect(PRESETS['i386-2003']!.syscall).toBeGreaterThan(PRESETS['modern-x86']!.syscall);
    expect(PRESETS['i386-2003']!.pipeCopyPerByte).toBeGreaterThan(PRESETS['modern-x86']!.pipeCopyPerByte);
  });

  it('describe themselves in one line', () => {
    const s = describeCosts(PRESETS['modern-x86']!);
    expect(s).not.toContain('\n');
    expect(s).toMatch(/^modern-x86: syscall 250 ns/);
    expect(s).toContain('HZ 250');
  });
});

describe('loadCostModel from files', () => {
  it('merges overrides onto a base preset', () => {
    const file = writeJson('slowsys.json', { base: 'i386-2003', syscall: 1000, _meta: { why: 'test' } });
    const c = loadCostModel(file);
    expect(c.syscall).toBe(1000);
    expect(c.ctxSwitch).toBe(PRESETS['i386-2003']!.ctxSwitch);
    expect(c.name).toBe('i386-2003+slowsys');
    expect(c.description).toContain('overrides: syscall');
  });

  it('resolves a relative path against cwd and keeps an explicit name', () => {
    writeJson('named.json', { base: 'modern-x86', name: 'mine', hz: 1000 });
    const c = loadCostModel('named.json', dir);
    expect(c.name).toBe('mine');
    expect(c.hz).toBe(1000);
  });

  it('accepts a full model without base', () => {
    const full = { ...PRESETS['modern-x86']!, name: 'copy', _meta: { date: 'x' } };
    const c = loadCostModel(writeJson('full.json', full));
    expect(c).toEqual({ ...PRESETS['modern-x86']!, name: 'copy' });
  });

  it('rejects a misspelt field, naming it, the file and the likely field', () => {
    const file = writeJson('typo.json', { base: 'modern-x86', ctxSwich: 5 });
    expect(() => loadCostModel(file)).toThrow(CostModelError);
    expect(() => loadCostModel(file)).toThrow(/typo\.json: unknown field 'ctxSwich' \(did you mean 'ctxSwitch'\?\)/);
  });

  it('rejects wrong types, negative numbers and a zero HZ', () => {
    const cases: [string, unknown, RegExp][] = [
      ['type.json', { base: 'modern-x86', syscall: '250' }, /type\.json: field 'syscall' must be a number/],
      ['neg.json', { base: 'modern-x86', ipi: -1 }, /neg\.json: field 'ipi' must be a finite non-negative number/],
      ['zero.json', { base: 'modern-x86', hz: 0 }, /zero\.json: field 'hz' must be greater than 0/],
      ['base.json', { base: 'pdp-11' }, /base\.json: field 'base' must name a preset/],
      ['partial.json', { syscall: 100 }, /partial\.json: field 'ctxSwitch' is missing/],
      ['array.json', [1, 2], /array\.json: a cost model must be a JSON object/],
    ];
    for (const [name, value, re] of cases) {
      expect(() => loadCostModel(writeJson(name, value)), name).toThrow(re);
    }
  });

  it('rejects broken JSON and unknown names in one line', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "base": ');
    expect(() => loadCostModel(bad)).toThrow(/bad\.json: not valid JSON/);
    try {
      loadCostModel('vax-1985');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CostModelError);
      expect((e as Error).message).toMatch(/unknown cost model 'vax-1985'/);
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it("tells the user to run calibrate when 'host' is missing, and loads it when present", () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    expect(() => loadCostModel('host', cwd)).toThrow(/run `threadlab calibrate`/);
    mkdirSync(join(cwd, 'reports'));
    const host = { ...PRESETS['modern-x86']!, name: 'host', syscall: 77, _meta: { cpu: 'test' } };
    writeFileSync(join(cwd, 'reports', 'host-costs.json'), JSON.stringify(host));
    const c = loadCostModel('host', cwd);
    expect(c.name).toBe('host');
    expect(c.syscall).toBe(77);
    expect('_meta' in c).toBe(false);
    const over = writeJson('onhost.json', { base: 'host', hz: 100 });
    expect(loadCostModel(over, cwd)).toMatchObject({ syscall: 77, hz: 100, name: 'host+onhost' });
  });

  it('refuses a host model written before a field existed (rwsemSpin), in one line asking for calibrate', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    mkdirSync(join(cwd, 'reports'));
    const { rwsemSpin: _gone, ...old } = { ...PRESETS['modern-x86']!, name: 'host' };
    writeFileSync(join(cwd, 'reports', 'host-costs.json'), JSON.stringify(old));
    expect(() => loadCostModel('host', cwd)).toThrow(/field 'rwsemSpin' is missing — written by an older threadlab: run `threadlab calibrate` again$/);
  });
});
