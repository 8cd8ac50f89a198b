// A zombie: the parent forks a child that exits at once, and does not wait for it for 5 s (run it with --module examples/zombie_watch.module.ts).
import type { Libc } from '../libs/api.js';

function* child(libc: Libc) {
  yield* libc.printf('child %d: exiting now\n', yield* libc.getpid());
  return 3;
}

export default function* main(libc: Libc) {
  const pid = yield* libc.fork(child);
  yield* libc.printf('parent: forked %d, sleeping 5 s without waiting (it is a zombie meanwhile)\n', pid);
  yield* libc.sleep(5);
  const st = { value: 0 };
  yield* libc.waitpid(pid, st, 0);
  yield* libc.printf('parent: reaped %d (exit status %d)\n', pid, (st.value >> 8) & 0xff);
  return 0;
}
