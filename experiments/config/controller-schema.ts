import { ConfigError, describeValue } from '../schema/config-error.js';
import type { Infer, Schema } from '../schema/schema.js';
import { array, boolean, describe, duration, number, object, oneOf, optional, refine, string, tag, tagged, withDefault } from '../schema/schema.js';
import { nameSchema } from './names.js';

/** Policies any controller's actions can be governed by (all optional). */
const governorSchema = object({
  rateLimit: optional(
    describe(
      object({
        qps: describe(number({ exclusiveMin: 0 }), 'Actions per second the bucket refills (client-go BucketRateLimiter qps), > 0.'),
        burst: describe(number({ integer: true, min: 1 }), 'Bucket size and initial tokens, an integer ≥ 1.'),
      }),
      "A token bucket over all of this controller's actions.",
    ),
  ),
  cooldown: optional(describe(duration({ positive: true }), 'Minimum gap between two actions of the same kind on the same target.')),
  backoff: optional(
    describe(
      object({
        initial: describe(duration({ positive: true }), 'First delay after an action (client-go NewExponentialBackoffManager initBackoff).'),
        cap: describe(duration({ positive: true }), 'Largest delay (maxBackoff).'),
        factor: describe(withDefault(number({ min: 1 }), 2), 'Growth per repeated action, ≥ 1.'),
        jitter: describe(withDefault(number({ min: 0 }), 0), 'Each delay stretched by up to jitter·delay at random, ≥ 0.'),
        reset: describe(duration({ positive: true }), 'A key idle this long starts again from initial (resetDuration).'),
        scope: describe(
          withDefault(oneOf(['action', 'kind']), 'action'),
          'One backoff per action key (scale:web, replace:web-3) or per action kind (scale, replace).',
        ),
      }),
      "Exponential backoff between repeated actions, as client-go's exponential backoff manager.",
    ),
  ),
  hysteresis: optional(
    describe(
      object({
        threshold: describe(number({ min: 0 }), 'A scale change must exceed this many replicas...'),
        dwell: describe(duration(), '...and be wanted in the same direction this long.'),
      }),
      'Dead band and dwell time on scale changes.',
    ),
  ),
});

/** The parsed `governor` field. */
export type GovernorConfig = Infer<typeof governorSchema>;

const minMax = <T extends { minReplicas: number; maxReplicas: number }>(s: Schema<T>): Schema<T> =>
  refine(s, (c, path) =>
    c.maxReplicas < c.minReplicas
      ? new ConfigError(`${path}.maxReplicas`, `an integer ≥ minReplicas (${c.minReplicas})`, describeValue(c.maxReplicas))
      : undefined,
  );

const targetUtilization = minMax(
  object({
    kind: tag('target-utilization'),
    service: nameSchema,
    metric: withDefault(string({ minLength: 1 }), 'cpu_utilization'),
    target: describe(number({ exclusiveMin: 0, max: 1 }), 'Target utilization as a fraction, e.g. 0.6.'),
    tolerance: withDefault(number({ min: 0, max: 1 }), 0.1),
    minReplicas: withDefault(number({ integer: true, min: 1 }), 1),
    maxReplicas: number({ integer: true, min: 1 }),
    syncPeriod: withDefault(duration({ positive: true }), 15_000_000, '15s'),
    governor: optional(governorSchema),
    scaleUpCooldown: withDefault(duration(), 0, '0s'),
    scaleDownCooldown: withDefault(duration(), 300_000_000, '5m'),
  }),
);

