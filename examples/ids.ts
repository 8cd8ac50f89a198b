// Who am I: getpid, gettid and getppid from main and three threads (one pid and many tids under NPTL).
import type { Libc } from '../libs/api.js';

function* report(libc: Libc, name: string) {
  const pid = yield* libc.getpid();
  const tid = yield* libc.gettid();
  const ppid = yield* libc.getppid();
  yield* libc.printf('%-9s getpid %d  gettid %d  getppid %d\n', name, pid, tid, ppid);
  return pid;
}

export default function* main(libc: Libc) {
  const mainPid = yield* report(libc, 'main');
  const ts: number[] = [];
  for (let i = 1; i <= 3; i++) {
    ts.push(yield* libc.pthread_create(report, `thread ${i}`));
    yield* libc.usleep(100); // keep the output in creation order
  }
  let same = 0;
  for (const t of ts) {
    const r = { value: 0 as unknown };
    yield* libc.pthread_join(t, r);
    if (r.value === mainPid) same++;
  }
  yield* libc.printf('%d of 3 threads share main\'s pid\n', same);
  return 0;
}
