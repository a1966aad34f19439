import { createHash } from 'node:crypto';
import { meanOf } from '../../sim/distribution.js';
import { Topology, UnknownHostError } from '../../sim/network/topology.js';
import { worldTopology } from '../../sim/world/hosts.js';
import { ROUTING_POLICIES } from '../../sim/world/load-balancer.js';
import { TraceFormatError, parseTraceCsv } from '../../sim/world/load-trace.js';
import { ConfigError, describeValue } from '../schema/config-error.js';
import { DURATION_FORM, formatDuration, parseDuration } from '../../lib/duration.js';
import type { Infer, Schema } from '../schema/schema.js';
import { array, boolean, describe, duration, number, object, oneOf, optional, record, refine, string, tag, tagged, withDefault } from '../schema/schema.js';
import { MAX_TRACE_BYTES, readBoundedText } from './bounded-read.js';
import { resolveInput } from './config-base.js';
import { controllerSchema } from './controller-schema.js';
import { liveSchema } from './live-schema.js';
import { durationDistribution } from './distributions.js';
import { sweepSchema } from './sweep-schema.js';
import { propertiesSchema } from '../properties/properties-schema.js';
import { exploreSchema } from '../explore/explore-schema.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const name = string({ pattern: NAME, form: 'a name of letters, digits, ".", "_" or "-"' });
/** The highest request rate a load shape may name: past it, sums over an hour overflow exact arithmetic and totals turn to Infinity or NaN. */
const MAX_RPS = 1e12;

/** A request rate ≥ 0 and at most `MAX_RPS` (1.7e308 would make every total NaN). */
function boundedRps(): Schema<number> {
  const inner = number({ min: 0 });
  return {
    ...inner,
    parse(value, path) {
      const v = inner.parse(value, path);
      if (v > MAX_RPS) throw new ConfigError(path, `a number ≥ 0 and at most ${MAX_RPS} (1e12 requests per second)`, describeValue(value));
      return v;
    },
  };
}
const rps = boundedRps();

// --- fidelity: load noise, trace replay (issue 3) ---------------------------

/** A duration that may not be negative, with an error that says so. */
function nonNegativeDuration(opts: { positive?: boolean } = {}): Schema<number> {
  const inner = duration(opts);
  return {
    ...inner,
    parse(value, path) {
      if (typeof value === 'string' && value.trim().startsWith('-')) {
        throw new ConfigError(path, `${opts.positive ? 'a duration > 0' : 'a duration ≥ 0'} like "30s" (durations cannot be negative)`, describeValue(value));
      }
      return inner.parse(value, path);
    },
  };
}

/** A signed duration ("-2s", "150ms"), for clock offsets and jumps. */
const signedDuration: Schema<number> = {
  expected: `${DURATION_FORM}, optionally signed ("-2s")`,
  parse(value, path) {
    const text = typeof value === 'string' ? value.trim() : undefined;
    const sign = text?.startsWith('-') ? -1 : 1;
    const t = text === undefined ? undefined : parseDuration(text.replace(/^[+-]/, ''));
    if (t === undefined) throw new ConfigError(path, this.expected, describeValue(value));
    return sign * t;
  },
  json: () => ({ type: 'string', pattern: '^[+-]?(\\d+(\\.\\d+)?(us|µs|ms|s|m|h|d))+$' }),
};

const noiseVariants = tagged('kind', {
  none: object({ kind: tag('none') }),
  poisson: object({ kind: tag('poisson') }),
  mmpp: object({
    kind: tag('mmpp'),
    factor: describe(number({ min: 1 }), 'Burst rate as a multiple of the quiet rate, ≥ 1.'),
    quiet: describe(nonNegativeDuration({ positive: true }), 'Mean time between bursts.'),
    burst: describe(nonNegativeDuration({ positive: true }), 'Mean length of a burst.'),
  }),
});

/** Noise on a load shape: "none", "poisson", or { kind: mmpp, factor, quiet, burst }. */
const loadNoise: Schema<Infer<typeof noiseVariants>> = {
  expected: `"none", "poisson" or ${noiseVariants.expected}`,
  parse(value, path) {
    if (value === 'none' || value === 'poisson') return { kind: value };
    return noiseVariants.parse(value, path);
  },
  json: () => ({ oneOf: [{ enum: ['none', 'poisson'] }, noiseVariants.json()] }),
};
const noise = describe(optional(loadNoise), 'Noise on top of the shape: "poisson", or bursts { kind: mmpp, factor, quiet, burst }.');

