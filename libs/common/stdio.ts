/**
 * stdio.ts — the C library's stdout and stderr streams and the exit handlers: buffered output
 * as glibc's libio does it, atexit, and what exit() runs before the process ends.
 *
 * Mirrors: glibc libio —
 *  - filedoalloc.c _IO_file_doallocate: the first output allocates the buffer; fstat the
 *    descriptor and, if it is a character device that isatty (ioctl TCGETS) calls a terminal,
 *    make the stream line-buffered; the size is st_blksize when that is below BUFSIZ (Linux
 *    reports PAGE_SIZE, 4096, for pipes and terminals), else BUFSIZ;
 *  - fileops.c _IO_new_file_xsputn (fill the buffer; a line-buffered stream that is already
 *    putting copies up to the last newline and flushes; what does not fit flushes the buffer,
 *    goes out directly in whole blocks, and the rest is buffered), _IO_new_file_overflow (set
 *    the stream up for writing; a character into a full buffer flushes it; a newline on a
 *    line-buffered stream, or any character on an unbuffered one, writes it out),
 *    _IO_new_file_write (write until all is out or the write fails: the error flag);
 *  - genops.c _IO_default_xsputn (the remainder after a direct write, character by character
 *    through overflow on line-buffered and unbuffered streams), _IO_flush_all and _IO_cleanup
 *    (what exit() flushes); iofflush.c (fflush(NULL) flushes every stream); iosetvbuf.c
 *    (_IOFBF with no buffer allocates one now, so that a terminal stays fully buffered;
 *    _IOLBF sets the flag; _IONBF flushes and unbuffers);
 *  - vfprintf.c: printf is vfprintf(stdout); on an unbuffered stream (stderr) the output is
 *    formatted into a helper buffer first, so one fprintf(stderr, ...) is one write;
 *  - stdlib/atexit.c, cxa_atexit.c, exit.c (__run_exit_handlers: the handlers in reverse order
 *    of registration, each taken off the list before it runs, then _IO_cleanup, then _exit).
 *
 * A stream's buffer is part of the process's memory: fork() copies it (output buffered before
 * a fork is written twice, once by each process, unless flushed first), exec and _exit drop
 * it. The JavaScript state lives in the process's library state, copied into a fork child.
 *
 * Simplifies: only stdout and stderr exist; no reading; the stream lock (_IO_flockfile) is not
 * modelled — appending to the buffer is atomic between two yields and a flush takes the bytes
 * before its write, so nothing is lost or doubled, but two flushes racing on a full pipe may
 * land in either order; printf's conversions reach the stream as one piece (vfprintf hands it
 * several, which differs only in where a buffer that fills up is cut).
 */

import { sys, S_IFMT, S_IFCHR, TCGETS, type Sim } from '../../kernel/index.js';

/** <stdio.h>. */
export const BUFSIZ = 8192;
export const EOF = -1;
export const _IOFBF = 0, _IOLBF = 1, _IONBF = 2;

/** struct _IO_FILE, the parts an output stream needs. */
export class Stream {
  /** Bytes between _IO_write_base and _IO_write_ptr. */
  buf = '';
  /** _IO_buf_end - _IO_buf_base; 0 while no buffer is allocated. */
  size = 0;
  lineBuf = false;
  unbuffered: boolean;
  /** _IO_CURRENTLY_PUTTING: the write area is set up. */
  putting = false;
  /** _IO_ERR_SEEN. */
  err = false;
  constructor(readonly fd: number, unbuffered: boolean) {
    this.unbuffered = unbuffered;
  }

  copy(): Stream {
    const s = new Stream(this.fd, this.unbuffered);
    s.buf = this.buf;
    s.size = this.size;
    s.lineBuf = this.lineBuf;
    s.putting = this.putting;
    s.err = this.err;
    return s;
  }
}

/** An atexit handler: `function* (libc) { ... }` (a plain function is fine too). */
export type ExitFn = (libc: any) => Sim<unknown> | void;

/** The process's stdio and exit-handler state (copied into a fork child). */
export class Stdio {
  stdout = new Stream(1, false);
  stderr = new Stream(2, true); // stderr is unbuffered from the start (_IO_UNBUFFERED)
  /** __exit_funcs, in registration order. */
  atexit: ExitFn[] = [];

  copy(): Stdio {
    const s = new Stdio();
    s.stdout = this.stdout.copy();
    s.stderr = this.stderr.copy();
    s.atexit = this.atexit.slice();
    return s;
  }

  stream(fd: number): Stream | null {
    return fd === 1 ? this.stdout : fd === 2 ? this.stderr : null;
  }
}

/** The write(2) the library uses (its own wrapper: NGPT and green park the thread). */
export type WriteFn = (fd: number, data: string) => Sim<number>;

/** _IO_file_doallocate: fstat + isatty decide line buffering, st_blksize the size. */
function* doallocate(f: Stream): Sim<void> {
  const st: { value?: { st_mode: number; st_blksize: number } } = {};
  let size = BUFSIZ;
  if (((yield sys.fstat(f.fd, st)) as number) >= 0 && st.value) {
    if ((st.value.st_mode & S_IFMT) === S_IFCHR && ((yield sys.ioctl(f.fd, TCGETS)) as number) === 0) f.lineBuf = true;
    if (st.value.st_blksize > 0 && st.value.st_blksize < BUFSIZ) size = st.value.st_blksize;
  }
  f.size = size;
}

