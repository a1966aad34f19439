/**
 * Sorting pods into ready, unready, missing-metric and ignored, the first step
 * of every per-pod replica calculation (upstream `groupPods`).
 */
import type { Micros } from '../time.js';
import type { PodSnapshot } from './pod.js';
import type { PodMetricsInfo } from './pod-metric.js';
import { checkArray, checkInstant, checkMap, checkObject, checkReadinessTiming, checkString } from './argument-checks.js';

/** How the pods behind an HPA split for one metric. */
export interface PodGroups {
  /** Number of pods whose sample is used as is. */
  readonly readyCount: number;
  /** Pending pods, and (for cpu) pods not yet ready or whose sample predates readiness. */
  readonly unready: readonly string[];
  /** Pods with no sample at all. */
  readonly missing: readonly string[];
  /** Terminating or Failed pods: left out entirely. */
  readonly ignored: readonly string[];
}

/** Timing knobs of the readiness rules; both come from the controller config. */
export interface ReadinessTiming {
  /** Window after pod start in which a cpu sample is trusted only if taken a full window after readiness. */
  readonly cpuInitializationPeriod: Micros;
  /** A not-ready pod whose readiness last changed within this delay of its start counts as never ready. */
  readonly delayOfInitialReadinessStatus: Micros;
}

/** Inputs of `groupPods` (upstream's parameters, the two durations gathered in `timing`). */
export interface GroupPodsInput {
  /** Pods selected by the scale target's selector. */
  readonly pods: readonly PodSnapshot[];
  /** One sample per pod, as reduced from the metrics API. */
  readonly metrics: PodMetricsInfo;
  /** Resource name; the readiness rules apply to "cpu" only, and not at all when absent (Pods metrics). */
  readonly resource?: string;
  /** Readiness timing from the controller config. */
  readonly timing: ReadinessTiming;
  /** Current instant. */
  readonly now: Micros;
}

/**
 * Groups `pods` for one metric. The readiness rules apply only when
 * `resource === 'cpu'`: memory and custom metrics treat every Running or
 * Succeeded pod with a sample as ready. Order of checks follows upstream:
 * terminating/Failed, then Pending, then missing sample, then cpu readiness.
 */
export function groupPods(input: GroupPodsInput): PodGroups {
  checkObject('groupPods', 'input', input, 'pods, metrics, resource?, timing, now');
  const { pods, metrics, resource, timing, now } = input;
  checkArray('groupPods', 'pods', pods);
  checkMap('groupPods', 'metrics', metrics);
  if (resource !== undefined) checkString('groupPods', 'resource', resource);
  checkReadinessTiming('groupPods', 'timing', timing);
  checkInstant('groupPods', 'now', now);
  let readyCount = 0;
  const unready: string[] = [];
  const missing: string[] = [];
  const ignored: string[] = [];
  for (const pod of pods) {
    if (pod.deleting || pod.phase === 'Failed') {
      ignored.push(pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      unready.push(pod.name);
      continue;
    }
    const metric = metrics.get(pod.name);
    if (metric === undefined) {
      missing.push(pod.name);
      continue;
    }
    if (resource === 'cpu') {
      let isUnready: boolean;
      const cond = pod.ready;
      if (cond === undefined || pod.startTime === undefined) {
        isUnready = true;
      } else if (pod.startTime + timing.cpuInitializationPeriod > now) {
        // Young pod: the sample must cover a full window after the last readiness change.
        isUnready = cond.status === 'False' || metric.timestamp < cond.lastTransitionTime + metric.window;
      } else {
        // Old pod: drop it only if it is not ready and has never been ready since start.
        isUnready = cond.status === 'False' && pod.startTime + timing.delayOfInitialReadinessStatus > cond.lastTransitionTime;
      }
      if (isUnready) {
        unready.push(pod.name);
        continue;
      }
    }
    readyCount++;
  }
  return { readyCount, unready, missing, ignored };
}
