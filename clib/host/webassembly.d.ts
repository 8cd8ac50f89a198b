/**
 * webassembly.d.ts — the part of the WebAssembly JavaScript API the C host uses. The lab
 * compiles with lib es2023 and Node's types only, which do not declare it (TypeScript has it
 * in lib "dom", which does not belong here).
 */

declare namespace WebAssembly {
  type ImportValue = ((...args: any[]) => any) | Global | Memory | Table | number;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, unknown>;

  interface ModuleImportDescriptor { module: string; name: string; kind: string }
  interface ModuleExportDescriptor { name: string; kind: string }

  class Module {
    constructor(bytes: Uint8Array | ArrayBuffer);
    static imports(m: Module): ModuleImportDescriptor[];
    static exports(m: Module): ModuleExportDescriptor[];
    static customSections(m: Module, name: string): ArrayBuffer[];
  }
  class Instance {
    constructor(m: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class Memory {
    constructor(d: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Global {
    constructor(d: { value: string; mutable?: boolean }, v?: number);
    value: number;
  }
  class Table {
    readonly length: number;
    get(i: number): unknown;
  }
  class RuntimeError extends Error {}
  class CompileError extends Error {}
  class LinkError extends Error {}
  function validate(bytes: Uint8Array): boolean;
}
