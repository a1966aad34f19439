/**
 * The study file format: `study: leader-election | multi-region |
 * orchestration`, a name, a seed and `params`, every param optional over
 * the study's defaults. Written once with the schema DSL, so validation, the
 * TypeScript types and the JSON Schema agree; errors name the field, the
 * expected form and what was received, like experiment files.
 */
import { configError, JITTER_FACTOR } from '../../controllers/leader-election/config.js';
import type { Micros } from '../../lib/time.js';
import type { LeaderElectionScenario } from './leader-election-scenario.js';
import { LEADER_ELECTION_DEFAULTS } from './leader-election-scenario.js';
import type { MultiRegionScenario } from './multi-region-scenario.js';
import { COORDINATION_STRATEGIES, MULTI_REGION_DEFAULTS } from './multi-region-scenario.js';
import type { WorkflowScenario } from './workflow-scenario.js';
import { PARTITION_TARGETS, WORKFLOW_DEFAULTS, WORKFLOW_MODES } from './workflow-scenario.js';
import { ConfigError, describeValue } from '../schema/config-error.js';
import { formatDuration } from '../../lib/duration.js';
import type { SweepSpec } from '../config/sweep-schema.js';
import { sweepSchema } from '../config/sweep-schema.js';
import type { PropertyEntry } from '../properties/properties-schema.js';
import { propertiesSchema } from '../properties/properties-schema.js';
import type { ExploreSection } from '../explore/explore-schema.js';
import { exploreSchema } from '../explore/explore-schema.js';
import type { JsonSchema, Schema } from '../schema/schema.js';
import { array, boolean, describe, duration, join, number, object, oneOf, optional, refine, string, tag, tagged, withDefault } from '../schema/schema.js';

/** The studies a file can name. */
export const STUDY_KINDS = ['leader-election', 'multi-region', 'orchestration'] as const;

/** One of `STUDY_KINDS`. */
export type StudyKind = (typeof STUDY_KINDS)[number];

const dur = (def: Micros, text: string, opts: { positive?: boolean } = {}): Schema<Micros> =>
  describe(withDefault(duration(opts), def, formatDuration(def)), text);
const int = (def: number, text: string, opts: { min?: number; max?: number } = {}): Schema<number> =>
  describe(withDefault(number({ integer: true, ...opts }), def), text);
const num = (def: number, text: string, opts: { min?: number; max?: number } = {}): Schema<number> => describe(withDefault(number(opts), def), text);
const flag = (def: boolean, text: string): Schema<boolean> => describe(withDefault(boolean(), def), text);
const choice = <const T extends string>(values: readonly T[], def: T, text: string): Schema<T> => describe(withDefault(oneOf(values), def), text);
const shown = (t: Micros): string => describeValue(formatDuration(t));

const L = LEADER_ELECTION_DEFAULTS;

/** A zone: `leader` (the lease holder's zone when the fault starts) or a zone index. */
const zoneChoice: Schema<number | 'leader'> = {
  expected: '"leader" or a zone index (an integer ≥ 0)',
  parse(value, path) {
    if (value === 'leader' || (typeof value === 'number' && Number.isInteger(value) && value >= 0)) return value;
    throw new ConfigError(path, this.expected, describeValue(value));
  },
  json: () => ({ oneOf: [{ const: 'leader' }, { type: 'integer', minimum: 0 }] }),
};

/** One extra zone partition of the leader-election study. */
const zoneFault = object({
  at: describe(duration(), 'When the zone is cut off from the other zones.'),
  duration: describe(duration({ positive: true }), 'How long the partition lasts.'),
  zone: describe(zoneChoice, 'Which zone: "leader" or an index.'),
  hold: describe(withDefault(boolean(), false), "Hold the zone's messages to the API until the partition heals."),
});
const leaderElectionShape = object({
  horizon: dur(L.horizon, 'Virtual time covered.', { positive: true }),
  zones: int(L.zones, 'Failure domains.', { min: 2, max: 26 }),
  controllerReplicas: int(L.controllerReplicas, 'Controller replicas, spread round-robin over the zones.', { min: 1, max: 100 }),
  storeReplicas: int(L.storeReplicas, 'Lease store replicas, spread round-robin over the zones; a write needs a majority.', { min: 1, max: 99 }),
  leaseDuration: dur(L.leaseDuration, 'client-go LeaseDuration: how long candidates wait after last seeing the lease change.', { positive: true }),
  renewDeadline: dur(L.renewDeadline, 'client-go RenewDeadline: how long the leader retries renewing before it stops leading.', { positive: true }),
  retryPeriod: dur(L.retryPeriod, 'client-go RetryPeriod: time between attempts.', { positive: true }),
  intraZoneLatency: dur(L.intraZoneLatency, 'Median one-way latency inside a zone.'),
  interZoneLatency: dur(L.interZoneLatency, 'Median one-way latency between zones and to the API.'),
  latencySigma: num(L.latencySigma, 'Log-normal spread of message latency; 0 makes it constant.', { min: 0, max: 3 }),
  clockDriftSpread: num(L.clockDriftSpread, 'Each controller host clock drifts by U[−spread, spread] (0.01 = 1 %).', { min: 0, max: 0.9 }),
  clockOffsetSpread: dur(L.clockOffsetSpread, 'Each controller host wall clock is offset by U[−spread, spread] (client-go ignores it).'),
  firstLeaderDrift: num(L.firstLeaderDrift, 'Extra drift of replica 0, the first leader (−0.3: its clock runs 30 % slow).', { min: -0.9, max: 0.9 }),
  fencing: flag(L.fencing, 'The actuator rejects actions whose fencing token is older than the current tenure.'),
  partitionAt: dur(L.partitionAt, "When the leader's zone is cut off from the other zones."),
  partitionFor: dur(L.partitionFor, 'How long the partition lasts; 0 for none.'),
  holdActions: flag(L.holdActions, "While partitioned, the isolated zone's messages to the API are held until it heals."),
  restartDelay: dur(L.restartDelay, 'Time before a replica that stopped leading campaigns again.'),
  syncPeriod: dur(L.syncPeriod, "The leader's autoscaler sync period.", { positive: true }),
  overlapWindow: dur(L.overlapWindow, 'Applied actions from different leaders closer than this count as conflicting.'),
  loadPeriod: dur(L.loadPeriod, 'The offered load is redrawn this often.', { positive: true }),
  faults: describe(withDefault(array(zoneFault), [], []), 'More zone partitions beside the one above: [{ at, duration, zone: leader | <index>, hold }].'),
});

