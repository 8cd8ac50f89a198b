/**
 * current.ts — the `current` pointer: which kernel is running which task right now.
 *
 * Mirrors: the x86 `current` macro (per-CPU current_task) and the user thread pointer (%gs /
 * %fs base) that TLS reads go through. JavaScript between two yields runs for exactly one
 * task, so user-space code (the thread libraries) can read its own thread pointer and touch
 * its own mm's words synchronously, as C code does with plain loads and stores.
 */

import type { Kernel } from './kernel.js';

export const CUR: { k: Kernel | null } = { k: null };
