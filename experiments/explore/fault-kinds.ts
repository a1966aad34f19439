/**
 * Fault kinds that `ctrlsim explore` draws schedules from. Each run of a
 * swarm enables a random subset of the kinds its target supports.
 */
export const FAULT_KINDS = [
  'crash',
  'zone-outage',
  'partition',
  'one-way-partition',
  'held-partition',
  'clock-skew',
  'hang',
  'latency',
  'bad-version',
  'load-spike',
] as const;

/** One of `FAULT_KINDS`. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What each kind does, for help texts and reports. */
export const FAULT_KIND_TEXT: Readonly<Record<FaultKind, string>> = {
  crash: 'crash a fraction of a service’s instances (restarted when the fault ends)',
  'zone-outage': 'a zone’s instances crash and nothing is placed there until it recovers',
  partition: 'drop every message between two sets of hosts',
  'one-way-partition': 'drop messages in one direction only',
  'held-partition': 'cut a zone off and hold its messages to the API until the partition heals (a congested path that delivers late)',
  'clock-skew': 'a host’s clock jumps (experiments) or the first leader’s clock runs slow (leader election)',
  hang: 'instances stay ready but answer nothing',
  latency: 'instances serve several times slower (grey failure)',
  'bad-version': 'deploy a version that fails 30% of requests and adds 100 ms',
  'load-spike': 'offered load × a factor',
};
