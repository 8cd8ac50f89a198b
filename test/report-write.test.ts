// Tests of writeReport's output layout, the Markdown report, and up-front validation
// (invalid input writes nothing).

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMarkdown, writeReport } from '../experiments/report/index.js';
import type { RunReport } from '../experiments/report/index.js';
import { sampleRun } from './report-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'report-write-'));
afterAll(() => { rmSync(root, { recursive: true, force: true }); });

describe('writeReport', () => {
  it('writes the documented layout', async () => {
    const dir = join(root, 'out', 'nested');
    const result = await writeReport(dir, sampleRun());
    expect(readdirSync(dir).sort()).toEqual(['charts', 'create.csv', 'index.html', 'index.md', 'signals.csv']);
    const ids = ['create-bar', 'create-line', 'signals-matrix'];
    expect(readdirSync(join(dir, 'charts')).sort()).toEqual(ids.flatMap((id) => [`${id}.png`, `${id}.svg`, `${id}.vl.json`]));
    expect(result.files).toHaveLength(2 + 9 + 2);
    expect(result.warnings).toEqual([]);
    expect(readFileSync(join(dir, 'create.csv'), 'utf8').split('\n')[0]).toBe('library,threads,children,us_per_create,ok,seed');
  });

  it('writes a Markdown report with metadata, sections, tables and charts', () => {
    const md = renderMarkdown(sampleRun());
    expect(md.startsWith('# threadlab experiments <test & "run">\n')).toBe(true);
    expect(md).toContain('| seed | 42 |');
    expect(md).toContain('| cost preset | default |');
    expect(md).toContain('## create');
    expect(md).toContain('**Question.** What does a thread cost to create and destroy?');
    expect(md).toContain('First 10 of 32 rows; all rows are in [create.csv](create.csv).');
    expect(md).toContain('| linuxthreads | 1 | 1 | 1.75 | true | 1 |');
    expect(md).toContain('![Creation cost \\[bar\\]](charts/create-bar.png)');
    expect(md).toContain('A second paragraph with a | pipe.');
    expect(md).toContain('| library | pass | fail |');
    expect(md).toContain('- a note with <angle> brackets');
    expect(renderMarkdown(sampleRun())).toBe(md);
  });

  it.each<[string, (r: RunReport) => void, RegExp]>([
    ['bad chart id', (r) => { r.experiments[0]!.charts[0]!.id = '../evil'; }, /chart id "..\/evil" is not a valid file name/],
    ['duplicate experiment', (r) => { r.experiments[1]!.name = 'create'; }, /experiment name "create" appears twice/],
    ['missing CSV column', (r) => { delete r.experiments[1]!.rows[3]!.status; }, /experiment "signals": CSV row 3 is missing column "status"/],
    ['ragged table', (r) => { r.experiments[1]!.table!.rows[0]!.pop(); }, /summary table row 0 has 2 cells, expected 3/],
  ])('rejects a %s before writing anything', async (_what, breakIt, message) => {
    const run = sampleRun();
    breakIt(run);
    const dir = join(root, 'invalid');
    await expect(writeReport(dir, run)).rejects.toThrow(message);
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });
});
