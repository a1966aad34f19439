import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import type { PropertyViolation } from '../../sim/properties/property.js';
import type { Fault, Schedule } from './schedule.js';
import { scheduleSize, sortFaults } from './schedule.js';
import type { ExploreTarget } from './target.js';

/** What shrinking one violation gave. */
export interface ShrinkResult {
  /** The smallest schedule found that still violates the property. */
  readonly schedule: Schedule;
  /** The violation it gives. */
  readonly violation: PropertyViolation;
  /** Reductions accepted (each one a smaller schedule that still failed). */
  readonly steps: number;
  /** Runs spent, the first (the original schedule) included. */
  readonly runs: number;
  /** True when the run budget ran out before no reduction was left to try. */
  readonly exhausted: boolean;
}

/**
 * Shrinks a failing schedule to a small one that still violates the same
 * property (delta debugging): first drop faults (ddmin over the fault list,
 * complements of ever finer chunks), then, fault by fault until nothing
 * changes, halve durations, move starts onto a coarser grid (1 min, then
 * 10 s), halve severities; then cut the horizon to just past the
 * violation. A candidate is kept only if a run of it violates `property`
 * again. Candidates are tried in a fixed order and runs are deterministic,
 * so the same input always shrinks to the same schedule. Gives up after
 * `maxRuns` runs.
 */
export function shrinkSchedule(target: ExploreTarget, schedule: Schedule, seed: number, property: string, maxRuns: number): ShrinkResult {
  let runs = 0;
  let steps = 0;
  let exhausted = false;
  const test = (s: Schedule): PropertyViolation | undefined => {
    if (runs >= maxRuns) {
      exhausted = true;
      return undefined;
    }
    runs++;
    return target.run(target.document(s, seed), seed).violations.find((v) => v.property === property);
  };
  let best = schedule;
  let violation = test(best);
  if (!violation) throw new Error(`the schedule does not violate ${property}; nothing to shrink`);
  const accept = (s: Schedule): boolean => {
    const v = test(s);
    if (!v) return false;
    best = s;
    violation = v;
    steps++;
    return true;
  };

  // 1. Drop faults: ddmin on complements.
  let n = 2;
  while (best.faults.length > 0 && !exhausted) {
    const faults = best.faults;
    const chunk = Math.ceil(faults.length / n);
    let reduced = false;
    for (let start = 0; start < faults.length; start += chunk) {
      const rest = [...faults.slice(0, start), ...faults.slice(start + chunk)];
      if (rest.length === faults.length) continue;
      if (accept({ ...best, faults: rest })) {
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) continue;
    if (n >= faults.length) break;
    n = Math.min(n * 2, faults.length);
  }

  // 2. Simplify each fault until nothing changes.
  let changed = true;
  while (changed && !exhausted) {
    changed = false;
    for (let i = 0; i < best.faults.length && !exhausted; i++) {
      for (const candidate of simpler(best.faults[i]!, target)) {
        const faults = best.faults.map((f, j) => (j === i ? candidate : f));
        if (accept({ ...best, faults: sortFaults(faults) })) {
          changed = true;
          break;
        }
      }
    }
  }

  // 3. Shorten the horizon to the violation, rounded up to 10 s, plus 10 s.
  const cut = Math.ceil((violation.at + 1) / (10 * SECOND)) * 10 * SECOND + 10 * SECOND;
  if (cut < best.horizon && !exhausted) {
    accept({ horizon: cut, faults: best.faults.filter((f) => f.at < cut).map((f) => clip(f, cut)) });
  }
  return { schedule: best, violation: violation!, steps, runs, exhausted };
}

const SEVERITY_FLOOR = 0.05;

/** Simpler versions of a fault, most aggressive first: shorter, earlier on a coarse grid, milder. */
function simpler(f: Fault, target: ExploreTarget): Fault[] {
  const out: Fault[] = [];
  const timed = !target.untimed.includes(f.kind);
  if (timed && f.duration > SECOND) out.push({ ...f, duration: Math.max(SECOND, Math.round(f.duration / 2 / SECOND) * SECOND) });
  if (timed) {
    for (const grid of [60 * SECOND, 10 * SECOND]) {
      const at = Math.round(f.at / grid) * grid;
      if (at !== f.at && at >= 0) {
        out.push({ ...f, at });
        break;
      }
    }
  }
  if (f.severity > SEVERITY_FLOOR) out.push({ ...f, severity: Math.max(SEVERITY_FLOOR, Math.round((f.severity / 2) * 100) / 100) });
  return out;
}

/** A fault cut to end by `horizon`. */
function clip(f: Fault, horizon: Micros): Fault {
  return f.at + f.duration > horizon ? { ...f, duration: Math.max(SECOND, horizon - f.at) } : f;
}

/** "3 faults, 412 fault-seconds, horizon 600s": a schedule's size in one phrase. */
export function sizeText(s: Schedule): string {
  const z = scheduleSize(s);
  return `${z.faults} fault${z.faults === 1 ? '' : 's'}, ${z.faultSeconds} fault-seconds, horizon ${z.horizonSeconds}s`;
}
