/**
 * load-errors.test.ts — a program that does not load is reported as `file:line:col: message`
 * with the source line and a caret under the column, the same way for .ts, .js and .mjs
 * (issue 14): a syntax error, and tab indentation; for .js, an error thrown by the module's
 * top level too (a .ts file outside a "type": "module" package runs from a data: URL that
 * cannot be traced back). An error in another module keeps the loader's one-line message.
 * Under vitest, .js imports go through vite's loader, whose words differ from Node's; the
 * location comes from `node --check` either way (load_errors.ts).
 */

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProgram } from '../../experiments/load.js';
import { main as cli } from '../../experiments/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'threadlab-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function program(name: string, text: string): string {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
}

async function loadError(file: string): Promise<string> {
  try {
    await loadProgram(file);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${file} loaded`);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(['ts', 'js', 'mjs'])('a .%s program that does not load', (ext) => {
  it('a syntax error: file:line:col, the message, the source line and a caret', async () => {
    const f = program(`paren.${ext}`, 'export default function* main(libc) {\n  const x = (1;\n  return 0;\n}\n');
    const msg = await loadError(f);
    expect(msg).toMatch(new RegExp(`^cannot load program '${esc(f)}': ${esc(f)}:2:15: .*;.*\\n  2 \\|   const x = \\(1;\\n    \\|               \\^$`));
  });

  it('the caret follows tab indentation', async () => {
    const f = program(`tab.${ext}`, 'export default function* main(libc) {\n\tconst y = 2;\n\tconst y = 3;\n}\n');
    const msg = await loadError(f);
    expect(msg.split('\n').slice(1)).toEqual(['  3 | \tconst y = 3;', '    | \t      ^']);
    expect(msg).toMatch(new RegExp(`^cannot load program '${esc(f)}': ${esc(f)}:3:8: `));
  });

});

describe.each(['js', 'mjs'])('a .%s program whose top level throws', (ext) => {
  it('names the line of the throw', async () => {
    const f = program(`throws.${ext}`, 'const a = 1;\nundefinedThing(a);\nexport default function* main(libc) { return 0; }\n');
    expect(await loadError(f)).toBe(`cannot load program '${f}': ${f}:2:1: undefinedThing is not defined\n  2 | undefinedThing(a);\n    | ^`);
  });
});

describe('load errors elsewhere', () => {
  it('an error in an imported module keeps the one-line loader message', async () => {
    program('broken.mjs', 'export const z = (;\n');
    const f = program('imports.mjs', 'import { z } from "./broken.mjs";\nexport default function* main(libc) { return z; }\n');
    const msg = await loadError(f);
    expect(msg.split('\n')).toHaveLength(1);
    expect(msg).toMatch(/^cannot load program '[^']*imports\.mjs': (?!.*imports\.mjs:\d)/);
  });

  it('threadlab run prints it on stderr with status 2', async () => {
    const f = program('cli.js', 'export default function* main(libc) {\n  yield* libc.printf("x"\n}\n');
    let err = '';
    const code = await cli(['run', f, '--no-watchdog'], { out: () => {}, err: (s) => { err += s; } });
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`^threadlab: cannot load program '${esc(f)}': ${esc(f)}:2:22: .*\\n  2 \\|   yield\\* libc\\.printf\\("x"\\n    \\| {22}\\^\\n$`));
  });
});
