import { SECOND } from '../../lib/time.js';
import type { Experiment } from '../config/experiment-schema.js';
import { validateExperiment } from '../config/load.js';
import type { ModuleProperties } from '../properties/module-properties.js';
import { experimentMonitor, runMetrics } from '../properties/run-properties.js';
import type { ControllerModules } from '../runner/controller-factory.js';
import { runExperiment } from '../runner/run-experiment.js';
import { formatDuration } from '../../lib/duration.js';
import type { FaultKind } from './fault-kinds.js';
import type { Fault, Schedule } from './schedule.js';
import type { ExploreTarget, ProbeResult } from './target.js';

/** The version a `bad-version` fault deploys, and how it behaves. */
const BAD_VERSION = 'explore-bad';
const BAD_PROFILE = { errorRate: 0.3, latency: '100ms' };

const KINDS: readonly FaultKind[] = ['crash', 'zone-outage', 'partition', 'one-way-partition', 'clock-skew', 'hang', 'latency', 'bad-version', 'load-spike'];

/** Rounds a severity-scaled number to two decimals, so files stay readable. */
const r2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Explore target of an experiment file: a schedule replaces the file's
 * `scenario:` with steps of the world's own fault verbs, so a reproducer is
 * a plain experiment file. Partitions cut a controller from `metrics` or
 * `api`, the balancer from `registry`, or a zone from `registry` and
 * `metrics`; clock skew steps a controller's or a zone's clock back by up to
 * a minute; a bad version fails 30% of requests and adds 100 ms.
 */
export class ExperimentTarget implements ExploreTarget {
  readonly family = 'experiment';
  readonly supported = KINDS;
  readonly untimed: readonly FaultKind[] = ['clock-skew'];
  readonly name: string;
  readonly horizon: number;
  private readonly exp: Experiment;

  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly modules: ControllerModules,
    private readonly moduleProperties: ModuleProperties,
  ) {
    this.exp = validateExperiment(raw);
    this.name = this.exp.name;
    this.horizon = this.exp.horizon;
  }

  /** The parsed base experiment. */
  get experiment(): Experiment {
    return this.exp;
  }

  choices(kind: FaultKind): readonly string[] {
    const services = this.exp.services.map((s) => s.name);
    const zones = [...new Set(this.exp.services.flatMap((s) => s.zones))];
    const controllers = Object.keys(this.exp.controllers);
    switch (kind) {
      case 'crash':
      case 'hang':
      case 'latency':
      case 'bad-version':
      case 'load-spike':
        return services;
      case 'zone-outage':
        return zones;
      case 'partition':
      case 'one-way-partition':
        return [
          ...controllers.flatMap((c) => [`${c}|metrics`, `${c}|api`, `metrics|${c}`, `api|${c}`]),
          'lb|registry',
          'registry|lb',
          ...zones.flatMap((z) => [`${z}|registry`, `${z}|metrics`]),
        ];
      case 'clock-skew':
        return [...controllers, ...zones];
      case 'held-partition':
        return [];
    }
  }

  document(schedule: Schedule, seed: number): Record<string, unknown> {
    const { explore: _explore, sweep: _sweep, ...rest } = this.raw;
    const doc: Record<string, unknown> = { ...rest, seed, horizon: formatDuration(schedule.horizon), scenario: schedule.faults.map((f) => step(f)) };
    const bad = new Set(schedule.faults.filter((f) => f.kind === 'bad-version').map((f) => f.target));
    if (bad.size > 0) {
      doc['services'] = (rest['services'] as Array<Record<string, unknown>>).map((s) =>
        bad.has(String(s['name'])) ? { ...s, versions: { ...((s['versions'] as object | undefined) ?? {}), [BAD_VERSION]: BAD_PROFILE } } : s,
      );
    }
    return doc;
  }

  run(doc: Record<string, unknown>, seed: number): ProbeResult {
    const exp = validateExperiment(doc);
    const monitor = experimentMonitor(exp, seed, this.moduleProperties);
    const outcome = runExperiment(exp, seed, { timeseries: monitor.timeseries, events: monitor.events }, this.modules);
    return { violations: monitor.finish(runMetrics(outcome)), fingerprint: outcome.fingerprint };
  }
}

/** A fault as one scenario step. */
function step(f: Fault): Record<string, unknown> {
  const at = formatDuration(f.at);
  const lasting = { for: formatDuration(Math.max(SECOND, f.duration)) };
  switch (f.kind) {
    case 'crash':
      return { at, action: 'crash', service: f.target, fraction: r2(Math.max(0.05, f.severity * 0.6)), ...lasting };
    case 'hang':
      return { at, action: 'hang', service: f.target, fraction: r2(Math.max(0.05, f.severity * 0.5)), ...lasting };
    case 'latency':
      return { at, action: 'degrade', service: f.target, fraction: r2(Math.max(0.05, f.severity)), slowdown: r2(1 + 5 * f.severity), ...lasting };
    case 'bad-version':
      return { at, action: 'deploy', service: f.target, version: BAD_VERSION, fraction: r2(Math.max(0.05, f.severity)), ...lasting };
    case 'load-spike':
      return { at, action: 'scale-load', service: f.target, factor: r2(1 + 3 * f.severity), ...lasting };
    case 'zone-outage':
      return { at, action: 'zone-outage', zone: f.target, ...lasting };
    case 'partition':
    case 'one-way-partition': {
      const [a, b] = f.target.split('|');
      return { at, action: 'partition', between: [[a], [b]], ...(f.kind === 'one-way-partition' ? { oneWay: true } : {}), ...lasting };
    }
    case 'clock-skew':
      return { at, action: 'clock-jump', host: f.target, by: `-${Math.max(1, Math.round(60 * f.severity))}s` };
    case 'held-partition':
      throw new Error('experiments have no held-partition fault');
  }
}
