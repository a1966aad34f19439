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
