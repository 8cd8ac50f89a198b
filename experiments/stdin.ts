/**
 * stdin.ts — a program's standard input: what a read of the simulated console returns
 * (kernel/file.ts ConsoleInput).
 *
 * Two sources. A file's bytes (`--stdin FILE`), the same for every run that reads them; or the
 * host's own input (`threadlab run` by default, `--stdin -`), read only when and as far as the
 * program reads — `echo 5 | threadlab run prog.c` gives scanf its 5, a program that never reads
 * never waits for anything, and from a terminal the user types a line per read, as at a shell.
 * Bytes travel one per character (latin1), as the kernel's pipes carry them, so a C program gets
 * exactly the bytes it was given.
 *
 * Determinism: a read from a file or a pipe takes as many bytes as asked for (or what is left),
 * whatever chunks the host delivers, so the same input gives the same run; only a terminal
 * hands over a line at a time. No virtual time passes while the host waits: input is there or
 * it has ended (the simulation has no typist), and the watchdog does not count that wait as a
 * stalled program (CELL_RUNNING is 0 meanwhile).
 */

import { readSync } from 'node:fs';
import { isatty } from 'node:tty';
import { CELL_RUNNING, type ConsoleInput } from '../kernel/index.js';

/** Fixed input: hands out `text` in order, then end of file. */
export function textInput(text: string): ConsoleInput {
  let at = 0;
  return {
    read(max: number): string {
      const s = text.slice(at, at + max);
      at += s.length;
      return s;
    },
  };
}

/** The host's descriptor `fd`, read lazily; every reader made by `reader()` sees it from the start. */
export class HostInput {
  private chunks: Buffer[] = [];
  private bytes = Buffer.alloc(0);
  private eof = false;
  private readonly tty: boolean;

  constructor(private readonly fd: number, private readonly cell?: Int32Array) {
    this.tty = isatty(fd);
  }

  /** A reader with its own position (compare gives each library one). */
  reader(): ConsoleInput {
    let at = 0;
    return {
      read: (max: number): string => {
        this.fill(at + max, at);
        const n = Math.min(max, this.bytes.length - at);
        const s = this.bytes.toString('latin1', at, at + n);
        at += n;
        return s;
      },
    };
  }

  /** Read the host until `want` bytes are held (a terminal: until one line past `at` is), or its end. */
  private fill(want: number, at: number): void {
    if (this.bytes.length >= want || this.eof) return;
    if (this.tty && this.bytes.length > at) return; // a terminal read returns what was typed
    const running = this.cell !== undefined ? Atomics.exchange(this.cell, CELL_RUNNING, 0) : 0;
    try {
      while (!this.eof && this.bytes.length < want) {
        this.readOnce();
        if (this.tty) break;
      }
    } finally {
      if (this.cell !== undefined) Atomics.store(this.cell, CELL_RUNNING, running);
    }
  }

  private readOnce(): void {
    const buf = Buffer.alloc(64 * 1024);
    let n: number;
    try {
      n = readSync(this.fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); return; }
      n = 0; // EOF, EBADF (no stdin at all), EISDIR ...: the program sees end of file
    }
    if (n === 0) { this.eof = true; return; }
    this.chunks.push(buf.subarray(0, n));
    this.bytes = Buffer.concat(this.chunks);
    this.chunks = [this.bytes];
  }
}
