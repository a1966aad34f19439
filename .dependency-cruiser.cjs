/**
 * ctrlsim's layers, enforced. ARCHITECTURE.md draws the same picture.
 *
 *   bench/, index.ts        entry points: may import anything below
 *   experiments/            composes runs, sweeps, studies, the CLI and live mode
 *   reports/                renders; reads lib/ and the metric catalogue only
 *   sim/                    the simulated world, on the engine and the port
 *   controllers/            concrete controllers, on the port and lib/ only
 *   sim/engine/             the event loop; lib/ only
 *   controllers/port/       the runtime port every controller is written against; lib/ only
 *   lib/                    pure building blocks; nothing outside lib/
 *
 *   experiments/examples/   example files users copy (experiments, studies, bring-your-own
 *                           controllers, live and Kubernetes manifests); nothing imports them
 *
 * Test code (test/) may import anything; nothing in the product imports test/.
 * Benchmarks may import shared test fixtures (test/support/) and nothing else of test/.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const PRODUCT_ABOVE_LIB = '^(sim|controllers|experiments|reports|bench|test)/|^index\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'lib-is-self-contained',
      comment: 'lib/ holds pure building blocks (time, hashing, HPA, rollout and policy math, stats); it imports nothing of the product outside lib/.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: PRODUCT_ABOVE_LIB },
    },
    {
      name: 'engine-depends-on-lib-only',
      comment: 'sim/engine/ is the event loop; it knows nothing of worlds, controllers or experiments.',
      severity: 'error',
      from: { path: '^sim/engine/' },
      to: { path: '^(controllers|experiments|reports|bench|test)/|^index\\.ts$|^sim/(?!engine/)' },
    },
    {
      name: 'port-depends-on-lib-only',
      comment: 'controllers/port/ is the runtime port: the same controller runs on the virtual clock and for real, so the port cannot see the simulator.',
      severity: 'error',
      from: { path: '^controllers/port/' },
      to: { path: '^(sim|experiments|reports|bench|test)/|^index\\.ts$|^controllers/(?!port/)' },
    },
    {
      name: 'controllers-never-import-the-simulator',
      comment: 'Controllers depend only on the runtime port and lib/; they never import sim/, experiments/ or reports/.',
      severity: 'error',
      from: { path: '^controllers/' },
      to: { path: '^(sim|experiments|reports|bench|test)/|^index\\.ts$' },
    },
    {
      name: 'world-never-imports-concrete-controllers',
      comment: 'sim/ runs whatever controller it is given through the port; it never imports a concrete controller, an experiment or a report.',
      severity: 'error',
      from: { path: '^sim/' },
      to: { path: '^(experiments|reports|bench|test)/|^index\\.ts$|^controllers/(?!port/)' },
    },
    {
      name: 'reports-only-render',
      comment: 'reports/ renders rows and results; it reads lib/ and the metric catalogue, never the world, the controllers or the experiment pipeline.',
      severity: 'error',
      from: { path: '^reports/' },
      to: { path: '^(controllers|experiments|bench|test)/|^index\\.ts$|^sim/(?!metric-catalogue\\.ts$)' },
    },
    {
      name: 'product-never-imports-tests',
      comment: 'Test support is for tests; nothing the package ships imports test/.',
      severity: 'error',
      from: { path: '^(lib|sim|controllers|experiments|reports)/|^index\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'benchmarks-import-only-test-support',
      comment:
        'A benchmark may time the product on the same synthetic inputs the tests use (test/support/, e.g. the sample report data), ' +
        'so the two measure the same thing and the data lives once, under test/; no package entry point reaches bench/, so none reaches the data. ' +
        'A benchmark never imports a test file itself.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/', pathNot: '^test/support/' },
    },
    {
      name: 'product-never-imports-examples',
      comment:
        'experiments/examples/ holds files a user reads and copies, loaded only by path at run time (a bring-your-own controller named in an experiment file); ' +
        'the product and the benchmarks never import them, so an example can change without changing ctrlsim.',
      severity: 'error',
      from: { path: '^(lib|sim|controllers|experiments|reports|bench)/|^index\\.ts$', pathNot: '^experiments/examples/' },
      to: { path: '^experiments/examples/' },
    },
    {
      name: 'benchmarks-are-not-product',
      comment: 'Nothing the package ships imports a benchmark.',
      severity: 'error',
      from: { path: '^(lib|sim|controllers|experiments|reports)/|^index\\.ts$' },
      to: { path: '^bench/' },
    },
    {
      name: 'no-runtime-cycles',
      comment: 'Modules that need each other at run time cannot be understood or loaded alone; a cycle of type-only imports is harmless.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|out|test-artifacts)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
