/**
 * abi.ts — what the lab's C runtime (clib/runtime) and the host agree on: import modules, the
 * WASI calls the host implements (and which of them may suspend the caller), the runtime's
 * exports, and the layout of a thread's block. clib/runtime/lab.h is the C side of this file.
 */

/** Calls that may suspend the calling thread (Libc calls). */
export const LAB_MODULE = 'threadlab';
/** Calls that never suspend. */
export const LAB_SYNC_MODULE = 'threadlab_sync';
export const WASI_MODULE = 'wasi_snapshot_preview1';

/** WASI preview1 calls the host implements; the ones that reach the kernel may suspend. */
export const WASI_SUSPENDING = [
  'fd_write', 'fd_read', 'fd_close', 'fd_fdstat_get', 'fd_fdstat_set_flags', 'proc_exit',
  'sched_yield', 'poll_oneoff', 'clock_time_get',
];
export const WASI_IMMEDIATE = [
  'args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'fd_seek', 'clock_res_get', 'random_get',
];

/**
 * The Asyncify buffer each created thread carries at the top of its block (lab.h:
 * LAB_ASYNC_BUF), and the main thread's (LAB_MAIN_ASYNC_BUF, static): it holds the locals of
 * every frame on the thread's C stack while the thread is suspended, so it bounds how deep a
 * suspended C stack can be (a deeper one is reported as a stack overflow).
 */
export const ASYNC_BUF = 65536;
export const MAIN_ASYNC_BUF = 131072;
/** The Asyncify buffer of a nested activation (a signal handler), carved below the stack pointer. */
export const NESTED_ASYNC_BUF = 16384;
/**
 * A created thread's block keeps room for two nested buffers below its own (lab.h
 * LAB_NEST_BUF): a handler's buffer comes from there, not from the thread's C stack, so a
 * thread on a PTHREAD_STACK_MIN stack can still run one (as on Linux, where a signal frame
 * takes a kilobyte or two). Deeper nesting falls back to the stack.
 */
export const NEST_BUF = 32768;

/** The runtime's entry points and helpers (start.c, signal.c). */
export interface LabExports {
  memory: WebAssembly.Memory;
  __stack_pointer: WebAssembly.Global;
  __lab_get_regs(ptr: number): void;
  __lab_set_regs(sp: number, fuel: number, limit: number): void;
  __lab_regs(): number;
  __lab_start(): void;
  __lab_thread_entry(fn: number, arg: number, shape: number): number;
  __lab_signal_entry(handler: number, sig: number, info: number, flags: number, shape: number): void;
  /** The function table (linked with --export-table): a C function pointer's parameter count. */
  __indirect_function_table: WebAssembly.Table;
  __lab_call0(fn: number, shape: number): void;
  __lab_main_async_buf(): number;
  /** The program's errno (Linux numbers) and wasi-libc's own (WASI numbers): clib/runtime/errno.c. */
  __lab_errno_location(): number;
  __lab_wasi_errno_location(): number;
  asyncify_start_unwind(data: number): void;
  asyncify_stop_unwind(): void;
  asyncify_start_rewind(data: number): void;
  asyncify_stop_rewind(): void;
  asyncify_get_state(): number;
  [name: string]: unknown;
}

/** Asyncify's states (asyncify_get_state). */
export const ASYNCIFY_NORMAL = 0, ASYNCIFY_UNWINDING = 1, ASYNCIFY_REWINDING = 2;
