import type { Micros } from '../../lib/time.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';
import { ReplicatedStore } from '../../sim/consensus/replicated-store.js';
import { zonedNetwork } from '../../sim/consensus/zoned-network.js';
import { eventLabel } from '../../sim/engine/event-label.js';
import { CapacityLedger } from '../../sim/coordination/capacity-ledger.js';
import type { CapacityStrategy } from '../../sim/coordination/capacity-strategy.js';
import { CoordinatorStrategy } from '../../sim/coordination/coordinator-strategy.js';
import { IndependentStrategy } from '../../sim/coordination/independent-strategy.js';
import { OccStrategy } from '../../sim/coordination/occ-strategy.js';
import type { DecisionStats } from '../../sim/coordination/regional-controller.js';
import { RegionalController } from '../../sim/coordination/regional-controller.js';
import { runStudyWorld, studyWorld } from './study-world.js';

/** How regions share the budget: each alone, through a central coordinator, or by optimistic concurrency on a shared store. */
export const COORDINATION_STRATEGIES = ['independent', 'coordinator', 'occ'] as const;

/** One of `COORDINATION_STRATEGIES`. */
export type CoordinationStrategy = (typeof COORDINATION_STRATEGIES)[number];

/** Knobs of the multi-region study. Durations in µs. */
export interface MultiRegionScenario {
  /** Virtual time covered. */
  readonly horizon: Micros;
  /** Regions (≥ 2). */
  readonly regions: number;
  /** How regions coordinate. */
  readonly strategy: CoordinationStrategy;
  /** Median one-way latency between regions. */
  readonly interRegionLatency: Micros;
  /** Median one-way latency inside a region. */
  readonly intraRegionLatency: Micros;
  /** Log-normal spread of message latency (0: constant). */
  readonly latencySigma: number;
  /** Global capacity budget, instances. */
  readonly budget: number;
  /** Mean demand of a region, instances. */
  readonly demandMean: number;
  /** A region's demand is drawn from demandMean × (1 ± demandSpread). */
  readonly demandSpread: number;
  /** Every this long, all regions' demand is redrawn at once (a global surge, where regions contend). */
  readonly surgePeriod: Micros;
  /** Mean time between a region's own demand changes (exponential). */
  readonly localChangePeriod: Micros;
  /** Regional controllers resync this often. */
  readonly syncPeriod: Micros;
  /** Controllers react to a demand change within U[0, reactionJitter]. */
  readonly reactionJitter: Micros;
  /** Timeout before a coordinator or store request is retried. */
  readonly requestTimeout: Micros;
}

/** Defaults: three regions 50 ms apart sharing a budget that demand often presses against. */
export const MULTI_REGION_DEFAULTS: MultiRegionScenario = {
  horizon: 60 * 60 * SECOND,
  regions: 3,
  strategy: 'occ',
  interRegionLatency: 50 * MILLISECOND,
  intraRegionLatency: 1 * MILLISECOND,
  latencySigma: 0.2,
  budget: 300,
  demandMean: 100,
  demandSpread: 0.5,
  surgePeriod: 60 * SECOND,
  localChangePeriod: 30 * SECOND,
  syncPeriod: 10 * SECOND,
  reactionJitter: 500 * MILLISECOND,
  requestTimeout: 2 * SECOND,
};

/** The study's summary metrics (one row). */
export interface MultiRegionMetrics {
  /** ∫ (allocated − budget)⁺ dt, instance·seconds. */
  readonly overcommit_instance_s: number;
  /** Largest overcommit, instances. */
  readonly peak_overcommit: number;
  /** Capacity increases that left the total over budget. */
  readonly conflicting_changes: number;
  /** ∫ (demand − allocation)⁺ dt summed over regions, instance·seconds. */
  readonly unmet_instance_s: number;
  /** Grow decisions that got capacity. */
  readonly grants: number;
  /** Grow decisions that got none. */
  readonly denials: number;
  /** Mean time from deciding to grow to applying the grant, ms; null when nothing was ever granted (`grants` is 0). */
  readonly decision_latency_ms: number | null;
  /** 95th percentile of it, ms; null when nothing was ever granted. */
  readonly decision_latency_p95_ms: number | null;
  /** Retries (conflicts and timeouts) per grant; null when nothing was ever granted. */
  readonly retries_per_grant: number | null;
  /** Messages on the network. */
  readonly messages: number;
}

/** The budget's use at one instant. */
export interface BudgetSample {
  /** Seconds since the start. */
  readonly t_s: number;
  /** Σ allocation over the regions. */
  readonly allocated: number;
  /** Σ demand over the regions. */
  readonly demand: number;
  /** The budget. */
  readonly budget: number;
}

/** Every how long the budget's use is sampled. */
export const BUDGET_SAMPLE_EVERY: Micros = 10 * SECOND;