const traceFields = object({
  shape: tag('trace'),
  file: describe(string({ minLength: 1 }), 'CSV file with a header "timestamp,rps" or "timestamp,count" (a relative path is relative to the experiment file).'),
  timeScale: describe(withDefault(number({ exclusiveMin: 0 }), 1), "Stretches the trace's time axis (0.5 replays it twice as fast); rates are kept."),
  scale: describe(withDefault(number({ min: 0 }), 1), "Multiplies the trace's rates."),
  start: describe(withDefault(nonNegativeDuration(), 0, '0s'), 'When the trace starts playing.'),
  loop: describe(withDefault(boolean(), false), 'Replay from the start when the trace ends.'),
  noise,
});

/**
 * A trace shape: the file is read and parsed at validation, so a malformed
 * row fails `ctrlsim validate` with its file and line. A relative path
 * resolves against the experiment file's directory; only a regular file of at
 * most `MAX_TRACE_BYTES` is read. The parsed form keeps the absolute path and
 * the file's SHA-256, which the run's manifest records so a replay can tell
 * an edited trace from a simulation divergence.
 */
const traceShape: Schema<
  Infer<typeof traceFields> & {
    readonly points: readonly { at: number; rps: number }[];
    readonly length: number;
    readonly path: string;
    readonly sha256: string;
  }
> = {
  expected: traceFields.expected,
  json: () => traceFields.json(),
  parse(value, path) {
    const t = traceFields.parse(value, path);
    const abs = resolveInput(t.file);
    const text = readBoundedText(abs, MAX_TRACE_BYTES, `${path}.file`, 'CSV trace file', t.file);
    try {
      const parsed = parseTraceCsv(text, t.file, t.timeScale);
      const peak = parsed.points.reduce((m, p) => Math.max(m, p.rps), 0) * t.scale;
      if (!(peak <= MAX_RPS))
        throw new ConfigError(
          `${path}.file`,
          `a trace whose peak rate (× scale) is at most ${MAX_RPS} requests per second`,
          `${JSON.stringify(t.file)} (a peak of ${String(peak)} rps)`,
        );
      return { ...t, points: parsed.points, length: parsed.length, path: abs, sha256: createHash('sha256').update(text).digest('hex') };
    } catch (e) {
      if (e instanceof TraceFormatError) throw new ConfigError(`${path}.file (${e.file}:${e.line})`, e.expected, e.received);
      throw e;
    }
  },
};

const loadShape = tagged('shape', {
  constant: object({ shape: tag('constant'), rps, noise }),
  step: object({ shape: tag('step'), steps: array(object({ at: nonNegativeDuration(), rps }), { minItems: 1 }), noise }),
  ramp: object({ shape: tag('ramp'), from: rps, to: rps, start: nonNegativeDuration(), duration: nonNegativeDuration({ positive: true }), noise }),
  diurnal: object({
    shape: tag('diurnal'),
    mean: rps,
    amplitude: rps,
    period: withDefault(nonNegativeDuration({ positive: true }), 86_400_000_000, '24h'),
    phase: withDefault(nonNegativeDuration(), 0, '0s'),
    noise,
  }),
  spike: object({
    shape: tag('spike'),
    at: nonNegativeDuration(),
    rps,
    rise: withDefault(nonNegativeDuration(), 60_000_000, '1m'),
    hold: withDefault(nonNegativeDuration(), 600_000_000, '10m'),
    decay: withDefault(nonNegativeDuration(), 300_000_000, '5m'),
    noise,
  }),
  trace: traceShape,
});

const probability = number({ min: 0, max: 1 });

const versionProfile = object({
  errorRate: describe(withDefault(probability, 0), 'Fraction of requests this version fails, in [0, 1].'),
  latency: describe(withDefault(nonNegativeDuration(), 0, '0s'), 'Extra service time of every request (it holds a slot).'),
  slowdown: describe(withDefault(number({ min: 1 }), 1), 'Service-time multiplier, ≥ 1.'),
});

const churn = object({
  mtbf: describe(durationDistribution, "Time from an instance's creation to its crash, e.g. { kind: exponential, mean: 2h }."),
  restartDelay: describe(withDefault(nonNegativeDuration(), 0, '0s'), 'Time from a crash until a replacement starts.'),
});

// --- network, clocks and the scenario timeline (issue 3) --------------------