/** _IO_new_file_write: write until everything is out; returns the bytes written. */
function* fileWrite(f: Stream, data: string, write: WriteFn): Sim<number> {
  let done = 0;
  while (done < data.length) {
    const r = yield* write(f.fd, done === 0 ? data : data.slice(done));
    if (r < 0) { f.err = true; break; }
    done += r;
  }
  return done;
}

/** _IO_do_write of the whole buffer: 0, or EOF if not everything went out. */
function* doFlush(f: Stream, write: WriteFn): Sim<number> {
  if (f.buf.length === 0) return 0;
  const data = f.buf;
  f.buf = ''; // taken before the write: output appended meanwhile waits for the next flush
  return (yield* fileWrite(f, data, write)) === data.length ? 0 : EOF;
}

/** _IO_new_file_overflow(f, EOF): set the stream up for writing and flush what is buffered. */
function* overflowFlush(f: Stream, write: WriteFn): Sim<number> {
  if (!f.putting) {
    if (f.size === 0) {
      if (f.unbuffered) f.size = 1; // _shortbuf
      else yield* doallocate(f);
    }
    f.putting = true;
  }
  return yield* doFlush(f, write);
}

/** _IO_new_file_overflow(f, ch): one character into the buffer, written out as the mode says. */
function* overflowChar(f: Stream, ch: string, write: WriteFn): Sim<number> {
  if (!f.putting && (yield* overflowFlush(f, write)) === EOF) return EOF;
  if (f.buf.length >= f.size && (yield* doFlush(f, write)) === EOF) return EOF;
  f.buf += ch;
  if (f.unbuffered || (f.lineBuf && ch === '\n')) return yield* doFlush(f, write);
  return 0;
}

/** _IO_default_xsputn: what fits goes into the buffer, the rest through overflow. */
function* defaultXsputn(f: Stream, s: string, write: WriteFn): Sim<number> {
  let i = 0;
  for (;;) {
    const space = f.lineBuf || f.unbuffered ? 0 : f.size - f.buf.length;
    if (space > 0) {
      const c = Math.min(space, s.length - i);
      f.buf += s.slice(i, i + c);
      i += c;
    }
    if (i === s.length) return i;
    if ((yield* overflowChar(f, s[i++], write)) === EOF) return i - 1;
  }
}

/** _IO_new_file_xsputn: returns how many bytes the stream took (n, or fewer on an error). */
export function* xsputn(f: Stream, s: string, write: WriteFn): Sim<number> {
  const n = s.length;
  if (n === 0) return 0;
  let count = 0;
  let mustFlush = false;
  if (f.lineBuf && f.putting) {
    count = f.size - f.buf.length;
    if (count >= n) {
      const nl = s.lastIndexOf('\n');
      if (nl >= 0) { count = nl + 1; mustFlush = true; }
    }
  } else if (f.putting && !f.unbuffered) {
    count = f.size - f.buf.length;
  }
  count = Math.min(count, n);
  if (count > 0) f.buf += s.slice(0, count);
  let rest = s.slice(count);
  let toDo = rest.length;
  if (toDo === 0 && !mustFlush) return n;
  if ((yield* overflowFlush(f, write)) === EOF) return toDo === 0 ? EOF : n - toDo;
  const block = f.size;
  const direct = toDo - (block >= 128 ? toDo % block : 0); // whole blocks go out directly
  if (direct > 0) {
    const w = yield* fileWrite(f, rest.slice(0, direct), write);
    toDo -= w;
    if (w < direct) return n - toDo;
    rest = rest.slice(direct);
  }
  if (toDo > 0) toDo -= yield* defaultXsputn(f, rest, write);
  return n - toDo;
}

/** fflush(f) (_IO_SYNC on an output stream): 0 or EOF. */
export function* fflushStream(f: Stream, write: WriteFn): Sim<number> {
  if (f.buf.length === 0) return f.err ? EOF : 0;
  return yield* doFlush(f, write);
}

/** _IO_flush_all: every stream; EOF if any failed. */
export function* flushAll(io: Stdio, write: WriteFn): Sim<number> {
  const a = yield* fflushStream(io.stdout, write);
  const b = yield* fflushStream(io.stderr, write);
  return a === EOF || b === EOF ? EOF : 0;
}

/** _IO_setvbuf with a NULL buffer: 0, or EOF for an unknown mode. */
export function* setvbufStream(f: Stream, mode: number, write: WriteFn): Sim<number> {
  switch (mode) {
    case _IOFBF:
      f.lineBuf = false;
      f.unbuffered = false;
      if (f.size <= 1) { yield* doallocate(f); f.lineBuf = false; } // a terminal stays fully buffered
      return 0;
    case _IOLBF:
      f.unbuffered = false;
      f.lineBuf = true;
      if (f.size <= 1) { f.size = 0; f.putting = false; } // allocated at the next output
      return 0;
    case _IONBF:
      if ((yield* fflushStream(f, write)) === EOF) return EOF; // _IO_default_setbuf syncs first
      f.lineBuf = false;
      f.unbuffered = true;
      f.size = 1;
      return 0;
    default:
      return EOF;
  }
}

/** __run_exit_handlers' loop: the atexit handlers, last registered first, each removed first. */
export function* runAtexit(io: Stdio, libc: unknown): Sim<void> {
  for (let fn = io.atexit.pop(); fn !== undefined; fn = io.atexit.pop()) {
    const r = fn(libc);
    if (r && typeof (r as Sim<unknown>).next === 'function') yield* r as Sim<unknown>;
  }
}
