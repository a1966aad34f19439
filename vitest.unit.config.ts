import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The fast loop (`npm run test:unit`): every test that runs in-process on
 * the source. Left out, and run by `npm test`: the end-to-end tests that
 * spawn the command line or Node (test/experiments/, the explore CLI, the
 * public API's examples), drive a browser, start real processes
 * (test/live/), or run whole-repository tools (test/architecture/).
 *
 * For speed it runs on every core in worker threads that share loaded
 * modules between test files (isolate: false). The full suite (`npm test`)
 * isolates every file, so a test that leaked state into another would
 * still fail there.
 */
export default defineConfig({
  test: {
    name: 'unit',
    testTimeout: 60_000,
    pool: 'threads',
    maxWorkers: availableParallelism(),
    isolate: false,
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/experiments/**',
      'test/live/**',
      'test/architecture/**',
      'test/**/*.browser.test.ts',
      'test/explore/explore-cli.test.ts',
      'test/explore/explore.test.ts',
      'test/explore/family-properties.test.ts',
      'test/public-api.test.ts',
    ],
  },
});