const HOST = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/;
const hostName = string({ pattern: HOST, form: 'a host or group name (letters, digits, ".", "_", "-", "/")' });

/** Two sets of hosts or groups: [[a, ...], [b, ...]]. */
const hostSets: Schema<readonly [string[], string[]]> = {
  expected: 'two lists of hosts or groups, [[a, ...], [b, ...]]',
  parse(value, path) {
    const lists = array(array(hostName, { minItems: 1 })).parse(value, path);
    if (lists.length !== 2) throw new ConfigError(path, this.expected, describeValue(value));
    return [lists[0]!, lists[1]!] as const;
  },
  json: () => ({ type: 'array', items: { type: 'array', items: hostName.json(), minItems: 1 }, minItems: 2, maxItems: 2 }),
};

const linkRule = object({
  from: describe(array(hostName, { minItems: 1 }), 'Sending hosts or groups.'),
  to: describe(array(hostName, { minItems: 1 }), 'Receiving hosts or groups.'),
  latency: describe(optional(durationDistribution), 'One-way latency.'),
  loss: describe(optional(probability), 'Probability a message is lost.'),
  oneWay: describe(withDefault(boolean(), false), 'Only from `from` to `to` (else both ways).'),
});

const network = object({
  hosts: describe(withDefault(array(hostName), []), 'Extra hosts besides api, registry, lb, metrics, controller/<name> and the zones.'),
  regions: describe(withDefault(record(array(name, { minItems: 1 }), { keyPattern: NAME }), {}), 'Region name → its zones (a group for faults).'),
  latency: describe(withDefault(durationDistribution, { kind: 'constant', value: 0 }, '0s'), 'Latency of links no rule mentions.'),
  loss: describe(withDefault(probability, 0), 'Loss probability of links no rule mentions.'),
  links: describe(withDefault(array(linkRule), []), 'Per-link latency and loss; later rules win.'),
  resync: describe(withDefault(nonNegativeDuration(), 10_000_000, '10s'), 'How often the registry re-sends endpoints to the load balancer (0: never).'),
  registry: describe(
    optional(
      object({
        ttl: describe(nonNegativeDuration({ positive: true }), 'Silence after which an instance is marked unhealthy and loses its traffic.'),
        heartbeatEvery: describe(withDefault(nonNegativeDuration({ positive: true }), 5_000_000, '5s'), "How often each zone sends its instances' heartbeats."),
        removeAfter: describe(optional(nonNegativeDuration({ positive: true })), 'Silence after which an instance is removed (default 3 × ttl).'),
        trustSenderClock: describe(withDefault(boolean(), false), "Use the sender's wall-clock timestamp (clock skew then shifts every expiry)."),
      }),
    ),
    "Run a TTL-heartbeat registry (lib/registry) as the source of endpoints, instead of publishing the cluster's ready instances on every change.",
  ),
});

const clock = object({
  offset: describe(withDefault(signedDuration, 0, '0s'), 'Wall-clock offset from true time, e.g. "-2s".'),
  drift: describe(withDefault(number({ min: -100_000, max: 100_000 }), 0), 'Rate error in ppm (50: gains 50 µs per second).'),
});

const at = describe(nonNegativeDuration(), 'When the step happens.');
const undoAfter = describe(optional(nonNegativeDuration({ positive: true })), 'Undo the step this long after it.');
const oneWay = withDefault(boolean(), false);
const selector = {
  service: optional(name),
  zone: optional(name),
  fraction: optional(number({ exclusiveMin: 0, max: 1 })),
  count: optional(number({ integer: true, min: 1 })),
};

