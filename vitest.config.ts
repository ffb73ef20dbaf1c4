import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers only make the embedded databases fight for CPU.
    maxWorkers: 2,
    reporters: ['default'],
    // Migrates, once per run, the databases every test database starts as a copy of.
    globalSetup: ['test/support/global-setup.ts'],
  },
});
