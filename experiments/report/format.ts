// Text helpers shared by the Markdown and HTML report writers: deterministic display of table
// cells, the summary table of an experiment (its own table, or the first rows of its data),
// and HTML escaping.

import type { ExperimentOut } from './types.js';

/** How many data rows the report shows when an experiment supplies no summary table. */
export const PREVIEW_ROWS = 10;

/** Deterministic short text for a number: integers in full, others to 4 significant digits. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(Object.is(n, -0) ? 0 : n);
  if (Math.abs(n) >= 1000) return String(Math.round(n));
  return String(Number(n.toPrecision(4)));
}

/** Display text of any cell value. */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

/** A table ready to print: column names, string cells, and a note about truncation if any. */
export interface ShownTable { columns: string[]; rows: string[][]; truncated: boolean; total: number }

/** The table an experiment's section shows. */
export function shownTable(e: ExperimentOut): ShownTable {
  if (e.table) {
    return {
      columns: e.table.columns,
      rows: e.table.rows.map((r) => r.map(formatCell)),
      truncated: false,
      total: e.table.rows.length,
    };
  }
  const rows = e.rows.slice(0, PREVIEW_ROWS).map((r) => e.columns.map((c) => formatCell(r[c])));
  return { columns: e.columns, rows, truncated: e.rows.length > PREVIEW_ROWS, total: e.rows.length };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Escaped HTML for a prose paragraph, with `code` spans kept as <code>. */
export function inlineHtml(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Split prose into paragraphs on blank lines. */
export function paragraphs(s: string): string[] {
  return s.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
}