const leaderElectionParams: Schema<LeaderElectionScenario> = refine(leaderElectionShape, (p, path) => {
  const problem = configError({ identity: 'replica', leaseDuration: p.leaseDuration, renewDeadline: p.renewDeadline, retryPeriod: p.retryPeriod });
  if (problem?.startsWith('leaseDuration'))
    return new ConfigError(
      join(path, 'leaseDuration'),
      `a duration greater than renewDeadline (${formatDuration(p.renewDeadline)}), as client-go requires`,
      shown(p.leaseDuration),
    );
  if (problem?.startsWith('renewDeadline')) {
    const floor = Math.trunc(JITTER_FACTOR * p.retryPeriod);
    return new ConfigError(
      join(path, 'renewDeadline'),
      `a duration greater than ${JITTER_FACTOR} × retryPeriod (${formatDuration(floor)}), as client-go requires`,
      shown(p.renewDeadline),
    );
  }
  if (Math.abs(p.firstLeaderDrift) + p.clockDriftSpread >= 1) {
    return new ConfigError(
      join(path, 'firstLeaderDrift'),
      `a drift with |firstLeaderDrift| + clockDriftSpread < 1 (clockDriftSpread is ${p.clockDriftSpread}), so every clock runs forwards`,
      describeValue(p.firstLeaderDrift),
    );
  }
  return undefined;
});

const M = MULTI_REGION_DEFAULTS;
const multiRegionShape: Schema<MultiRegionScenario> = object({
  horizon: dur(M.horizon, 'Virtual time covered.', { positive: true }),
  regions: int(M.regions, 'Regions sharing the budget.', { min: 2, max: 50 }),
  strategy: choice(
    COORDINATION_STRATEGIES,
    M.strategy,
    'independent: each region alone on stale views; coordinator: a central ledger; occ: compare-and-swap on a store replicated across regions.',
  ),
  interRegionLatency: dur(M.interRegionLatency, 'Median one-way latency between regions.'),
  intraRegionLatency: dur(M.intraRegionLatency, 'Median one-way latency inside a region.'),
  latencySigma: num(M.latencySigma, 'Log-normal spread of message latency; 0 makes it constant.', { min: 0, max: 3 }),
  budget: int(M.budget, 'Global capacity budget, instances.', { min: 0 }),
  demandMean: num(M.demandMean, 'Mean demand of a region, instances.', { min: 0 }),
  demandSpread: num(M.demandSpread, "A region's demand is drawn from demandMean × (1 ± demandSpread).", { min: 0, max: 1 }),
  surgePeriod: dur(M.surgePeriod, "Every this long all regions' demand is redrawn at once.", { positive: true }),
  localChangePeriod: dur(M.localChangePeriod, "Mean time between a region's own demand changes.", { positive: true }),
  syncPeriod: dur(M.syncPeriod, 'Regional controllers resync (and retry denied requests) this often.', { positive: true }),
  reactionJitter: dur(M.reactionJitter, 'Controllers react to a demand change within U[0, reactionJitter].'),
  requestTimeout: dur(M.requestTimeout, 'Timeout before a coordinator or store request is retried.', { positive: true }),
});

