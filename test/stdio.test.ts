/**
 * stdio.test.ts — buffered stdout, atexit and exit()/_exit(), on every library (libs/common/
 * stdio.ts): line-buffered on the console, fully buffered in 4096-byte blocks on a pipe, a
 * fork child's copy of the buffer, fflush, setvbuf, stderr unbuffered, atexit in reverse order.
 * Programs that send their stdout to a pipe read it back in a parent process and hand it to the
 * test through a closure.
 */

import { describe, it, expect } from 'vitest';
import {
  ENOTTY, EOF, _IOFBF, _IONBF, stdout, stderr, type Libc,
} from '../libs/api.js';
import { libraryNames, type Program } from '../libs/index.js';
import '../libs/all.js';
import { runProgram, type RunResult } from '../experiments/runner.js';

function run(lib: string, program: Program, trace = false): RunResult {
  const r = runProgram({ lib, program, name: 'stdio', timeLimit: 5e9, trace });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return r;
}

/**
 * Run `child` in a process whose fd 1 is a pipe; the parent reads until EOF and returns each
 * read's data, in order (one entry per read: one per write the child made, as the reads keep up).
 */
function* viaPipe(libc: Libc, child: (l: Libc) => Generator<any, number | void, any>): Generator<any, string[], any> {
  const p = yield* libc.pipe();
  if (p === -1) throw new Error('pipe');
  const [r, w] = p;
  const pid = yield* libc.fork(function* (l: Libc) {
    yield* l.dup2(w, 1);
    yield* l.close(w);
    yield* l.close(r);
    return yield* child(l);
  });
  yield* libc.close(w);
  const chunks: string[] = [];
  const buf = { value: '' };
  while ((yield* libc.read(r, buf, 65536)) > 0) chunks.push(buf.value);
  yield* libc.waitpid(pid, null, 0);
  return chunks;
}

/** The write(2) calls of the program's processes to fd 1, in order. */
function writes(r: RunResult): string[] {
  return (r.events ?? []).filter((e) => e.kind === 'sys_enter' && e.s === 'write' && e.a === 1).map((e) => e.s);
}

for (const lib of libraryNames()) {
  describe(`stdio on ${lib}`, () => {
    it('the console is line-buffered: a line without its newline waits for the newline (or for exit)', () => {
      let seen = '';
      const r = runProgram({
        lib, name: 'stdio', timeLimit: 5e9,
        program: function* (libc: Libc) {
          yield* libc.printf('no newline yet');
          seen = 'after first';
          yield* libc.printf(', now: %d\n', 42);
          yield* libc.printf('tail without newline');
          return 0; // exit() flushes the tail
        },
      });
      expect(seen).toBe('after first');
      expect(r.stdout).toBe('no newline yet, now: 42\ntail without newline');
      expect(r.syscalls.write).toBe(2);
      expect(r.syscalls.fstat).toBe(1); // _IO_file_doallocate at the first output
      expect(r.syscalls.ioctl).toBe(1); // isatty: TCGETS
    });

    it('a pipe is fully buffered: lines stay in the buffer until exit flushes them in one write', () => {
      let chunks: string[] = [];
      run(lib, function* (libc: Libc) {
        chunks = yield* viaPipe(libc, function* (l: Libc) {
          yield* l.printf('one\n');
          yield* l.usleep(1_000);
          yield* l.printf('two\n');
          return 0;
        });
        return 0;
      });
      expect(chunks).toEqual(['one\ntwo\n']);
    });

    it('a full 4096-byte buffer goes out by itself; fflush writes what is buffered now', () => {
      let chunks: string[] = [];
      run(lib, function* (libc: Libc) {
        chunks = yield* viaPipe(libc, function* (l: Libc) {
          const line = 'x'.repeat(99) + '\n';
          for (let i = 0; i < 50; i++) yield* l.printf('%s', line); // 5000 bytes
          yield* l.usleep(1_000);
          yield* l.printf('flushed\n');
          yield* l.fflush(stdout);
          yield* l.usleep(1_000);
          yield* l.printf('at exit\n');
          return 0;
        });
        return 0;
      });
      expect(chunks.map((c) => c.length)).toEqual([4096, 5000 - 4096 + 'flushed\n'.length, 'at exit\n'.length]);
    });

    it('_exit() loses buffered output; exit() runs the atexit handlers in reverse order, then flushes', () => {
      let lost: string[] = [];
      let kept: string[] = [];
      run(lib, function* (libc: Libc) {
        lost = yield* viaPipe(libc, function* (l: Libc) {
          yield* l.atexit(function* (x: Libc) { yield* x.printf('handler\n'); });
          yield* l.printf('buffered\n');
          return yield* l._exit(0);
        });
        kept = yield* viaPipe(libc, function* (l: Libc) {
          yield* l.atexit(function* (x: Libc) { yield* x.printf('first registered\n'); });
          yield* l.atexit(function* (x: Libc) { yield* x.printf('second registered\n'); });
          yield* l.printf('main\n');
          return yield* l.exit(3);
        });
        return 0;
      });
      expect(lost).toEqual([]);
      expect(kept).toEqual(['main\nsecond registered\nfirst registered\n']);
    });

    it('fork copies the buffer: output buffered before fork() is written by both processes', () => {
      let chunks: string[] = [];
      run(lib, function* (libc: Libc) {
        chunks = yield* viaPipe(libc, function* (l: Libc) {
          yield* l.printf('before fork\n');
          const pid = yield* l.fork(function* (c: Libc) { yield* c.printf('child\n'); return 0; });
          yield* l.waitpid(pid, null, 0);
          yield* l.printf('parent\n');
          return 0;
        });
        return 0;
      });
      expect(chunks.join('')).toBe('before fork\nchild\nbefore fork\nparent\n');
    });

    it('stderr is unbuffered: it overtakes stdout buffered for a pipe', () => {
      let chunks: string[] = [];
      run(lib, function* (libc: Libc) {
        chunks = yield* viaPipe(libc, function* (l: Libc) {
          yield* l.dup2(1, 2); // stderr to the same pipe
          yield* l.printf('to stdout\n');
          yield* l.fprintf(stderr, 'to stderr %d\n', 2);
          return 0;
        });
        return 0;
      });
      expect(chunks.join('')).toBe('to stderr 2\nto stdout\n');
    });

    it('setvbuf: _IONBF writes each printf at once, _IOFBF keeps the console buffered, a bad mode is EOF', () => {
      const r = run(lib, function* (libc: Libc) {
        yield* libc.setvbuf(stdout, null, _IONBF, 0);
        yield* libc.printf('a');
        yield* libc.printf('b');
        yield* libc.setvbuf(stdout, null, _IOFBF, 0);
        yield* libc.printf('c\n');
        yield* libc.printf('d\n');
        const bad = yield* libc.setvbuf(stdout, null, 7, 0);
        yield* libc.printf('%d\n', bad);
        return 0;
      }, true);
      expect(r.stdout).toBe(`abc\nd\n${EOF}\n`);
      expect(r.syscalls.write).toBe(3); // 'a', 'b', then everything else at exit
      expect(writes(r).length).toBe(3);
    });

    it('isatty: the console is a terminal, a pipe is not (ENOTTY)', () => {
      const r = run(lib, function* (libc: Libc) {
        const p = yield* libc.pipe();
        const onPipe = p === -1 ? -1 : yield* libc.isatty(p[1]);
        const e = libc.errno;
        yield* libc.printf('%d %d %d\n', yield* libc.isatty(1), onPipe, e);
        return 0;
      });
      expect(r.stdout).toBe(`1 0 ${ENOTTY}\n`);
    });
  });
}