/** One scenario step, told apart by `action`. */
const scenarioStep = tagged('action', {
  partition: object({ at, action: tag('partition'), between: hostSets, oneWay, for: undoAfter }),
  repair: object({ at, action: tag('repair'), between: hostSets, oneWay }),
  hold: object({ at, action: tag('hold'), between: hostSets, oneWay, for: undoAfter }),
  release: object({ at, action: tag('release'), between: hostSets, oneWay }),
  heal: object({ at, action: tag('heal') }),
  crash: object({ at, action: tag('crash'), ...selector, for: undoAfter }),
  restart: object({ at, action: tag('restart'), service: optional(name) }),
  'zone-outage': object({
    at,
    action: tag('zone-outage'),
    zone: name,
    replaceAfter: describe(
      withDefault(nonNegativeDuration(), 300_000_000, '5m'),
      'Delay before lost instances are replaced elsewhere (Kubernetes evicts after 5m).',
    ),
    for: undoAfter,
  }),
  'zone-recover': object({ at, action: tag('zone-recover'), zone: name }),
  drain: object({ at, action: tag('drain'), ...selector }),
  degrade: object({ at, action: tag('degrade'), ...selector, slowdown: number({ min: 1 }), for: undoAfter }),
  hang: object({ at, action: tag('hang'), ...selector, for: undoAfter }),
  restore: object({ at, action: tag('restore'), service: optional(name), zone: optional(name) }),
  deploy: object({ at, action: tag('deploy'), service: name, version: name, fraction: withDefault(number({ exclusiveMin: 0, max: 1 }), 1), for: undoAfter }),
  rollback: object({ at, action: tag('rollback'), service: name }),
  'slow-start': object({ at, action: tag('slow-start'), service: optional(name), factor: number({ exclusiveMin: 0 }), for: undoAfter }),
  'scale-load': object({ at, action: tag('scale-load'), service: optional(name), factor: number({ min: 0 }), for: undoAfter }),
  'clock-jump': object({ at, action: tag('clock-jump'), host: hostName, by: signedDuration }),
});

/**
 * Cross-field checks of the issue-3 fields: every service, zone, version and
 * host a scenario, link rule or clock names exists. Returns the first error.
 */
function checkWorldReferences(exp: {
  readonly services: readonly {
    readonly name: string;
    readonly zones: readonly string[];
    readonly capacity: { readonly serviceTime: Parameters<typeof meanOf>[0] };
  }[];
  readonly controllers: Readonly<Record<string, unknown>>;
  readonly network: Infer<typeof network>;
  readonly clocks: Readonly<Record<string, unknown>>;
  readonly scenario: readonly Infer<typeof scenarioStep>[];
}): ConfigError | undefined {
  for (const [i, s] of exp.services.entries()) {
    if (!(meanOf(s.capacity.serviceTime) > 0))
      return new ConfigError(`services[${i}].capacity.serviceTime`, 'a service time with a mean > 0', describeValue(s.capacity.serviceTime));
  }
  const services = exp.services.map((s) => s.name);
  const zones = [...new Set(exp.services.flatMap((s) => s.zones))];
  for (const [region, members] of Object.entries(exp.network.regions)) {
    for (const [j, z] of members.entries()) {
      if (!zones.includes(z)) return new ConfigError(`network.regions.${region}[${j}]`, `one of the zones ${zones.join(', ')}`, JSON.stringify(z));
    }
  }
  const topology = new Topology(worldTopology({ controllers: Object.keys(exp.controllers), zones, regions: exp.network.regions, hosts: exp.network.hosts }));
  const hosts = (names: readonly string[], path: string): ConfigError | undefined => {
    for (const [j, n] of names.entries()) {
      try {
        topology.resolve([n]);
      } catch (e) {
        if (e instanceof UnknownHostError) return new ConfigError(`${path}[${j}]`, `a host or group: one of ${topology.names().join(', ')}`, JSON.stringify(n));
        throw e;
      }
    }
    return undefined;
  };
  for (const [i, l] of exp.network.links.entries()) {
    const err = hosts(l.from, `network.links[${i}].from`) ?? hosts(l.to, `network.links[${i}].to`);
    if (err) return err;
  }
  for (const name of Object.keys(exp.clocks)) {
    const err = hosts([name], 'clocks');
    if (err) return new ConfigError(`clocks.${name}`, err.expected, err.received);
  }
  const known = (value: string | undefined, list: readonly string[], path: string, what: string) =>
    value !== undefined && !list.includes(value) ? new ConfigError(path, `one of the ${what} ${list.join(', ')}`, JSON.stringify(value)) : undefined;
  for (const [i, step] of exp.scenario.entries()) {
    const p = `scenario[${i}]`;
    let err: ConfigError | undefined;
    if ('between' in step) err = hosts(step.between[0], `${p}.between[0]`) ?? hosts(step.between[1], `${p}.between[1]`);
    if (!err && 'service' in step) err = known(step.service, services, `${p}.service`, 'services');
    if (!err && 'zone' in step) err = known(step.zone, zones, `${p}.zone`, 'zones');
    if (!err && step.action === 'clock-jump') err = hosts([step.host], `${p}.host`);
    if (!err && 'fraction' in step && 'count' in step && step.fraction !== undefined && step.count !== undefined) {
      err = new ConfigError(`${p}.count`, 'either fraction or count, not both', describeValue(step.count));
    }
    if (err) return err;
  }
  return undefined;
}

