/**
 * The metric catalogue: every metric's name, unit, direction and definition,
 * declared once. Runs and sweeps write the entries of their metrics into
 * manifest.json; reports, `recommend` and `compare` read directions and units
 * from here (or from a manifest written from here), never from a list of
 * their own. Pure data and lookups; imports nothing, so every layer may use it.
 */

/** Whether a metric is better low or high. */
export type Direction = 'lower' | 'higher';

/** One metric's declaration. */
export interface MetricInfo {
  /** The metric's column name (for service and controller metrics, the part after `<name>.`). */
  readonly name: string;
  /** Unit, as a reader would write it (`s`, `requests`, `ms`, `1/h`, `instance·h`, `fraction`, `count`). */
  readonly unit: string;
  /** Better low or better high. */
  readonly direction: Direction;
  /** What it measures, with its formula where one helps. */
  readonly definition: string;
  /** Set on the metrics a run report puts at the top: the ones that answer "responsive or thrashing, and at what cost". */
  readonly headline?: Headline;
}

/** What a headline metric speaks to, in the order a run report shows them. */
export const HEADLINE_ASPECTS = ['thrashing', 'responsiveness', 'slo', 'cost'] as const;

/** One of `HEADLINE_ASPECTS`. */
type HeadlineAspect = (typeof HEADLINE_ASPECTS)[number];

/** How a run report headlines a metric. */
interface Headline {
  /** What it speaks to. */
  readonly aspect: HeadlineAspect;
  /** Its label, unit included. */
  readonly label: string;
  /** A short reminder of its definition. */
  readonly hint?: string;
}

const m = (name: string, unit: string, direction: Direction, definition: string, headline?: Headline): MetricInfo => ({
  name,
  unit,
  direction,
  definition,
  ...(headline ? { headline } : {}),
});

/**
 * The run summary metrics, in summary.csv column order. Every one counts only
 * the analysed interval [analysis.warmup, analysis.warmup + analysis.window]
 * (the whole run by default).
 */
export const SUMMARY_CATALOGUE: readonly MetricInfo[] = [
  m('scale_actions', 'count', 'lower', 'Scale actions that changed a desired replica count.'),
  m('flaps_per_hour', '1/h', 'lower', 'Direction reversals of a desired replica count (up then down, or down then up), per hour of the analysed interval.', {
    aspect: 'thrashing',
    label: 'thrashing: flaps / hour',
    hint: 'direction reversals of the desired count',
  }),
  m('replica_churn', 'replicas', 'lower', 'Σ |Δ desired replicas| over all scale actions.', {
    aspect: 'thrashing',
    label: 'replica churn',
    hint: 'Σ |Δ desired|',
  }),
  m('wasted_instance_s', 's', 'lower', 'Lifetime of instances removed within 10 minutes of their creation.'),
  m(
    'reaction_time_s',
    's',
    'lower',
    'Mean length of the stretches in which offered load exceeded ready capacity. Kept for continuity but NOT a responsiveness measure: a controller that oscillates cuts deficits into many short stretches and scores well. Use shortfall_requests and time_to_adequate_s.',
  ),
  m('max_reaction_time_s', 's', 'lower', 'Longest stretch in which offered load exceeded ready capacity.'),
  m('slo_violation_s', 's', 'lower', 'Seconds (tick by tick) in which mean latency exceeded the SLO latency or requests were dropped.', {
    aspect: 'slo',
    label: 'SLO violation (s)',
    hint: 'seconds over the SLO or dropping',
  }),
  m('dropped_requests', 'requests', 'lower', 'Requests dropped (backlog full, no ready instance).', { aspect: 'slo', label: 'dropped requests' }),
  m('served_requests', 'requests', 'higher', 'Requests served.'),
  m('arrived_requests', 'requests', 'higher', 'Requests offered.'),
  m('instance_hours', 'instance·h', 'lower', '∫ live instances dt (starting, ready and draining instances all cost), in hours.', {
    aspect: 'cost',
    label: 'cost: instance-hours',
    hint: '∫ live instances dt',
  }),
  m('mean_utilization', 'fraction', 'higher', 'Time-average busy fraction of ready capacity.'),
  m('stale_routes', 'requests', 'lower', 'Requests routed to an instance no longer serving (stale endpoints); they fail.'),
  m(
    'false_evictions',
    'count',
    'lower',
    'Eviction episodes of live, ready instances: from the registry marking a serving instance unhealthy to publishing it healthy again; one per episode, not one per heartbeat.',
  ),
  m(
    'shortfall_requests',
    'requests',
    'lower',
    '∫ max(0, offered rps − ready capacity rps) dt: the load that found no ready capacity, whatever its cause. Oscillating cannot lower it: every scale-down that undershoots adds to it.',
    { aspect: 'responsiveness', label: 'responsiveness: shortfall (requests)', hint: '∫ max(0, offered − ready capacity) dt' },
  ),
  m(
    'time_to_adequate_s',
    's',
    'lower',
    'Mean time from the start of a capacity deficit (offered > ready capacity) until ready capacity has covered offered load for 60 s without a break; deficits less than 60 s apart are one episode, so oscillating lengthens it instead of cutting it up.',
    { aspect: 'responsiveness', label: 'time to adequate capacity (s)', hint: 'mean deficit episode, gaps under 60 s merged' },
  ),
  m('max_time_to_adequate_s', 's', 'lower', 'Longest such episode (see time_to_adequate_s).', {
    aspect: 'responsiveness',
    label: 'longest time to adequate (s)',
    hint: 'longest deficit episode',
  }),
  m('overprovisioned_rps_s', 'rps·s', 'lower', '∫ max(0, ready capacity rps − offered rps) dt: capacity paid for and idle.'),
  m('latency_mean_ms', 'ms', 'lower', 'Mean latency over served requests (Σ latency / served, exact in both fidelities).'),
  m(
    'latency_p95_ms',
    'ms',
    'lower',
    "95th percentile (nearest rank) of latency over served requests in the analysed interval. Request fidelity: exact over every served request's own latency. Fluid fidelity: every request served in a tick takes that tick's mean latency (the fluid model gives them no other), so it is the served-weighted nearest rank of the tick means.",
  ),
  m('latency_p99_ms', 'ms', 'lower', '99th percentile of latency over served requests, computed as latency_p95_ms.'),
  m(
    'error_budget_burn',
    'fraction',
    'lower',
    'Bad requests ÷ the budget (1 − slo.target) × arrived requests; a request is bad when dropped, failed, or served in a tick whose mean latency exceeded the SLO latency. 1 means the whole budget was spent.',
  ),
];

