// CSV output for experiment results.
//
// writeCsv writes rows under a fixed, declared list of columns (the header always has exactly
// those columns, in that order), with deterministic text for every value: booleans as
// `true`/`false`, numbers in JavaScript's shortest round-trip form (-0 as 0), null as an empty
// field. A row that lacks a declared column is an error naming the row and the column. The file
// is written atomically, so a failure leaves no partial CSV behind.

import { stringify } from 'csv-stringify/sync';
import type { Options } from 'csv-stringify/sync';
import { writeFileAtomic } from './atomic.js';

/** Rows are stringified and written in batches of this many. */
const BATCH = 256;

/** Deterministic text for a number: shortest round-trip form, no negative zero. */
export function formatCsvNumber(n: number): string {
  if (Object.is(n, -0)) return '0';
  return String(n);
}

function csvOptions(columns: string[]): Options {
  return {
    columns,
    eof: true,
    record_delimiter: '\n',
    cast: {
      boolean: (v) => (v ? 'true' : 'false'),
      number: (v) => formatCsvNumber(v),
      bigint: (v) => v.toString(),
      date: (v) => v.toISOString(),
      object: (v) => JSON.stringify(v),
    },
  };
}

function checkColumns(columns: string[]): void {
  if (columns.length === 0) throw new Error('CSV needs at least one column');
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new Error(`CSV column "${c}" is declared twice`);
    seen.add(c);
  }
}

/** Throw if `row` lacks any declared column (absent or undefined). */
export function checkRow(columns: string[], row: Record<string, unknown>, index: number): void {
  for (const c of columns) {
    if (!Object.hasOwn(row, c) || row[c] === undefined) {
      throw new Error(`CSV row ${index} is missing column "${c}"`);
    }
  }
}

/** The CSV text in chunks: header first, then batches of validated rows. */
export function* csvChunks(columns: string[], rows: Record<string, unknown>[]): Generator<string> {
  checkColumns(columns);
  const options = csvOptions(columns);
  yield stringify([columns], { ...options, columns: undefined, cast: undefined });
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    batch.forEach((row, i) => checkRow(columns, row, start + i));
    yield stringify(batch, options);
  }
}

/** The whole CSV as a string (same text writeCsv writes). */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return [...csvChunks(columns, rows)].join('');
}

/** Write `rows` as CSV with exactly `columns`, atomically. */
export function writeCsv(path: string, columns: string[], rows: Record<string, unknown>[]): void {
  writeFileAtomic(path, csvChunks(columns, rows));
}
