import type { ExploreBounds } from './explore-schema.js';
import { planRun } from './generate.js';
import type { ExploreRecord } from './store.js';
import type { ExploreTarget } from './target.js';

/** What a process running explore runs needs: structured-clonable, so it can be a worker's `workerData`. */
export interface ExploreSpec {
  /** The experiment or study file (modules resolve against it). */
  readonly file: string;
  /** The explore seed. */
  readonly seed: number;
  /** Bounds with defaults filled in. */
  readonly bounds: ExploreBounds;
  /** Config hash stamped on every record. */
  readonly config: string;
}

/** Plans and plays run `index`: its schedule as a plain document, run and checked. */
export function probe(target: ExploreTarget, spec: ExploreSpec, index: number): ExploreRecord {
  const planned = planRun(spec.seed, index, spec.bounds, target);
  const result = target.run(target.document(planned.schedule, planned.seed), planned.seed);
  return {
    config: spec.config,
    run: index,
    seed: planned.seed,
    enabled: planned.enabled,
    faults: planned.schedule.faults,
    violations: result.violations,
    fingerprint: result.fingerprint,
  };
}
