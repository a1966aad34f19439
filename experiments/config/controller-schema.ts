import { ConfigError, describeValue } from '../schema/config-error.js';
import type { Infer, Schema } from '../schema/schema.js';
import {
  array, boolean, describe, duration, number, object, oneOf, optional, refine, string, tag, tagged, withDefault,
} from '../schema/schema.js';
import { nameSchema } from './names.js';

/** Policies any controller's actions can be governed by (all optional). */
const governorSchema = object({
  rateLimit: optional(describe(object({
    qps: describe(number({ exclusiveMin: 0 }), 'Actions per second the bucket refills (client-go BucketRateLimiter qps), > 0.'),
    burst: describe(number({ integer: true, min: 1 }), 'Bucket size and initial tokens, an integer ≥ 1.'),
  }), 'A token bucket over all of this controller\'s actions.')),
  cooldown: optional(describe(duration({ positive: true }), 'Minimum gap between two actions of the same kind on the same target.')),
  hysteresis: optional(describe(object({
    threshold: describe(number({ min: 0 }), 'A scale change must exceed this many replicas...'),
    dwell: describe(duration(), '...and be wanted in the same direction this long.'),
  }), 'Dead band and dwell time on scale changes.')),
});

/** The parsed `governor` field. */
export type GovernorConfig = Infer<typeof governorSchema>;

const minMax = <T extends { minReplicas: number; maxReplicas: number }>(s: Schema<T>): Schema<T> =>
  refine(s, (c, path) =>
    c.maxReplicas < c.minReplicas ? new ConfigError(`${path}.maxReplicas`, `an integer ≥ minReplicas (${c.minReplicas})`, describeValue(c.maxReplicas)) : undefined,
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
          target: object({ type: tag('Utilization'), averageUtilization: describe(number({ integer: true, min: 1 }), 'Target CPU utilization, percent of request.') }),
        }),
        { minItems: 1 },
      ),
      [],
    ),
    behavior: optional(object({ scaleUp: optional(scalingRules), scaleDown: optional(scalingRules) })),
    syncPeriod: describe(withDefault(duration({ positive: true }), 15_000_000, '15s'), '--horizontal-pod-autoscaler-sync-period'),
    governor: optional(governorSchema),
    tolerance: describe(withDefault(number({ min: 0, max: 1 }), 0.1), '--horizontal-pod-autoscaler-tolerance'),
    downscaleStabilization: describe(withDefault(duration(), 300_000_000, '5m'), '--horizontal-pod-autoscaler-downscale-stabilization (legacy path and default scaleDown window)'),
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
  module: describe(string({ minLength: 1 }), 'Path to a .js, .mjs or .ts module, relative to the experiment file, whose default export is a controller factory.'),
  options: withDefault(
    { expected: 'an object of options passed to the factory', parse: (v, p) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(p, 'an object of options passed to the factory', describeValue(v));
      return v as Record<string, unknown>;
    }, json: () => ({ type: 'object' }) } as Schema<Record<string, unknown>>,
    {},
  ),
  syncPeriod: withDefault(duration({ positive: true }), 15_000_000, '15s'),
    governor: optional(governorSchema),
  enabled: withDefault(boolean(), true),
});

/** A controller entry of an experiment: one of the built-in kinds, or your own module. */
export const controllerSchema = tagged('kind', {
  'target-utilization': targetUtilization,
  hpa,
  'step-scaling': stepScaling,
  module: bringYourOwn,
});

/** The controller kinds, with one line each for `ctrlsim list`. */
export const CONTROLLER_KINDS: Readonly<Record<string, string>> = {
  'target-utilization': 'target tracking with tolerance and per-direction cooldowns',
  hpa: 'Kubernetes HorizontalPodAutoscaler (autoscaling/v2 spec and behavior; exact upstream decisions)',
  'step-scaling': 'AWS-style step scaling: alarms, breach-sized steps, cooldowns',
  module: 'your own controller: a module implementing the runtime port',
};