/** Service and controller metrics, by bare name (the part after `<service>.` or `<controller>.`). */
const EXTRA_CATALOGUE: readonly MetricInfo[] = [
  m('cache_hit_ratio', 'fraction', 'higher', 'Cache hits over lookups over the run.'),
  m('cache_hit_ratio_min', 'fraction', 'higher', 'Lowest per-window hit ratio after the cache warm-up.'),
  m('rollout_completed', 'count', 'higher', 'Rollouts that reached full weight.'),
  m('rollout_aborted', 'count', 'lower', 'Rollouts aborted.'),
  m('time_to_full_rollout_s', 's', 'lower', 'From the rollout start until the new version took all traffic.'),
  m('time_to_detect_s', 's', 'lower', 'From first exposure of a bad version until the rollout aborted.'),
  m('bad_version_exposure', 'requests', 'lower', 'Requests served by a bad version.'),
  m('false_rollback', 'count', 'lower', 'Rollbacks of a good version.'),
  m('missed_bad_version', 'count', 'lower', 'Bad versions that completed.'),
];

const BY_NAME = new Map<string, MetricInfo>([...EXTRA_CATALOGUE, ...SUMMARY_CATALOGUE].map((i) => [i.name, i]));

/**
 * The declaration of a metric, by full name (`slo_violation_s`) or as a
 * service/controller metric (`web.cache_hit_ratio`, judged by its bare name);
 * undefined when the catalogue does not declare it (study metrics, say).
 */
function metricInfo(name: string): MetricInfo | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.slice(name.lastIndexOf('.') + 1));
}

/** A metric's direction: declared, or `lower` for an undeclared one (study times and counts are all better low). */
export function metricDirection(name: string, declared?: Readonly<Record<string, { readonly direction: Direction }>>): Direction {
  return declared?.[name]?.direction ?? metricInfo(name)?.direction ?? 'lower';
}

/** The manifest form of the catalogue for `metrics`: name → unit, direction, definition (undeclared ones get a `lower` direction and say so). */
export function catalogueFor(metrics: readonly string[]): Record<string, Omit<MetricInfo, 'name'>> {
  const out: Record<string, Omit<MetricInfo, 'name'>> = {};
  for (const name of metrics) {
    const info = metricInfo(name);
    out[name] = info
      ? { unit: info.unit, direction: info.direction, definition: info.definition }
      : { unit: '', direction: 'lower', definition: 'Not declared in the catalogue; taken as better low.' };
  }
  return out;
}