/** Everything a run produced. */
export interface MultiRegionOutcome {
  /** Engine events processed (for cost estimates and benchmarks). */
  readonly events: number;
  /** Summary metrics. */
  readonly metrics: MultiRegionMetrics;
  /** The budget's use every `BUDGET_SAMPLE_EVERY`. */
  readonly samples: readonly BudgetSample[];
  /** Trace fingerprint. */
  readonly fingerprint: string;
}

const DEMAND = eventLabel('demand-change', 'regions');
const SAMPLE = eventLabel('sample', 'budget');

/** The q-quantile of a sample (nearest rank), 0 for an empty one. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Builds and runs the multi-region world: a regional controller (and, for
 * OCC, a store replica) per region, a coordinator host in region 0, demand
 * that surges everywhere at once and drifts per region, one strategy; returns
 * the metrics.
 */
export function runMultiRegionScenario(params: MultiRegionScenario, seed: number | string): MultiRegionOutcome {
  const p = params;
  if (!(p.regions >= 2)) throw new RangeError(`regions must be ≥ 2, got ${p.regions}`);
  const ctl = Array.from({ length: p.regions }, (_, r) => `ctl-${r}`);
  const storeHosts = Array.from({ length: p.regions }, (_, r) => `store-${r}`);
  const zones: Record<string, string[]> = {};
  for (let r = 0; r < p.regions; r++) zones[`region-${r}`] = [ctl[r]!, storeHosts[r]!, ...(r === 0 ? ['coordinator'] : [])];
  const world = studyWorld(seed, zonedNetwork({ zones }, { intra: p.intraRegionLatency, inter: p.interRegionLatency, sigma: p.latencySigma }));
  const { sim, root, network } = world;
  const ledger = new CapacityLedger(p.budget, p.regions, () => sim.now);

  let strategy: CapacityStrategy;
  switch (p.strategy) {
    case 'independent':
      strategy = new IndependentStrategy(network, ctl, p.budget);
      break;
    case 'coordinator':
      strategy = new CoordinatorStrategy(sim, network, ctl, 'coordinator', p.budget, p.requestTimeout);
      break;
    case 'occ':
      strategy = new OccStrategy(sim, new ReplicatedStore(network, storeHosts), ctl, p.budget, p.requestTimeout);
      break;
  }

  const stats: DecisionStats = { granted: 0, denied: 0, shrunk: 0, latencies: [] };
  const controllers = ctl.map((_, r) => new RegionalController(sim, r, ledger, strategy, stats, p.syncPeriod, p.reactionJitter, root.fork(`controller/${r}`)));
  const demandRng = ctl.map((_, r) => root.fork(`demand/${r}`));
  const drawDemand = (r: number): number => Math.max(0, Math.round(p.demandMean * (1 + p.demandSpread * demandRng[r]!.uniform(-1, 1))));
  const setDemand = (r: number): void => {
    ledger.setDemand(r, drawDemand(r));
    controllers[r]!.demandChanged();
  };
  for (let r = 0; r < p.regions; r++) setDemand(r);
  const surge = (): void => {
    for (let r = 0; r < p.regions; r++) setDemand(r);
    sim.after(p.surgePeriod, surge, DEMAND);
  };
  sim.after(p.surgePeriod, surge, DEMAND);
  const localRng = root.fork('local-changes');
  for (let r = 0; r < p.regions; r++) {
    const local = (): void => {
      setDemand(r);
      sim.after(Math.round(localRng.exponential(p.localChangePeriod)), local, DEMAND);
    };
    sim.after(Math.round(localRng.exponential(p.localChangePeriod)), local, DEMAND);
  }
  for (const c of controllers) c.start();
  const samples: BudgetSample[] = [];
  const sample = (): void => {
    let demand = 0;
    for (let r = 0; r < p.regions; r++) demand += ledger.demanded(r);
    samples.push({ t_s: sim.now / SECOND, allocated: ledger.total, demand, budget: p.budget });
    sim.after(BUDGET_SAMPLE_EVERY, sample, SAMPLE, 1);
  };
  sim.after(BUDGET_SAMPLE_EVERY, sample, SAMPLE, 1);

  const { fingerprint, events } = runStudyWorld(world, p.horizon);

  const t = ledger.totals();
  const lat = stats.latencies;
  const metrics: MultiRegionMetrics = {
    overcommit_instance_s: t.overcommitInstanceSeconds,
    peak_overcommit: t.peakOvercommit,
    conflicting_changes: t.conflictingChanges,
    unmet_instance_s: t.unmetInstanceSeconds,
    grants: stats.granted,
    denials: stats.denied,
    // One latency per grant: with no grant there is no latency to report, which is not a latency of 0.
    decision_latency_ms: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length / MILLISECOND : null,
    decision_latency_p95_ms: lat.length ? quantile(lat, 0.95) / MILLISECOND : null,
    retries_per_grant: stats.granted ? strategy.retries / stats.granted : null,
    messages: network.stats.sent,
  };
  return { metrics, samples, fingerprint, events };
}