// autoscaling/v2 field names and API validation limits, so a spec can be pasted from a cluster.
const scalingPolicy = object({
  type: oneOf(['Pods', 'Percent']),
  value: describe(number({ integer: true, min: 1 }), 'Pods or percent allowed per period (> 0).'),
  periodSeconds: describe(number({ integer: true, min: 1, max: 1800 }), 'Length of the sliding period, in (0, 1800] seconds.'),
});
const scalingRules = object({
  stabilizationWindowSeconds: optional(describe(number({ integer: true, min: 0, max: 3600 }), 'Seconds of recommendations to consider, in [0, 3600].')),
  selectPolicy: optional(oneOf(['Max', 'Min', 'Disabled'])),
  policies: optional(array(scalingPolicy, { minItems: 1 })),
  tolerance: optional(number({ min: 0 })),
});
const hpa = minMax(
  object({
    kind: tag('hpa'),
    service: nameSchema,
    minReplicas: withDefault(number({ integer: true, min: 1 }), 1),
    maxReplicas: number({ integer: true, min: 1 }),
    metrics: withDefault(
      array(
        object({
          type: tag('Resource'),
          resource: tag('cpu'),
          target: object({
            type: tag('Utilization'),
            averageUtilization: describe(number({ integer: true, min: 1 }), 'Target CPU utilization, percent of request.'),
          }),
        }),
        { minItems: 1 },
      ),
      [],
    ),
    behavior: optional(object({ scaleUp: optional(scalingRules), scaleDown: optional(scalingRules) })),
    syncPeriod: describe(withDefault(duration({ positive: true }), 15_000_000, '15s'), '--horizontal-pod-autoscaler-sync-period'),
    governor: optional(governorSchema),
    tolerance: describe(withDefault(number({ min: 0, max: 1 }), 0.1), '--horizontal-pod-autoscaler-tolerance'),
    downscaleStabilization: describe(
      withDefault(duration(), 300_000_000, '5m'),
      '--horizontal-pod-autoscaler-downscale-stabilization (legacy path and default scaleDown window)',
    ),
    cpuInitializationPeriod: withDefault(duration(), 300_000_000, '5m'),
    initialReadinessDelay: withDefault(duration(), 30_000_000, '30s'),
  }),
);

const stepAdjustment = object({ lower: optional(number()), upper: optional(number()), adjustment: number() });
const stepPolicy = object({
  threshold: number(),
  steps: array(stepAdjustment, { minItems: 1 }),
  adjustmentType: withDefault(oneOf(['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity']), 'ChangeInCapacity'),
  minAdjustmentMagnitude: optional(number({ integer: true, min: 1 })),
  cooldown: withDefault(duration(), 300_000_000, '5m'),
});
const stepScaling = minMax(
  object({
    kind: tag('step-scaling'),
    service: nameSchema,
    metric: withDefault(string({ minLength: 1 }), 'cpu_utilization'),
    minReplicas: withDefault(number({ integer: true, min: 1 }), 1),
    maxReplicas: number({ integer: true, min: 1 }),
    syncPeriod: withDefault(duration({ positive: true }), 60_000_000, '1m'),
    governor: optional(governorSchema),
    scaleOut: optional(stepPolicy),
    scaleIn: optional(stepPolicy),
  }),
);

const bringYourOwn = object({
  kind: tag('module'),
  service: describe(nameSchema, 'The service the controller acts on (checked against services).'),
  module: describe(
    string({ minLength: 1 }),
    'Path to a .js, .mjs or .ts module, relative to the experiment file, whose default export is a controller factory.',
  ),
  options: withDefault(
    {
      expected: 'an object of options passed to the factory',
      parse: (v, p) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(p, 'an object of options passed to the factory', describeValue(v));
        return v as Record<string, unknown>;
      },
      json: () => ({ type: 'object' }),
    } as Schema<Record<string, unknown>>,
    {},
  ),
  syncPeriod: withDefault(duration({ positive: true }), 15_000_000, '15s'),
  governor: optional(governorSchema),
  enabled: withDefault(boolean(), true),
});

// --- rollouts and the hash ring (issue 5) -----------------------------------

/**
 * Kubernetes' IntOrString for maxSurge/maxUnavailable: an integer ≥ 0, or a
 * percentage string. `lenient` also takes a bare "25" as 25%, as Argo
 * Rollouts reads its canary fields.
 */
const intOrPercent = (syntax: 'strict' | 'lenient'): Schema<number | string> => {
  const re = syntax === 'strict' ? /^\d+%$/ : /^\d+%?$/;
  const expected = syntax === 'strict' ? 'an integer ≥ 0 or a percentage like "25%"' : 'an integer ≥ 0 or a percentage like "25%" (or "25")';
  return {
    expected,
    parse(value, path) {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
      if (typeof value === 'string' && re.test(value.trim())) return value.trim();
      throw new ConfigError(path, expected, describeValue(value));
    },
    json: () => ({
      oneOf: [
        { type: 'integer', minimum: 0 },
        { type: 'string', pattern: re.source },
      ],
    }),
  };
};

const count = (min: number) => number({ integer: true, min });

