/**
 * list.ts — `threadlab list`: the libraries (with what each says about itself), the
 * experiments, the cost presets, and the example programs.
 */

import { PRESETS, HOST_COSTS_FILE, describeCosts, loadCostModel } from '../../kernel/index.js';
import { listLibraries } from '../../libs/index.js';
import { listExampleFiles } from '../load.js';
import { registerCommand, listExperiments, type Io } from './registry.js';

function section(title: string, lines: string[]): string {
  return `${title}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

export function listText(): string {
  const libs = listLibraries().flatMap((l) => {
    const i = l.info;
    const opts = Object.entries(i.options).map(([k, v]) => `${k}=${v}`).join(', ');
    return [
      `${i.name.padEnd(13)} ${i.title} [${i.model}]`,
      `${''.padEnd(13)} ${i.summary}`,
      `${''.padEnd(13)} clone flags: ${i.cloneFlags}`,
      `${''.padEnd(13)} reserves: ${i.reserves.length ? i.reserves.join(', ') : 'nothing'}${opts ? `; options (--lib-opt): ${opts}` : ''}`,
    ];
  });
  const ex = listExperiments();
  const exps = ex.experiments.map((e) => `${e.name.padEnd(13)} ${e.question}`);
  if (ex.planned) exps.push('(planned: the experiment runner is not installed yet)');
  const presets = Object.values(PRESETS).map((c) => `${c.name.padEnd(13)} ${describeCosts(c)}\n  ${''.padEnd(13)} ${c.description}`);
  let host: string;
  try {
    host = `${'host'.padEnd(13)} ${describeCosts(loadCostModel('host'))}`;
  } catch {
    host = `${'host'.padEnd(13)} (not measured yet: run \`threadlab calibrate\` to write ${HOST_COSTS_FILE})`;
  }
  const examples = listExampleFiles().map((e) => `${e.file.padEnd(34)} ${e.summary}`);
  return [
    section('Libraries (--lib):', libs),
    section('Experiments:', exps),
    section('Cost presets (--costs):', [...presets, host]),
    section('Examples (threadlab run <file>):', examples.length ? examples : ['(none found)']),
  ].join('\n');
}

registerCommand((program, io: Io) => {
  program.command('list')
    .description('show the libraries, experiments, cost presets and example programs')
    .action(() => { io.out(listText()); });
});
