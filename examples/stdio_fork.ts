// Buffered stdout and fork: a line printed before fork() appears once on the console (line-buffered) but twice through a pipe (fully buffered: both processes flush their copy at exit).
import { WEXITSTATUS, stdout, _IOFBF, BUFSIZ, type Libc } from '../libs/api.js';

// The same program body, run once with stdout on the console and once with stdout on a pipe.
function* body(libc: Libc) {
  yield* libc.atexit(function* (l: Libc) { yield* l.printf('  atexit handler of pid %d\n', yield* l.getpid()); });
  yield* libc.printf('  hello from pid %d, before fork\n', yield* libc.getpid());
  const pid = yield* libc.fork(function* (child: Libc) {
    yield* child.printf('  the child (pid %d) says bye\n', yield* child.getpid());
    return 0; // returning from the child's function is exit(0): atexit handlers, then a flush
  });
  const st = { value: 0 };
  yield* libc.waitpid(pid, st, 0);
  yield* libc.printf('  the parent reaped its child (status %d)\n', WEXITSTATUS(st.value));
  return 0;
}

export default function* main(libc: Libc) {
  yield* libc.printf('stdout on the console (isatty(1) = %d): each line goes out as it is printed\n', yield* libc.isatty(1));
  yield* libc.fflush(stdout);
  const first = yield* libc.fork(body);
  yield* libc.waitpid(first, null, 0);

  // Now the same with fd 1 redirected to a pipe: the lines wait in a 4096-byte buffer.
  const p = yield* libc.pipe();
  if (p === -1) return 1;
  const [r, w] = p;
  const second = yield* libc.fork(function* (l: Libc) {
    yield* l.dup2(w, 1); // like the shell's `prog | cat`
    yield* l.close(r);
    yield* l.close(w);
    // This process inherited main's stdout, already set up line-buffered for the console; a
    // program started as `prog | cat` would find the pipe at its first printf and buffer fully.
    yield* l.setvbuf(stdout, null, _IOFBF, BUFSIZ);
    return yield* body(l);
  });
  yield* libc.close(w);
  yield* libc.printf('stdout on a pipe: everything arrives when each process exits, and the line printed before fork twice\n');
  const buf = { value: '' };
  let n: number;
  while ((n = yield* libc.read(r, buf, 4096)) > 0) yield* libc.printf('%s', buf.value);
  yield* libc.waitpid(second, null, 0);
  return n < 0 ? 1 : 0;
}
