// A small, deterministic sample run used by the report tests: two experiments with a line
// chart, a grouped bar chart and a pass/fail matrix, plus text that must be HTML-escaped.

import { barChart, lineChart, matrixChart } from '../experiments/report/specs.js';
import type { RunReport } from '../experiments/report/types.js';

export const LIBS = ['linuxthreads', 'nptl', 'ngpt', 'green'];

export function createRows(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const library of LIBS) {
    for (let threads = 1; threads <= 8; threads++) {
      const k = LIBS.indexOf(library) + 1;
      rows.push({ library, threads, children: threads % 2 ? 1 : 5, us_per_create: 1.5 * k * threads + 0.25, ok: k !== 4, seed: 1 });
    }
  }
  return rows;
}

export function signalRows(): Record<string, unknown>[] {
  const rules = ['1: process-directed signal goes to one thread', '2: masks are per thread', '3: stop stops all threads'];
  return rules.flatMap((rule, r) => LIBS.map((library, l) => ({
    rule,
    library,
    status: library === 'linuxthreads' && r > 0 ? 'deviation' : (r + l) % 4 === 3 ? 'fail' : 'pass',
    evidence: `checked <${library}> & "rule ${r + 1}"`,
  })));
}

export function sampleRun(): RunReport {
  const create = createRows();
  const signals = signalRows();
  return {
    title: 'threadlab experiments <test & "run">',
    meta: { seed: 42, 'cost preset': 'default', cpus: 2, libraries: LIBS.join(', '), mode: 'quick', version: '0.1.0' },
    experiments: [
      {
        name: 'create',
        question: 'What does a thread cost to create and destroy?',
        setup: 'Top-level threads keep `children` alive; <b>not bold</b> & so on.',
        reading: 'NPTL creates threads fastest.\n\nA second paragraph with a | pipe.',
        columns: ['library', 'threads', 'children', 'us_per_create', 'ok', 'seed'],
        rows: create,
        charts: [
          { id: 'create-line', title: 'Creation cost by threads', spec: lineChart({ title: 'Creation cost', data: create, x: 'threads', y: 'us_per_create', yTitle: 'µs per creation', column: 'children', colorDomain: LIBS }) },
          { id: 'create-bar', title: 'Creation cost [bar]', spec: barChart({ title: 'Creation cost', data: create.filter((r) => (r.threads as number) % 4 === 0), x: 'threads', y: 'us_per_create', colorDomain: LIBS }) },
        ],
        notes: ['quick mode: fewer creations', 'a note with <angle> brackets'],
      },
      {
        name: 'signals',
        question: 'Which POSIX signal rules does each library keep?',
        setup: 'One program per rule.',
        reading: 'LinuxThreads deviates as documented.',
        columns: ['rule', 'library', 'status', 'evidence'],
        rows: signals,
        charts: [{ id: 'signals-matrix', title: 'Signal rules', spec: matrixChart({ title: 'Signal rules', data: signals, tooltip: ['evidence'] }) }],
        table: { columns: ['library', 'pass', 'fail'], rows: LIBS.map((l) => [l, 2, 1]) },
      },
    ],
  };
}
