// fork and waitpid from a thread: the child process has one thread (the forking one); its parent is the whole process.
import { WIFEXITED, WEXITSTATUS, type Libc } from '../libs/api.js';

function* child(libc: Libc) {
  yield* libc.printf('child: pid %d, parent %d\n', yield* libc.getpid(), yield* libc.getppid());
  yield* libc.compute(20_000);
  return 7;
}

function* forker(libc: Libc) {
  const pid = yield* libc.fork(child);
  if (pid < 0) return -1;
  const st = { value: 0 };
  const r = yield* libc.waitpid(pid, st, 0);
  const how = WIFEXITED(st.value) ? `exit status ${WEXITSTATUS(st.value)}` : 'killed';
  yield* libc.printf('thread: waitpid reaped the child (%s): %s\n', r === pid ? 'ok' : 'wrong pid', how);
  return WEXITSTATUS(st.value);
}

export default function* main(libc: Libc) {
  yield* libc.printf('parent: pid %d\n', yield* libc.getpid());
  const t = yield* libc.pthread_create(forker);
  const ret = { value: 0 as unknown };
  yield* libc.pthread_join(t, ret);
  yield* libc.printf('main: the thread returned %d\n', ret.value);
  return 0;
}
