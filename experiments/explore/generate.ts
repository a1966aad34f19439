import { SECOND } from '../../lib/time.js';
import { RandomStream } from '../../lib/random.js';
import type { ExploreBounds } from './explore-schema.js';
import type { Fault } from './schedule.js';
import { sortFaults } from './schedule.js';
import type { Schedule } from './schedule.js';
import type { ExploreTarget } from './target.js';

/** One explore run, derived from the explore seed and its index only. */
export interface PlannedRun {
  /** Run index, from 0. */
  readonly index: number;
  /** The seed the run's world uses. */
  readonly seed: number;
  /** The fault schedule it plays. */
  readonly schedule: Schedule;
  /** The fault kinds the swarm enabled for it (a superset of the kinds its faults have). */
  readonly enabled: readonly string[];
}

const wholeSeconds = (t: number): number => Math.round(t / SECOND) * SECOND;

/**
 * Plans run `index` of an exploration with `seed` (swarm testing): the
 * stream `explore/<index>` of the seed enables each kind of `bounds.kinds`
 * with probability ½ (at least one), then draws 1 to `maxFaults` faults of
 * the enabled kinds with start, duration (whole seconds), target and
 * severity uniform within the bounds. Depends on nothing but its
 * arguments, so any worker, shard or resumed process plans the same run.
 */
export function planRun(seed: number, index: number, bounds: ExploreBounds, target: ExploreTarget): PlannedRun {
  const rng = RandomStream.root(seed).fork(`explore/${index}`);
  let enabled = bounds.kinds.filter(() => rng.next() < 0.5);
  if (enabled.length === 0) enabled = [bounds.kinds[rng.integer(0, bounds.kinds.length - 1)]!];
  const n = rng.integer(1, bounds.maxFaults);
  const faults: Fault[] = [];
  for (let i = 0; i < n; i++) {
    const kind = enabled[rng.integer(0, enabled.length - 1)]!;
    const at = wholeSeconds(rng.uniform(bounds.startMin, bounds.startMax));
    const duration = Math.max(SECOND, wholeSeconds(rng.uniform(bounds.durationMin, bounds.durationMax)));
    const choices = bounds.targets[kind] ?? target.choices(kind);
    const pick = choices[rng.integer(0, choices.length - 1)]!;
    const severity = Math.round((0.1 + 0.9 * rng.next()) * 100) / 100;
    faults.push({ kind, at, duration, target: pick, severity });
  }
  return { index, seed: rng.fork('seed').integer(1, 2_000_000_000), schedule: { faults: sortFaults(faults), horizon: target.horizon }, enabled };
}
