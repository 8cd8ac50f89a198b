// The data an experiment run hands to the report writer, plus the checks that make it safe to
// turn into file names and HTML ids (experiment names and chart ids become paths on disk).

/** One chart of an experiment: a Vega-Lite spec, rendered to charts/<id>.{vl.json,svg,png}. */
export interface ChartOut { id: string; title: string; spec: object }

/** One experiment's results: written to <name>.csv and one section of the report. */
export interface ExperimentOut {
  name: string;
  question: string;
  setup: string;
  /** One paragraph interpreting the results (supplied by the experiment). */
  reading: string;
  /** CSV columns, in order; every row must have each of them. */
  columns: string[];
  rows: Record<string, unknown>[];
  charts: ChartOut[];
  /** Small summary table for the report; without it the first rows of the data are shown. */
  table?: { columns: string[]; rows: (string | number)[][] };
  notes?: string[];
  /** One representative run's timeline page, written to timelines/<file> and linked. */
  timeline?: { file: string; caption: string; html: string };
}

/** A whole run: title, metadata (seed, cost preset, CPUs, libraries, quick/full, version...). */
export interface RunReport { title: string; meta: Record<string, string | number>; experiments: ExperimentOut[] }

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function checkName(kind: string, name: string, seen: Set<string>): void {
  if (!SAFE_NAME.test(name)) {
    throw new Error(`${kind} "${name}" is not a valid file name (use letters, digits, '.', '_' and '-')`);
  }
  if (seen.has(name)) throw new Error(`${kind} "${name}" appears twice in the report`);
  seen.add(name);
}

function checkTable(e: ExperimentOut): void {
  if (!e.table) return;
  e.table.rows.forEach((row, i) => {
    if (row.length !== e.table!.columns.length) {
      throw new Error(`experiment "${e.name}": summary table row ${i} has ${row.length} cells, expected ${e.table!.columns.length}`);
    }
  });
}

/** Throw a one-line Error if names or chart ids are unsafe or repeated, or a table is ragged. */
export function validateRun(run: RunReport): void {
  const names = new Set<string>();
  const chartIds = new Set<string>();
  for (const e of run.experiments) {
    checkName('experiment name', e.name, names);
    for (const c of e.charts) checkName('chart id', c.id, chartIds);
    if (e.timeline) checkName('timeline file', e.timeline.file, new Set());
    checkTable(e);
  }
}
