// A fatal signal in one thread kills the whole process: a worker raises SIGSEGV while main waits to join it.
import { SIGSEGV, type Libc } from '../libs/api.js';

function* crasher(libc: Libc) {
  yield* libc.compute(50_000);
  yield* libc.printf('crasher: raising SIGSEGV\n');
  yield* libc.raise(SIGSEGV); // default action: terminate the process (and dump core)
  yield* libc.printf('crasher: never printed\n');
  return 0;
}

function* bystander(libc: Libc) {
  for (;;) {
    yield* libc.compute(10_000);
    yield* libc.usleep(1000);
  }
}

export default function* main(libc: Libc) {
  const t = yield* libc.pthread_create(crasher);
  yield* libc.pthread_create(bystander);
  yield* libc.pthread_join(t);
  yield* libc.printf('main: never printed either\n');
  return 0;
}
