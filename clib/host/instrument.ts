/**
 * instrument.ts — cost counting and preemption points (stage 5 of issue 12; until then the
 * module passes through unchanged and C code between library calls costs no virtual time).
 */

export function instrument(wasm: Uint8Array, _userFunctions: number[]): Uint8Array {
  return wasm;
}
