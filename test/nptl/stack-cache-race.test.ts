/**
 * stack-cache-race.test.ts — a regression test for rule 30's cache: trimming the stack cache
 * yields (munmap is a system call) while other threads use the cache. free_stacks used to walk
 * the cache by index across those yields and read a stack another thread had taken
 * ("reading 'tidAddr'"), killing the process with SIGABRT after 24,818 creations of the
 * create experiment's T=14, C=1 configuration on 2 CPUs. This is that workload.
 */

import { describe, it, expect } from 'vitest';
import { create } from '../../experiments/lab/create.js';
import '../../libs/all.js';

describe('rule 30: the stack cache under concurrent create/join', () => {
  it('survives the create experiment\'s T=14, C=1 sweep point (30,000 creations, 2 CPUs)', () => {
    const [row] = create.run({
      index: 0, experiment: 'create', lib: 'nptl', libOptions: {},
      params: { top_threads: 14, children: 1, creations: 30_000 }, seed: 1, costs: 'modern-x86', cpus: 2,
    });
    expect(row.outcome).toBe('ok');
    expect(row.created).toBe(30_000);
  });
});