/** An analysis metric: Argo's schedule and limits, judging one observed metric of the new version against thresholds. */
const analysisMetric = refine(
  object({
    name: describe(string({ minLength: 1 }), 'Metric name, unique within its analysis.'),
    metric: describe(withDefault(string({ minLength: 1 }), 'error_rate'), 'Observed per-version metric: error_rate, latency_ms, rps.'),
    successMax: describe(number(), 'A measurement succeeds when the value is ≤ this (Argo successCondition result <= x).'),
    failAbove: describe(
      optional(number()),
      'A measurement fails when the value is > this; between successMax and this it is Inconclusive. Default successMax.',
    ),
    maxAge: describe(optional(duration({ positive: true })), 'A sample older than this counts as no data (an Error measurement).'),
    interval: describe(optional(duration({ positive: true })), 'Time between measurements; absent: measure once.'),
    count: describe(optional(count(0)), 'Measurements to take; absent or 0: until the analysis stops (1 without interval).'),
    initialDelay: optional(duration()),
    failureLimit: describe(withDefault(count(0), 0), 'Failed measurements tolerated.'),
    inconclusiveLimit: describe(withDefault(count(0), 0), 'Inconclusive measurements tolerated.'),
    consecutiveErrorLimit: describe(withDefault(count(0), 4), 'Errored measurements in a row tolerated.'),
    dryRun: withDefault(boolean(), false),
  }),
  (m, path) =>
    m.failAbove !== undefined && m.failAbove < m.successMax
      ? new ConfigError(`${path}.failAbove`, `a number ≥ successMax (${m.successMax})`, describeValue(m.failAbove))
      : undefined,
);

const analysisMetrics = refine(array(analysisMetric, { minItems: 1 }), (ms, path) => {
  const dup = ms.findIndex((m, i) => ms.findIndex((x) => x.name === m.name) !== i);
  return dup >= 0 ? new ConfigError(`${path}[${dup}].name`, 'a name not used by another metric of this analysis', JSON.stringify(ms[dup]!.name)) : undefined;
});

const CANARY_STEP_KEYS = ['setWeight', 'pause', 'analysis', 'setCanaryScale'] as const;
const canaryStepFields = object({
  setWeight: describe(optional(number({ integer: true, min: 0, max: 100 })), 'Send this percent of traffic (or pods, without traffic routing) to the canary.'),
  pause: describe(optional(object({ duration: optional(duration()) })), 'Hold for a duration, or until resumed when there is none: pause: {}.'),
  analysis: describe(optional(object({ metrics: analysisMetrics })), 'Run an analysis and wait for its verdict.'),
  setCanaryScale: describe(
    optional(object({ replicas: optional(count(0)), weight: optional(count(0)), matchTrafficWeight: optional(boolean()) })),
    'Size the canary apart from its traffic weight (traffic routing only).',
  ),
});
/** One canary step, Argo style: an object with exactly one of setWeight, pause, analysis, setCanaryScale. */
const canaryStep: Schema<Infer<typeof canaryStepFields>> = {
  ...refine(canaryStepFields, (s, path) => {
    const present = CANARY_STEP_KEYS.filter((k) => s[k] !== undefined);
    return present.length === 1
      ? undefined
      : new ConfigError(
          path,
          `an object with exactly one of ${CANARY_STEP_KEYS.join(', ')}`,
          present.length === 0 ? 'none of them' : `${present.join(' and ')}`,
        );
  }),
  expected: `an object with exactly one of ${CANARY_STEP_KEYS.join(', ')}`,
  json: () => ({ ...canaryStepFields.json(), minProperties: 1, maxProperties: 1 }),
};

const noZeroZero = <T extends { maxSurge: number | string; maxUnavailable: number | string }>(s: Schema<T>): Schema<T> =>
  refine(s, (c, path) => {
    const zero = (v: number | string) => v === 0 || (typeof v === 'string' && /^0+%?$/.test(v));
    return zero(c.maxSurge) && zero(c.maxUnavailable)
      ? new ConfigError(`${path}.maxUnavailable`, 'a value other than 0 when maxSurge is 0 (the rollout could never progress)', describeValue(c.maxUnavailable))
      : undefined;
  });

const rolloutCommon = {
  service: describe(nameSchema, 'The service to roll out.'),
  version: describe(nameSchema, 'The version to roll out (its behaviour comes from services[].versions).'),
  startAt: describe(withDefault(duration(), 0, '0s'), 'When the new version is applied.'),
  replicas: describe(optional(count(0)), "spec.replicas; default: the service's replicas when the rollout starts."),
  minReadySeconds: describe(withDefault(count(0), 0), 'Seconds an instance must be ready before it counts as available.'),
  syncPeriod: withDefault(duration({ positive: true }), 5_000_000, '5s'),
};

