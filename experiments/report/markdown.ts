// Markdown report (index.md) for a run: title, run metadata, a contents list, and one section
// per experiment with its question, setup, summary table, charts (PNG, with links to the SVG
// and the Vega-Lite spec), reading and notes. The text is deterministic for the same input.

import { paragraphs, shownTable } from './format.js';
import type { ShownTable } from './format.js';
import type { ExperimentOut, RunReport } from './types.js';

/** Make text safe inside a Markdown table cell. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Make text safe as the text of a Markdown link or image. */
export function mdLinkText(s: string): string {
  return s.replace(/([\\[\]*_])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** A Markdown table. */
export function mdTable(columns: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(columns), `|${columns.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** GitHub-style anchor of a heading (lower case, spaces to '-', punctuation dropped). */
export function mdAnchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

function metaSection(meta: Record<string, string | number>): string {
  const rows = Object.entries(meta).map(([k, v]) => [k, String(v)]);
  return mdTable(['setting', 'value'], rows);
}

function contents(run: RunReport): string {
  return run.experiments.map((e) => `- [${e.name}](#${mdAnchor(e.name)}): ${e.question}`).join('\n');
}

function tableBlock(e: ExperimentOut, t: ShownTable): string {
  const source = t.truncated
    ? `First ${t.rows.length} of ${t.total} rows; all rows are in [${e.name}.csv](${e.name}.csv).`
    : `Data: [${e.name}.csv](${e.name}.csv) (${e.rows.length} rows).`;
  if (t.rows.length === 0) return `No result rows. ${source}`;
  return `${mdTable(t.columns, t.rows)}\n\n${source}`;
}

function chartBlock(e: ExperimentOut): string[] {
  return e.charts.map((c) =>
    `![${mdLinkText(c.title)}](charts/${c.id}.png)\n\n` +
    `*${mdLinkText(c.title)}* ([SVG](charts/${c.id}.svg), [Vega-Lite spec](charts/${c.id}.vl.json))`);
}

function labelled(label: string, text: string): string {
  const [first = '', ...rest] = paragraphs(text);
  return [`**${label}.** ${first}`, ...rest].join('\n\n');
}

function experimentSection(e: ExperimentOut): string {
  const parts = [
    `## ${e.name}`,
    labelled('Question', e.question),
    labelled('Setup', e.setup),
    tableBlock(e, shownTable(e)),
    ...chartBlock(e),
    labelled('Reading', e.reading),
  ];
  if (e.timeline) parts.push(`**Timeline.** [${mdLinkText(e.timeline.caption)}](timelines/${e.timeline.file}) — one run, open it in a browser.`);
  if (e.notes && e.notes.length > 0) parts.push(`Notes:\n\n${e.notes.map((n) => `- ${n}`).join('\n')}`);
  return parts.join('\n\n');
}

/** The whole index.md text. */
export function renderMarkdown(run: RunReport): string {
  const parts = [`# ${run.title}`, metaSection(run.meta)];
  if (run.experiments.length > 0) parts.push(`## Contents\n\n${contents(run)}`);
  parts.push(...run.experiments.map(experimentSection));
  return `${parts.join('\n\n')}\n`;
}
