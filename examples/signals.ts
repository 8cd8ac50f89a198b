// Signals to the process vs to one thread: kill(getpid()) goes to any thread that does not block it; pthread_kill() to exactly one.
import { SIGUSR1, SIGUSR2, SIG_BLOCK, SIG_UNBLOCK, sigmask, signame, type Libc, type SigInfo } from '../libs/api.js';

const names = new Map<number, string>();
let done = false;
let handled = 0;

function* handler(libc: Libc, sig: number, _info: SigInfo) {
  const self = yield* libc.pthread_self();
  yield* libc.printf('  %s handled by %s\n', signame(sig), names.get(self) ?? 'an unnamed thread');
  handled++;
}

function* worker(libc: Libc, name: string) {
  names.set(yield* libc.pthread_self(), name);
  // worker-1 accepts SIGUSR1; worker-2 keeps it blocked (inherited from main).
  if (name === 'worker-1') yield* libc.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1));
  while (!done) {
    yield* libc.compute(20_000);
    yield* libc.usleep(200); // sleep a little too, so even a non-preemptive library runs main
  }
  return 0;
}

function* waitHandled(libc: Libc, n: number) {
  for (let i = 0; i < 1000 && handled < n; i++) yield* libc.usleep(100);
}

export default function* main(libc: Libc) {
  names.clear(); // a fresh start when one process runs the program again (compare, the test suite)
  done = false;
  handled = 0;
  names.set(yield* libc.pthread_self(), 'main');
  yield* libc.signal(SIGUSR1, handler);
  yield* libc.signal(SIGUSR2, handler);
  yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1)); // main (and threads it creates) block SIGUSR1
  const w1 = yield* libc.pthread_create(worker, 'worker-1');
  const w2 = yield* libc.pthread_create(worker, 'worker-2');
  yield* libc.usleep(1000);
  yield* libc.printf('kill(getpid(), SIGUSR1): process-directed, only worker-1 does not block it\n');
  yield* libc.kill(yield* libc.getpid(), SIGUSR1);
  yield* waitHandled(libc, 1);
  yield* libc.printf('pthread_kill(worker-2, SIGUSR2): thread-directed\n');
  yield* libc.pthread_kill(w2, SIGUSR2);
  yield* waitHandled(libc, 2);
  done = true;
  yield* libc.pthread_join(w1);
  yield* libc.pthread_join(w2);
  yield* libc.printf('%d signals handled\n', handled);
  return 0;
}