const rollingUpdate = noZeroZero(
  object({
    kind: tag('rolling-update'),
    ...rolloutCommon,
    maxSurge: describe(withDefault(intOrPercent('strict'), '25%'), 'Instances allowed above replicas while rolling (rounded up).'),
    maxUnavailable: describe(withDefault(intOrPercent('strict'), '25%'), 'Instances allowed below replicas while rolling (rounded down).'),
    progressDeadlineSeconds: describe(withDefault(count(1), 600), 'Seconds without progress before ProgressDeadlineExceeded is logged.'),
  }),
);

const canary = noZeroZero(
  object({
    kind: tag('canary'),
    ...rolloutCommon,
    stableVersion: describe(optional(nameSchema), 'The version being replaced; default: the other version with the most replicas.'),
    maxSurge: withDefault(intOrPercent('lenient'), '25%'),
    maxUnavailable: withDefault(intOrPercent('lenient'), '25%'),
    trafficRouting: describe(
      withDefault(boolean(), true),
      'true: split traffic by weight (shift-traffic); false: pod counts are the split (Argo basic canary).',
    ),
    dynamicStableScale: withDefault(boolean(), false),
    minPodsPerReplicaSet: optional(count(1)),
    abortScaleDownDelaySeconds: describe(withDefault(count(0), 30), 'Seconds an aborted canary keeps its instances (traffic routing); 0 keeps them.'),
    scaleDownDelaySeconds: describe(withDefault(count(0), 30), 'Seconds the old stable keeps its instances after promotion (traffic routing).'),
    steps: describe(withDefault(array(canaryStep), []), 'Argo canary steps: - setWeight: 20, - pause: { duration: 5m }, - analysis: { metrics: [...] }.'),
    analysis: describe(
      optional(object({ startingStep: withDefault(count(0), 0), metrics: analysisMetrics })),
      'Background analysis from startingStep until the rollout ends; Failed or Error aborts, Inconclusive pauses.',
    ),
    operatorResumeAfter: describe(optional(duration()), 'A simulated operator resumes an indefinite or inconclusive pause this long after it began.'),
  }),
);

const blueGreen = object({
  kind: tag('blue-green'),
  ...rolloutCommon,
  activeVersion: describe(optional(nameSchema), 'The version serving users now; default: the other version with the most replicas.'),
  previewReplicaCount: describe(optional(count(1)), 'Preview size before promotion; default replicas.'),
  autoPromotionEnabled: withDefault(boolean(), true),
  autoPromotionSeconds: describe(withDefault(count(0), 0), 'Hold a ready preview this long before promoting.'),
  scaleDownDelaySeconds: describe(withDefault(count(0), 30), 'Seconds the old active keeps its instances after the switch.'),
  abortScaleDownDelaySeconds: describe(withDefault(count(0), 30), 'Seconds an aborted preview keeps its instances; 0 keeps them.'),
  prePromotionAnalysis: describe(
    optional(object({ metrics: analysisMetrics })),
    'Analysis of the preview before the switch; Failed or Error aborts. Request metrics need previewTraffic: without it the preview serves nothing, every measurement is an Error (no data), and after consecutiveErrorLimit the rollout aborts.',
  ),
  previewTraffic: describe(
    withDefault(number({ integer: true, min: 0, max: 99 }), 0),
    'Percent of live traffic routed to the preview while pre-promotion analysis runs, back to the active version when it ends; these requests count as exposure. 0: no traffic, so pre-promotion analysis of error_rate or latency_ms has no data and aborts the rollout.',
  ),
  postPromotionAnalysis: describe(
    optional(object({ metrics: analysisMetrics })),
    'Analysis of the new version after the switch; Failed or Error switches back to the old one, kept until it succeeds.',
  ),
  operatorPromoteAfter: describe(optional(duration()), 'With auto-promotion off, a simulated operator promotes this long after the pause began.'),
});

