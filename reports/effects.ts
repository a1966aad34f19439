/**
 * Which knobs move which metrics: main effects of each knob on each metric,
 * with a paired 95% interval across seeds and a variance share. `recommend
 * --explain` prints them and the sweep report shows the same table, so
 * "no knob in this sweep moves slo_violation_s" is said by the tool.
 */
import type { TableRow } from '../lib/stats/aggregate.js';
import { meanCi } from '../lib/stats/aggregate.js';
import type { Interval, SeedRuns } from './ranking.js';
import { pointStat } from './ranking.js';

/** One knob's main effect on one metric. */
export interface MainEffect {
  /** Knob. */
  readonly knob: string;
  /** Metric. */
  readonly metric: string;
  /** Knob levels (values, or value ranges for more than MAX_LEVELS distinct numbers), with the metric's mean at each. */
  readonly levels: readonly { readonly label: string; readonly mean: number }[];
  /** The level with the lowest mean and the one with the highest. */
  readonly low: string;
  /** The level with the highest mean. */
  readonly high: string;
  /**
   * Mean at `high` minus mean at `low`, averaged over the other knobs, as a
   * paired difference across the seeds (same seed at every point); its 95%
   * interval. Picking the extreme levels from the same data makes it a
   * little optimistic, so it is read together with `moves`.
   */
  readonly effect: Interval;
  /** Share of the variance of point means explained by this knob's levels (η², 0–1). */
  readonly share: number;
  /** The interval excludes zero (with one seed: the effect is not exactly zero). */
  readonly moves: boolean;
}

/** More distinct numeric values than this are grouped into this many equal-count ranges. */
const MAX_LEVELS = 6;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Level label of each point for `knob`. */
function levelsOf(points: readonly TableRow[], knob: string): string[] {
  const values = points.map((p) => p[knob] ?? '');
  const distinct = [...new Set(values.map((v) => JSON.stringify(v)))].map((s) => JSON.parse(s) as string | number);
  const numeric = distinct.every((v) => num(v) !== undefined);
  if (!numeric || distinct.length <= MAX_LEVELS) return values.map((v) => String(v));
  const sorted = (distinct as number[]).sort((a, b) => a - b);
  const label = new Map<number, string>();
  for (let b = 0; b < MAX_LEVELS; b++) {
    const members = sorted.slice(Math.floor((b * sorted.length) / MAX_LEVELS), Math.floor(((b + 1) * sorted.length) / MAX_LEVELS));
    for (const v of members) label.set(v, `${members[0]}–${members[members.length - 1]}`);
  }
  return values.map((v) => label.get(v as number)!);
}

/**
 * Main effects of every knob on every metric. A level's mean is the mean
 * over its points of the point means; per seed, over its points' runs of that
 * seed, so the effect's interval is a paired one under common random numbers.
 */
export function mainEffects(points: readonly TableRow[], runs: SeedRuns, knobs: readonly string[], metrics: readonly string[]): MainEffect[] {
  const out: MainEffect[] = [];
  const seeds = [...new Set([...runs.values()].flatMap((m) => [...m.keys()]))];
  for (const knob of knobs) {
    const labels = levelsOf(points, knob);
    const order = [...new Set(labels)];
    if (order.length < 2) continue;
    for (const metric of metrics) {
      const pm = points.map((p) => pointStat(p, metric).mean);
      const valid = pm.map((v, i) => (v !== undefined ? i : -1)).filter((i) => i >= 0);
      if (valid.length < 2) continue;
      const levelMean = (label: string, value: (i: number) => number | undefined) => {
        const xs = valid
          .filter((i) => labels[i] === label)
          .map(value)
          .filter((v): v is number => v !== undefined);
        return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
      };
      const levels = order
        .map((label) => ({ label, mean: levelMean(label, (i) => pm[i]) }))
        .filter((l): l is { label: string; mean: number } => l.mean !== undefined);
      if (levels.length < 2) continue;
      let low = levels[0]!;
      let high = levels[0]!;
      for (const l of levels) {
        if (l.mean < low.mean) low = l;
        if (l.mean > high.mean) high = l;
      }
      const perSeed: number[] = [];
      for (const s of seeds) {
        const at = (i: number) => num(runs.get(i)?.get(s)?.[metric]);
        const h = levelMean(high.label, at);
        const l = levelMean(low.label, at);
        if (h !== undefined && l !== undefined) perSeed.push(h - l);
      }
      const ci = perSeed.length ? meanCi(perSeed) : { mean: high.mean - low.mean };
      const effect: Interval = { mean: ci.mean, n: perSeed.length, ...(ci.lo !== undefined && ci.hi !== undefined ? { lo: ci.lo, hi: ci.hi } : {}) };
      const grand = valid.reduce((a, i) => a + pm[i]!, 0) / valid.length;
      let total = 0;
      let between = 0;
      for (const i of valid) {
        total += (pm[i]! - grand) ** 2;
        between += (levels.find((l) => l.label === labels[i])!.mean - grand) ** 2;
      }
      const moves =
        effect.lo !== undefined && effect.hi !== undefined ? effect.lo > 0 || effect.hi < 0 : perSeed.some((d) => d !== 0) || high.mean !== low.mean;
      out.push({
        knob,
        metric,
        levels,
        low: low.label,
        high: high.label,
        effect,
        share: total > 0 ? between / total : 0,
        moves: moves && !perSeed.every((d) => d === 0),
      });
    }
  }
  return out;
}
