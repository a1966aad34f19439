import { ControllerLoop } from '../../controllers/port/loop.js';
import type { Checkpoint } from '../../sim/engine/fingerprint.js';
import { VirtualRuntime } from '../../sim/virtual-runtime.js';
import type { RunSummary } from '../../sim/world/run-metrics.js';
import type { Row, RowSink } from '../../sim/world/world.js';
import { World } from '../../sim/world/world.js';
import type { Experiment } from '../config/experiment-schema.js';
import { toWorldSpec } from '../config/to-world.js';
import { GovernedController } from '../../controllers/governed/governed-controller.js';
import type { SummaryMetricsSource } from '../../controllers/rollout/summary-metrics.js';
import { hasSummaryMetrics } from '../../controllers/rollout/summary-metrics.js';
import type { ControllerModules } from './controller-factory.js';
import { buildController } from './controller-factory.js';
import { DEFAULT_LIMITS } from './cost.js';
import { NonFiniteResult } from '../output/run-failures.js';

/** Where a run streams its rows. */
export interface RunSinks {
  readonly timeseries: RowSink;
  readonly events: RowSink;
  /** Handed the engine once the world exists, to read its event count (progress display). */
  readonly engine?: (engine: { readonly processed: number }) => void;
}

/** What a run produced besides the streamed rows. */
export interface RunOutcome {
  /** The seed used. */
  readonly seed: number;
  /** Summary metrics. */
  readonly summary: RunSummary;
  /** Trace fingerprint of the whole run. */
  readonly fingerprint: string;
  /** Events the engine processed. */
  readonly events: number;
  /** Per-minute fingerprints, for locating a divergence. */
  readonly checkpoints: readonly Checkpoint[];
  /**
   * Metrics that controllers report about themselves (rollout timings, keys
   * moved ...), as `<controller>.<metric>`, sorted by name; null when a
   * metric has no value in this run (e.g. no rollback happened).
   */
  readonly controllerMetrics: Readonly<Record<string, number | null>>;
  /**
   * Metrics beyond the fixed summary, in the order summary.csv writes them:
   * the world's per-service metrics (`<service>.<metric>`, e.g. a keyed
   * cache's hit ratio) sorted by name, then `controllerMetrics`. Null means
   * "no value in this run"; sweeps aggregate the others.
   */
  readonly extraMetrics: Readonly<Record<string, number | null>>;
}

const NO_ROWS: RowSink = { write: () => {} };

/** The wall-clock-free budget of one run. */
export interface RunBudget {
  /** Most engine events the run may process; past it the run stops with `BudgetExceededError` (default `DEFAULT_LIMITS.maxEvents`). */
  readonly maxEvents?: number;
}

function checkFinite(metrics: Readonly<Record<string, number | null | undefined>> | RunSummary, seed: number): void {
  for (const [k, v] of Object.entries(metrics)) if (typeof v === 'number' && !Number.isFinite(v)) throw new NonFiniteResult(k, v, seed);
}

/** The same record with its keys in code-unit order, so columns never depend on insertion order. */
function sortedByName<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Runs one experiment with one seed: builds the world and its controllers,
 * each on its own virtual runtime, runs to the horizon, and returns the
 * summary and fingerprint. Rows stream to `sinks` (discarded if omitted, as
 * in a sweep). Bring-your-own controllers must be loaded first
 * (`loadControllerModules`) and passed as `modules`.
 */
export function runExperiment(
  exp: Experiment,
  seed: number = exp.seed,
  sinks: Partial<RunSinks> = {},
  modules?: ControllerModules,
  budget: RunBudget = {},
): RunOutcome {
  const world = new World(toWorldSpec(exp, seed), { timeseries: sinks.timeseries ?? NO_ROWS, events: sinks.events ?? NO_ROWS });
  world.start();
  sinks.engine?.(world.sim);
  const reporters: Array<[string, SummaryMetricsSource]> = [];
  for (const [name, spec] of Object.entries(exp.controllers)) {
    if (spec.kind === 'module' && !spec.enabled) continue;
    const { controller, syncPeriod } = buildController(name, spec, modules);
    const bare = controller instanceof GovernedController ? controller.wrapped : controller;
    if (hasSummaryMetrics(bare)) reporters.push([name, bare]);
    const runtime = new VirtualRuntime(world.sim, world, world.rng.fork(`controller/${name}`), `controller/${name}`);
    new ControllerLoop(controller, runtime, syncPeriod).start();
  }
  // The event budget is counted in events, never in wall-clock time, so where a run stops is itself deterministic.
  world.sim.run({ until: exp.horizon, maxEvents: budget.maxEvents ?? DEFAULT_LIMITS.maxEvents });
  const summary = world.runToHorizon();
  const controllerMetrics: Record<string, number | null> = {};
  for (const [name, reporter] of reporters) {
    for (const [metric, value] of Object.entries(reporter.summaryMetrics())) controllerMetrics[`${name}.${metric}`] = value;
  }
  const sortedControllerMetrics = sortedByName(controllerMetrics);
  checkFinite(summary, seed);
  checkFinite(controllerMetrics, seed);
  const serviceMetrics = world.serviceMetrics();
  checkFinite(serviceMetrics, seed);
  return {
    seed,
    summary,
    fingerprint: world.sim.fingerprint,
    events: world.sim.processed,
    checkpoints: world.sim.checkpoints(),
    controllerMetrics: sortedControllerMetrics,
    extraMetrics: { ...sortedByName(serviceMetrics), ...sortedControllerMetrics },
  };
}

/**
 * Keeps a bounded, evenly strided subset of each service's rows for charts:
 * at most about `limit` rows per service whatever the run length (every k-th
 * row of each service, k fixed up front from the expected count per service,
 * so the choice is deterministic). Striding the interleaved rows of several
 * services instead would drop whole services when k is a multiple of their
 * number.
 */
export class StridedRows implements RowSink {
  readonly rows: Row[] = [];
  private readonly seen = new Map<string, number>();
  private readonly stride: number;

  constructor(expectedPerService: number, limit: number) {
    this.stride = Math.max(1, Math.ceil(expectedPerService / limit));
  }

  write(row: Row): void {
    const service = String(row['service'] ?? '');
    const i = this.seen.get(service) ?? 0;
    this.seen.set(service, i + 1);
    if (i % this.stride === 0) this.rows.push(row);
  }
}

/** Keeps the first `limit` rows that pass a filter (for event marks on charts). */
export class FirstRows implements RowSink {
  readonly rows: Row[] = [];
  constructor(
    private readonly limit: number,
    private readonly keep: (row: Row) => boolean,
  ) {}

  write(row: Row): void {
    if (this.rows.length < this.limit && this.keep(row)) this.rows.push(row);
  }
}
