/**
 * asyncify.ts — make the lab's calls able to suspend a C thread (binaryen's Asyncify pass).
 *
 * Asyncify rewrites every function that can reach a listed import so that the import may
 * unwind the whole C stack into a buffer (asyncify_start_unwind) and later be rewound into it
 * (asyncify_start_rewind + calling the same export again). Listed: every import of the lab's
 * "threadlab" module and the WASI calls that reach the simulated kernel (abi.ts). Imports not
 * listed must never unwind. The module is then optimised (binaryen -O2) with its name section
 * kept, so traps and reports can name C functions.
 */

import { parseModule, KIND_FUNC } from './wasm_binary.js';
import { LAB_MODULE, WASI_MODULE, WASI_SUSPENDING } from './abi.js';

export async function asyncify(wasm: Uint8Array): Promise<Uint8Array> {
  const suspending = parseModule(wasm).imports
    .filter((i) => i.kind === KIND_FUNC && (i.module === LAB_MODULE || (i.module === WASI_MODULE && WASI_SUSPENDING.includes(i.name))))
    .map((i) => `${i.module}.${i.name}`);
  const { default: binaryen } = await import('binaryen');
  const m = binaryen.readBinary(wasm);
  try {
    binaryen.setDebugInfo(true);
    binaryen.setOptimizeLevel(2);
    binaryen.setShrinkLevel(0);
    binaryen.setPassArgument('asyncify-imports', suspending.join(','));
    m.runPasses(['asyncify']);
    m.optimize();
    if (!m.validate()) throw new Error('binaryen: the asyncified module does not validate');
    return m.emitBinary();
  } finally {
    m.dispose();
    binaryen.clearPassArguments();
  }
}
