import { ConfigError } from '../schema/config-error.js';
import type { Infer, Schema } from '../schema/schema.js';
import {
  array, describe, duration, number, object, oneOf, optional, record, refine, string, tag, tagged, withDefault,
} from '../schema/schema.js';
import { controllerSchema } from './controller-schema.js';
import { durationDistribution } from './distributions.js';
import { sweepSchema } from './sweep-schema.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const name = string({ pattern: NAME, form: 'a name of letters, digits, ".", "_" or "-"' });
const rps = number({ min: 0 });

const loadShape = tagged('shape', {
  constant: object({ shape: tag('constant'), rps }),
  step: object({ shape: tag('step'), steps: array(object({ at: duration(), rps }), { minItems: 1 }) }),
  ramp: object({ shape: tag('ramp'), from: rps, to: rps, start: duration(), duration: duration({ positive: true }) }),
  diurnal: object({
    shape: tag('diurnal'),
    mean: rps,
    amplitude: rps,
    period: withDefault(duration({ positive: true }), 86_400_000_000, '24h'),
    phase: withDefault(duration(), 0, '0s'),
  }),
  spike: object({
    shape: tag('spike'),
    at: duration(),
    rps,
    rise: withDefault(duration(), 60_000_000, '1m'),
    hold: withDefault(duration(), 600_000_000, '10m'),
    decay: withDefault(duration(), 300_000_000, '5m'),
  }),
});

const service = object({
  name: describe(name, 'Service name, unique in the experiment.'),
  initialReplicas: describe(withDefault(number({ integer: true, min: 0 }), 2), 'Ready instances at t = 0.'),
  zones: withDefault(array(name, { minItems: 1 }), ['zone-a', 'zone-b', 'zone-c']),
  version: withDefault(name, 'v1'),
  capacity: object({
    rpsPerInstance: describe(number({ exclusiveMin: 0 }), 'Requests per second one instance serves at 100% utilization.'),
    serviceTime: withDefault(duration({ positive: true }), 50_000, '50ms'),
    maxBacklog: describe(withDefault(number({ min: 0 }), 10_000), 'Queued requests past which arrivals are dropped.'),
  }),
  startupDelay: describe(withDefault(durationDistribution, { kind: 'constant', value: 30_000_000 }, '30s'), 'Time from creation to ready.'),
  drainTime: withDefault(duration(), 30_000_000, '30s'),
  load: describe(array(loadShape, { minItems: 1 }), 'Offered load: the sum of these shapes.'),
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
    fidelity: withDefault(oneOf(['fluid']), 'fluid'),
    slo: withDefault(object({ latency: duration({ positive: true }) }), { latency: 250_000 }, { latency: '250ms' }),
    metrics: withDefault(
      object({ scrapeInterval: withDefault(duration({ positive: true }), 15_000_000, '15s'), delay: withDefault(duration(), 0, '0s') }),
      { scrapeInterval: 15_000_000, delay: 0 },
      { scrapeInterval: '15s', delay: '0s' },
    ),
    services: array(service, { minItems: 1 }),
    controllers: withDefault(record(controllerSchema, { keyPattern: NAME }), {}),
    sweep: describe(optional(sweepSchema), 'Knobs to vary and seeds to run them with, for ctrlsim sweep.'),
  }),
  (exp) => {
    const names = new Set<string>();
    for (const [i, s] of exp.services.entries()) {
      if (names.has(s.name)) return new ConfigError(`services[${i}].name`, 'a name not used by another service', JSON.stringify(s.name));
      names.add(s.name);
    }
    for (const [key, c] of Object.entries(exp.controllers)) {
      if (!names.has(c.service)) return new ConfigError(`controllers.${key}.service`, `one of the services ${[...names].join(', ')}`, JSON.stringify(c.service));
    }
    return undefined;
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