const HASHRING_ALGORITHMS = ['ring', 'jump', 'rendezvous', 'maglev', 'bounded-load'] as const;
const HASHES = ['fnv1a32', 'fnv1a64', 'murmur3-x86-32', 'murmur3-x64-128', 'xxh32', 'xxh64'] as const;
const hashring = refine(
  object({
    kind: tag('hashring'),
    service: describe(nameSchema, 'The service whose requests are routed by key to its ready instances.'),
    algorithm: withDefault(oneOf(HASHRING_ALGORITHMS), 'ring'),
    hash: optional(oneOf(HASHES)),
    vnodes: describe(
      optional(number({ integer: true, min: 1, max: 65536 })),
      'Virtual nodes per member (ring, bounded-load; default 100; other algorithms ignore it).',
    ),
    tableSize: describe(optional(number({ integer: true, min: 2 })), 'Maglev lookup table size, a prime (default 65537; other algorithms ignore it).'),
    capacityFactor: describe(optional(number({ min: 1 })), 'Bounded-load capacity factor c ≥ 1 (default 1.25; other algorithms ignore it).'),
    sampleKeys: describe(withDefault(count(1), 1000), 'Keys in the sample that measures movement and load.'),
    maxMovedFraction: describe(
      optional(number({ exclusiveMin: 0, max: 1 })),
      'At most this fraction of keys may move per budgetPeriod (additions wait; removals never do).',
    ),
    budgetPeriod: withDefault(duration({ positive: true }), 60_000_000, '1m'),
    syncPeriod: withDefault(duration({ positive: true }), 5_000_000, '5s'),
  }),
  // Options of other algorithms are ignored rather than refused, so one file can sweep the algorithm.
  (h, path) => {
    const size = h.tableSize;
    if (size !== undefined && !isPrime(size)) return new ConfigError(`${path}.tableSize`, 'a prime number', describeValue(size));
    return undefined;
  },
);

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

const selfHealing = object({
  kind: tag('self-healing'),
  service: nameSchema,
  probeFailureThreshold: describe(
    withDefault(number({ integer: true, min: 1 }), 3),
    'Consecutive failed probes that make an instance unhealthy (Kubernetes failureThreshold).',
  ),
  outlierDetection: describe(
    withDefault(
      object({
        enabled: withDefault(boolean(), true),
        minHosts: withDefault(number({ integer: true, min: 1 }), 5),
        minRequests: withDefault(number({ integer: true, min: 0 }), 100),
        stdevFactor: withDefault(number({ exclusiveMin: 0 }), 1.9),
      }),
      { enabled: true, minHosts: 5, minRequests: 100, stdevFactor: 1.9 },
    ),
    "Passive success-rate outlier detection (Envoy's success_rate_* settings).",
  ),
  maxUnavailableFraction: describe(
    withDefault(number({ min: 0, max: 1 }), 0.2),
    'Most of the fleet that may be starting or replaced at once, so a partition cannot make the healer kill the fleet.',
  ),
  syncPeriod: withDefault(duration({ positive: true }), 10_000_000, '10s'),
  governor: optional(governorSchema),
});

/** A controller entry of an experiment: one of the built-in kinds, or your own module. */
export const controllerSchema = tagged('kind', {
  'target-utilization': targetUtilization,
  hpa,
  'step-scaling': stepScaling,
  'rolling-update': rollingUpdate,
  canary,
  'blue-green': blueGreen,
  hashring,
  module: bringYourOwn,
  'self-healing': selfHealing,
});

/** The controller kinds, with one line each for `ctrlsim list`. */
export const CONTROLLER_KINDS: Readonly<Record<string, string>> = {
  'target-utilization': 'target tracking with tolerance and per-direction cooldowns',
  hpa: 'Kubernetes HorizontalPodAutoscaler (autoscaling/v2 spec and behavior; exact upstream decisions)',
  'step-scaling': 'AWS-style step scaling: alarms, breach-sized steps, cooldowns',
  'rolling-update': 'Kubernetes Deployment rolling update: maxSurge/maxUnavailable fenceposts, progress deadline',
  canary: 'Argo Rollouts canary: setWeight/pause/analysis steps, background analysis, abort and rollback',
  'blue-green': 'Argo Rollouts blue-green: preview beside active, auto or manual promotion, scale-down delay',
  hashring: 'routing table kept in step with ready instances (ring, jump, rendezvous, Maglev, bounded-load), key-move budget',
  module: 'your own controller: a module implementing the runtime port',
  'self-healing': 'replaces instances failing probes or ejected as success-rate outliers, capped by maxUnavailableFraction',
};