const W = WORKFLOW_DEFAULTS;
const orchestrationShape: Schema<WorkflowScenario> = object({
  horizon: dur(W.horizon, 'Virtual time covered.', { positive: true }),
  mode: choice(WORKFLOW_MODES, W.mode, 'orchestration: a central orchestrator runs the steps in order; choreography: services react to events on a bus.'),
  serviceLatency: dur(W.serviceLatency, 'Median one-way latency between control-plane hosts.'),
  latencySigma: num(W.latencySigma, 'Log-normal spread of message latency; 0 makes it constant.', { min: 0, max: 3 }),
  provisionTime: dur(W.provisionTime, 'Time to provision replacement capacity.'),
  shiftTime: dur(W.shiftTime, "Time to shift the failed zone's traffic."),
  deregisterTime: dur(W.deregisterTime, "Time to deregister the failed zone's instances."),
  retryInterval: dur(W.retryInterval, 'Re-send interval of unacknowledged messages.', { positive: true }),
  partitioned: choice(PARTITION_TARGETS, W.partitioned, 'The host cut off from all others: a step service, the hub (orchestrator or bus), or none.'),
  partitionAt: dur(W.partitionAt, 'When the partition starts, after the failure is detected.'),
  partitionFor: dur(W.partitionFor, 'How long it lasts.'),
});

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const common = {
  name: describe(string({ pattern: NAME, form: 'a name of letters, digits, ".", "_" or "-"' }), 'Name of the run, written into its outputs.'),
  seed: describe(withDefault(number({ integer: true, min: 0 }), 1), 'Root seed: same file and seed, same numbers.'),
  sweep: describe(optional(sweepSchema), 'Knobs to vary (paths params.<knob>) and seeds to run them with, for ctrlsim sweep.'),
  properties: describe(optional(propertiesSchema), "Budget properties over the study metrics, checked beside the study kind's built-in ones."),
  explore: describe(optional(exploreSchema), 'Bounds of the random fault schedules ctrlsim explore draws.'),
};

/**
 * Checks a study's sweep: every knob is `params.<knob>` of this study, and
 * every value it can take (each listed value; a range's bounds) is a valid
 * value of that knob on its own. Cross-knob rules are checked per point when
 * the sweep runs.
 */
function checkSweep(shape: Schema<object>, sweep: SweepSpec | undefined, path: string): ConfigError | undefined {
  if (!sweep) return undefined;
  for (const [knobPath, knob] of Object.entries(sweep.knobs)) {
    const at = `${join(path, 'sweep')}.knobs[${JSON.stringify(knobPath)}]`;
    const m = /^params\.([A-Za-z]+)$/.exec(knobPath);
    if (!m) return new ConfigError(at, "a path params.<knob> into this study's params", describeValue(knobPath));
    const samples = knob.kind === 'values' ? knob.values : [knob.min, knob.max].map((v) => (knob.duration ? formatDuration(v) : v));
    for (const [i, sample] of samples.entries()) {
      try {
        shape.parse({ [m[1]!]: sample }, 'params');
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return new ConfigError(knob.kind === 'values' ? `${at}.values[${i}]` : at, e.expected, e.received, e.hint);
      }
    }
  }
  return undefined;
}

/** A validated study file. Durations are µs; every param is filled in. */
export type StudyDocument =
  | {
      readonly study: 'leader-election';
      readonly name: string;
      readonly seed: number;
      readonly sweep?: SweepSpec;
      readonly properties?: PropertyEntry[];
      readonly explore?: ExploreSection;
      readonly params: LeaderElectionScenario;
    }
  | {
      readonly study: 'multi-region';
      readonly name: string;
      readonly seed: number;
      readonly sweep?: SweepSpec;
      readonly properties?: PropertyEntry[];
      readonly explore?: ExploreSection;
      readonly params: MultiRegionScenario;
    }
  | {
      readonly study: 'orchestration';
      readonly name: string;
      readonly seed: number;
      readonly sweep?: SweepSpec;
      readonly properties?: PropertyEntry[];
      readonly explore?: ExploreSection;
      readonly params: WorkflowScenario;
    };

/** The schema of a study file. */
export const studySchema: Schema<StudyDocument> = tagged('study', {
  'leader-election': refine(
    object({
      study: tag('leader-election'),
      ...common,
      params: describe(withDefault(leaderElectionParams, L, {}), 'Knobs of the leader-election study; each defaults.'),
    }),
    (d, path) => checkSweep(leaderElectionShape, d.sweep, path),
  ),
  'multi-region': refine(
    object({
      study: tag('multi-region'),
      ...common,
      params: describe(withDefault(multiRegionShape, M, {}), 'Knobs of the multi-region study; each defaults.'),
    }),
    (d, path) => checkSweep(multiRegionShape, d.sweep, path),
  ),
  orchestration: refine(
    object({
      study: tag('orchestration'),
      ...common,
      params: describe(withDefault(orchestrationShape, W, {}), 'Knobs of the orchestration study; each defaults.'),
    }),
    (d, path) => checkSweep(orchestrationShape, d.sweep, path),
  ),
});

/** True when a raw document names a study (has a top-level `study` key), so it is not an experiment file. */
export function isStudyDocument(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'study' in raw;
}

/** Validates a raw document as a study file. Throws `ConfigError` naming the field. */
export function parseStudyDocument(raw: unknown): StudyDocument {
  return studySchema.parse(raw, '');
}

/** The JSON Schema of study files, for editors. */
export function studyJsonSchema(): JsonSchema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'ctrlsim study', ...studySchema.json() };
}
