// main calls pthread_exit: the process lives on until its last thread exits, and then ends with status 0.
import type { Libc } from '../libs/api.js';

function* worker(libc: Libc, id: number) {
  yield* libc.usleep(1000 * (id + 1));
  yield* libc.printf('thread %d: still running after main left (pid %d)\n', id, yield* libc.getpid());
  return 42; // a thread's return value is not the process's exit status
}

export default function* main(libc: Libc) {
  for (let i = 0; i < 3; i++) yield* libc.pthread_create(worker, i);
  yield* libc.printf('main: calling pthread_exit\n');
  yield* libc.pthread_exit(null);
  yield* libc.printf('main: never printed\n');
  return 1;
}
