/**
 * index.ts — the registry of thread libraries.
 *
 * Each library registers a ThreadLibrary: its self-description (model, clone flags, reserved
 * signals, options) and a factory making the C library for one run. `entry` is the library's
 * crt0 + __libc_start_main: the function the shell forks, which sets up the initial thread,
 * runs main(libc, argv), and exits with its return value (returning from main calls exit()).
 */

import type { Sim, CostModel } from '../kernel/index.js';
import type { Libc, LibraryInfo, Program } from './api.js';
import type { ThreadDbOps } from './thread_db.js';

export * from './api.js';
export * from './thread_db.js';

/**
 * One run's C library. The optional ThreadDbOps (thread_db.ts) are its libthread_db: the
 * thread list a debugger and the deadlock report read, and which tasks are its helpers.
 */
export interface LibraryInstance extends ThreadDbOps {
  libc: Libc;
  entry(main: Program, argv: string[]): Sim<unknown>;
  /** Which variant of the library this run uses, when not its default (e.g. NPTL's 'glibc 2.36'). */
  variant?: string;
}

export interface ThreadLibrary {
  info: LibraryInfo;
  /**
   * One run's C library. `costs` is the run's cost model: a model may pair a library variant
   * with its machine (CostModel.glibc: NPTL's era) for runs whose options do not choose one.
   */
  create(options?: Record<string, unknown>, costs?: CostModel): LibraryInstance;
}

const registry = new Map<string, ThreadLibrary>();

export function registerLibrary(lib: ThreadLibrary): void {
  registry.set(lib.info.name, lib);
}

export function libraryNames(): string[] {
  return [...registry.keys()];
}

export function listLibraries(): ThreadLibrary[] {
  return [...registry.values()];
}

export class UnknownLibraryError extends Error {}

export function getLibrary(name: string): ThreadLibrary {
  const lib = registry.get(name);
  if (!lib) throw new UnknownLibraryError(`unknown library '${name}' (known: ${libraryNames().join(', ')})`);
  return lib;
}
