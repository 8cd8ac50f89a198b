/**
 * deadlock-rwlock.test.ts — the debugging view and the deadlock report know reader-writer locks
 * on every library: a thread waiting in rdlock while the writer joins it is a cycle through
 * "rwlock#0", write-held by the joiner; a writer waiting behind readers says how many hold it.
 */

import { describe, it, expect } from 'vitest';
import { runProgram, type RunResult } from '../experiments/runner.js';
import { libraryNames, type Libc, type Program } from '../libs/index.js';
import '../libs/all.js';

function run(lib: string, program: Program): RunResult {
  return runProgram({ program, lib, name: 'dl', timeLimit: 300e9, cpus: 2 });
}

describe.each(libraryNames())('reader-writer locks in the deadlock report on %s', (lib) => {
  it('a reader waiting for the writer that joins it: a cycle through rwlock#0, held by the writer', () => {
    const ids: number[] = [];
    const r = run(lib, function* (libc: Libc) {
      const rw = yield* libc.pthread_rwlock_init();
      ids.push(yield* libc.pthread_self());
      yield* libc.pthread_rwlock_wrlock(rw);
      ids.push(yield* libc.pthread_create(function* (l: Libc) { return yield* l.pthread_rwlock_rdlock(rw); }));
      yield* libc.pthread_join(ids[1]);
      return 0;
    });
    expect(r.outcome).toBe('deadlock');
    const reader = r.deadlockInfo!.threads.find((t) => t.thread === ids[1] && !t.helper)!;
    expect(reader.wait).toMatchObject({ kind: 'rwlock', object: 'rwlock#0', holder: ids[0] });
    const cyc = r.deadlockInfo!.chains.filter((c) => c.cycle);
    expect(cyc).toHaveLength(1);
    expect(cyc[0].objects).toContain('rwlock#0');
    expect(r.deadlock).toContain('waits for reader-writer lock rwlock#0, held by');
  });

  it('a writer waiting behind a reader that joins it: glibc\'s locks count readers, Pth\'s rw mutex has the first reader as owner', () => {
    const ids: number[] = [];
    const r = run(lib, function* (libc: Libc) {
      const rw = yield* libc.pthread_rwlock_init();
      ids.push(yield* libc.pthread_self());
      yield* libc.pthread_rwlock_rdlock(rw);
      ids.push(yield* libc.pthread_create(function* (l: Libc) { return yield* l.pthread_rwlock_wrlock(rw); }));
      yield* libc.pthread_join(ids[1]);
      return 0;
    });
    expect(r.outcome).toBe('deadlock');
    const writer = r.deadlockInfo!.threads.find((t) => t.thread === ids[1] && !t.helper)!;
    if (lib === 'ngpt' || lib === 'green') {
      expect(writer.wait).toMatchObject({ kind: 'rwlock', object: 'rwlock#0', holder: ids[0] });
    } else {
      expect(writer.wait).toMatchObject({ kind: 'rwlock', object: 'rwlock#0', holder: null, note: 'read-held by 1 reader' });
      expect(r.deadlock).toContain('waits for reader-writer lock rwlock#0 (read-held by 1 reader)');
    }
  });
});