const cache = object({
  keys: describe(number({ integer: true, min: 1 }), 'Distinct request keys, key-0 … key-(keys−1), hottest first.'),
  zipf: describe(withDefault(number({ min: 0 }), 1), 'Zipf exponent of key popularity: 0 is uniform, about 1 is typical of web caches.'),
  capacity: describe(number({ integer: true, min: 1 }), "Keys one instance's LRU cache holds."),
  missPenalty: describe(withDefault(duration(), 0, '0s'), 'Extra service time of a cache miss (the fetch from the origin).'),
  window: describe(withDefault(duration({ positive: true }), 60_000_000, '1m'), 'Windows the lowest hit ratio (cache_hit_ratio_min) is taken over.'),
  warmup: describe(withDefault(duration(), 300_000_000, '5m'), 'Windows ending before this are left out of cache_hit_ratio_min (the cold start).'),
});

const service = object({
  name: describe(name, 'Service name, unique in the experiment.'),
  initialReplicas: describe(withDefault(number({ integer: true, min: 0 }), 2), 'Ready instances at t = 0.'),
  zones: withDefault(array(name, { minItems: 1 }), ['zone-a', 'zone-b', 'zone-c']),
  version: withDefault(name, 'v1'),
  capacity: object({
    rpsPerInstance: describe(number({ exclusiveMin: 0 }), 'Requests per second one instance serves at 100% utilization.'),
    serviceTime: describe(
      withDefault(durationDistribution, { kind: 'constant', value: 50_000 }, '50ms'),
      'Service time of one request: a duration, or a distribution request-level mode draws from (fluid mode uses its mean).',
    ),
    maxBacklog: describe(withDefault(number({ min: 0 }), 10_000), 'Fluid mode: queued requests past which arrivals are dropped.'),
    concurrency: describe(
      optional(number({ integer: true, min: 1 })),
      'Request-level: requests one instance serves at once (default rpsPerInstance × mean serviceTime).',
    ),
    queueLimit: describe(withDefault(number({ integer: true, min: 0 }), 1000), 'Request-level: requests that may wait at one instance; more are dropped.'),
  }),
  startupDelay: describe(withDefault(durationDistribution, { kind: 'constant', value: 30_000_000 }, '30s'), 'Time from creation to ready.'),
  drainTime: withDefault(duration(), 30_000_000, '30s'),
  load: describe(array(loadShape, { minItems: 1 }), 'Offered load: the sum of these shapes.'),
  balancer: describe(withDefault(oneOf(ROUTING_POLICIES), 'round-robin'), 'How the load balancer picks an instance.'),
  churn: describe(optional(churn), 'Random crashes: { mtbf, restartDelay }.'),
  versions: describe(withDefault(record(versionProfile, { keyPattern: NAME }), {}), 'Behaviour of named versions, e.g. a bad one: { v2: { errorRate: 0.2 } }.'),
  probePeriod: describe(
    withDefault(duration({ positive: true }), 10_000_000, '10s'),
    'Active health-probe period (Kubernetes periodSeconds): a hung instance fails one probe per period.',
  ),
  cache: describe(
    optional(cache),
    'Request keys and per-instance LRU caches (request fidelity only): requests are routed by key once a hashring controller sets a table.',
  ),
});

