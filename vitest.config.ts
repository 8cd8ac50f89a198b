import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The kernel's invariant checker runs after every event in every test (issue 9); a
    // violation is a KernelPanic that fails the test naming the check and the task.
    env: { THREADLAB_CHECK: '1' },
  },
});
