import { defineConfig } from 'vitest/config';

const shared = { testTimeout: 60_000, hookTimeout: 120_000 };

/** Builds dist/ before any test runs (incrementally), so no test runs stale JavaScript. */
const globalSetup = ['test/support/build-first.ts'];

/**
 * Two groups, run one after the other: every test file in parallel first,
 * then the live end-to-end test alone. The live test times real processes
 * against a real Prometheus and compares decision times with the simulation;
 * sharing two cores with the rest of the suite would measure the suite, not
 * the loop.
 */
export default defineConfig({
  test: {
    globalSetup,
    projects: [
      { test: { ...shared, name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/live/live-e2e.test.ts'], sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'live', include: ['test/live/live-e2e.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