/** The experiment file format, version 1. The one source of truth for validation, types and the JSON Schema. */
export const experimentSchema = refine(
  object({
    $schema: optional(string()),
    name: describe(string({ minLength: 1 }), 'Experiment name, shown in reports.'),
    description: withDefault(string(), ''),
    seed: describe(withDefault(number({ integer: true, min: 0 }), 1), 'Root seed: the same config and seed give byte-identical outputs.'),
    horizon: describe(duration({ positive: true }), 'Virtual time the run covers, e.g. "2h".'),
    tick: describe(withDefault(duration({ positive: true }), 1_000_000, '1s'), 'Data-plane step of fluid mode.'),
    sampleEvery: describe(withDefault(duration({ positive: true }), 10_000_000, '10s'), 'Interval of time-series rows.'),
    fidelity: describe(
      withDefault(oneOf(['fluid', 'request']), 'fluid'),
      'fluid: per-tick rates (long horizons); request: every request an event (exact percentiles).',
    ),
    slo: withDefault(
      object({
        latency: duration({ positive: true }),
        target: describe(
          optional(number({ min: 0, max: 0.999999 })),
          'Fraction of requests that must be good (default 0.99); error_budget_burn spends 1 − target.',
        ),
      }),
      { latency: 250_000 },
      { latency: '250ms' },
    ),
    analysis: describe(
      withDefault(
        object({
          warmup: describe(
            withDefault(duration(), 0, '0s'),
            'Leave the start-up transient out of every summary metric: ticks and actions before this do not count.',
          ),
          window: describe(optional(duration({ positive: true })), 'Count only this long after the warm-up (default: to the horizon).'),
        }),
        { warmup: 0 },
        {},
      ),
      'The analysed interval of the summary metrics.',
    ),
    metrics: withDefault(
      object({ scrapeInterval: withDefault(duration({ positive: true }), 15_000_000, '15s'), delay: withDefault(duration(), 0, '0s') }),
      { scrapeInterval: 15_000_000, delay: 0 },
      { scrapeInterval: '15s', delay: '0s' },
    ),
    services: array(service, { minItems: 1 }),
    network: describe(withDefault(network, network.parse({}, 'network'), {}), 'Hosts, regions, link latency and loss.'),
    clocks: describe(withDefault(record(clock, { keyPattern: HOST }), {}), 'Clock skew and drift per host or group.'),
    scenario: describe(
      withDefault(array(scenarioStep), []),
      'Timeline of faults: [{ at: 30m, action: partition, between: [[autoscaler], [metrics]], for: 5m }, ...].',
    ),
    controllers: withDefault(record(controllerSchema, { keyPattern: NAME }), {}),
    sweep: describe(optional(sweepSchema), 'Knobs to vary and seeds to run them with, for ctrlsim sweep.'),
    live: describe(optional(liveSchema), 'Real adapters for ctrlsim live: where observations come from and what carries out actions.'),
    properties: describe(withDefault(propertiesSchema, []), 'Safety, liveness and budget properties every run is checked against, beside the built-in ones.'),
    explore: describe(optional(exploreSchema), 'Bounds of the random fault schedules ctrlsim explore draws.'),
  }),
  (exp) => {
    // A tick longer than the horizon never fires: no load would arrive and the run would still exit 0.
    if (exp.tick > exp.horizon)
      return new ConfigError('tick', `a duration ≤ horizon (${formatDuration(exp.horizon)})`, JSON.stringify(formatDuration(exp.tick)));
    if (exp.sampleEvery > exp.horizon)
      return new ConfigError('sampleEvery', `a duration ≤ horizon (${formatDuration(exp.horizon)})`, JSON.stringify(formatDuration(exp.sampleEvery)));
    const names = new Set<string>();
    for (const [i, s] of exp.services.entries()) {
      if (names.has(s.name)) return new ConfigError(`services[${i}].name`, 'a name not used by another service', JSON.stringify(s.name));
      names.add(s.name);
    }
    for (const [key, c] of Object.entries(exp.controllers)) {
      if (!names.has(c.service))
        return new ConfigError(`controllers.${key}.service`, `one of the services ${[...names].join(', ')}`, JSON.stringify(c.service));
    }
    const cached = exp.services.filter((s) => s.cache !== undefined).map((s) => s.name);
    if (cached.length > 0 && exp.fidelity !== 'request') {
      return new ConfigError(
        'fidelity',
        `"request": service ${cached[0]} has a cache, and request keys exist only at request level`,
        JSON.stringify(exp.fidelity),
      );
    }
    for (const [key, c] of Object.entries(exp.controllers)) {
      if (c.kind === 'hashring' && !cached.includes(c.service)) {
        const hint =
          cached.length > 0
            ? `one of the services with a cache: ${cached.join(', ')}`
            : 'a service with a cache (services[].cache), whose requests carry keys to route';
        return new ConfigError(`controllers.${key}.service`, hint, JSON.stringify(c.service));
      }
    }
    return checkWorldReferences(exp);
  },
);

/** A parsed, validated experiment (durations in µs). */
export type Experiment = Infer<typeof experimentSchema>;
/** One service of an experiment. */
export type ExperimentService = Experiment['services'][number];
/** One controller of an experiment. */
export type ExperimentController = Experiment['controllers'][string];

/** The experiment format as a JSON Schema document. */
export function experimentJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://ctrlsim.dev/schema/experiment-v1.json',
    title: 'ctrlsim experiment',
    ...(experimentSchema as Schema<Experiment>).json(),
  };
}
