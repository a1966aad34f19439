import type { Infer } from '../schema/schema.js';
import { array, boolean, describe, duration, number, object, optional, record, string, tag, tagged, withDefault } from '../schema/schema.js';
import { NAME_PATTERN } from './names.js';

/** The metric names controllers read, which a Prometheus query may feed. */
export const LIVE_METRICS = ['rps', 'cpu_utilization', 'latency_ms', 'error_rate'] as const;

const url = string({ pattern: /^https?:\/\/[^\s]+$/, form: 'an http:// or https:// URL' });
const query = string({ minLength: 1, form: 'a PromQL expression' });

const prometheus = object({
  kind: tag('prometheus'),
  url: describe(url, 'Base URL of the Prometheus server, e.g. http://127.0.0.1:9090.'),
  queries: describe(
    record(
      object({
        rps: optional(query),
        cpu_utilization: optional(query),
        latency_ms: optional(query),
        error_rate: optional(query),
      }),
      { keyPattern: NAME_PATTERN },
    ),
    'Per service: instant PromQL queries for rps, cpu_utilization, latency_ms, error_rate. A result series carrying the instance label becomes a per-instance metric; one without it a service metric.',
  ),
  instanceLabel: describe(withDefault(string({ minLength: 1 }), 'pod'), 'Label whose value names the instance (pod) a series belongs to.'),
});

const processPool = object({
  kind: tag('process-pool'),
  services: describe(
    record(
      object({
        command: describe(
          array(string({ minLength: 1 }), { minItems: 1 }),
          'Command and arguments of one worker; it gets PORT, INSTANCE and SERVICE in its environment.',
        ),
        portBase: describe(
          number({ integer: true, min: 1024, max: 65000 }),
          'Workers listen on the lowest free loopback ports from portBase up; a port a worker died on before it was ready is skipped from then on.',
        ),
        readinessPath: describe(withDefault(string({ minLength: 1 }), '/healthz'), 'HTTP path that answers 200 once a worker is ready.'),
        maxReplicas: describe(withDefault(number({ integer: true, min: 1, max: 200 }), 20), 'Hard cap on workers, whatever a controller asks.'),
        targetsFile: describe(
          optional(string({ minLength: 1 })),
          'Prometheus file_sd target file the pool rewrites as workers come and go (relative to the experiment file).',
        ),
      }),
      { keyPattern: NAME_PATTERN },
    ),
    'Per service: the worker command and where its workers listen.',
  ),
});

const kubernetes = object({
  kind: tag('kubernetes'),
  namespace: describe(withDefault(string({ minLength: 1 }), 'default'), 'Namespace of the Deployments (and the Lease).'),
  deployments: describe(
    record(string({ minLength: 1 }), { keyPattern: NAME_PATTERN }),
    'Service name → Deployment name to scale through its scale subresource.',
  ),
  selectors: describe(
    withDefault(record(string({ minLength: 1 }), { keyPattern: NAME_PATTERN }), {}),
    'Service name → pod label selector (default app=<deployment>), for listing instances.',
  ),
  dryRun: describe(withDefault(boolean(), false), 'Log what would be scaled and send requests with dryRun=All; change nothing.'),
  lease: describe(
    optional(
      object({
        name: string({ minLength: 1 }),
        identity: optional(string({ minLength: 1 })),
        duration: withDefault(duration({ positive: true }), 15_000_000, '15s'),
      }),
    ),
    'Hold this coordination.k8s.io Lease while acting (leader election); act only while holding it.',
  ),
});

/** The `live:` section of an experiment file: which real adapters `ctrlsim live` drives the controllers with. */
export const liveSchema = object({
  duration: describe(optional(duration({ positive: true })), 'Wall-clock length of a live run (default: the horizon); Ctrl-C ends it early.'),
  observe: describe(tagged('kind', { prometheus }), 'Where observations come from.'),
  actuate: describe(tagged('kind', { 'process-pool': processPool, kubernetes }), 'What carries out actions.'),
  load: describe(
    withDefault(
      object({ enabled: withDefault(boolean(), false), timeout: withDefault(duration({ positive: true }), 5_000_000, '5s') }),
      { enabled: false, timeout: 5_000_000 },
      { enabled: false },
    ),
    "Process pool only: drive each service's `load` shapes at its ready workers with a seeded open-loop generator and record what clients saw.",
  ),
  timeout: describe(
    withDefault(duration({ positive: true }), 3_000_000, '3s'),
    'Longest one observation or action may take before it counts as a transient failure.',
  ),
});

/** A parsed `live:` section. */
export type LiveSpec = Infer<typeof liveSchema>;
