import { defineConfig } from 'vitest/config';

export const vitestConfig = defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // 2 cores: integration tests start servers and a keyring; keep parallelism modest.
    maxWorkers: 2,
  },
});

export default vitestConfig;
