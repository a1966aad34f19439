/** Which points and runs a sweep report draws, within SWEEP_REPORT_LIMITS. */
import type { TableRow } from '../../lib/stats/aggregate.js';
import { pointKey } from '../../lib/stats/aggregate.js';
import type { SweepAnalysis, SweepPoint } from './analysis.js';
import { SWEEP_REPORT_LIMITS } from './data.js';
import { num } from './row-values.js';

/** Evenly spaced picks of `count` items out of `items`, in order (all of them when count ≥ length). */
function thin<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  if (count <= 0) return [];
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(items[Math.floor((i * items.length) / count)]!);
  return out;
}

/** The points drawn in the scatter: all the important ones, then the others thinned evenly up to the limit. */
export function shownPoints(p: SweepAnalysis): SweepPoint[] {
  const keep = (v: SweepPoint) => v.pareto || v.front2d || v.recommended || v.rank <= SWEEP_REPORT_LIMITS.rankedRows;
  const must = p.points.filter(keep);
  const rest = p.points.filter((v) => !keep(v));
  const chosen = new Set([...must, ...thin(rest, SWEEP_REPORT_LIMITS.points - must.length)]);
  return p.points.filter((v) => chosen.has(v));
}

/** Runs drawn as faint dots: the lowest seeds of each point, evenly across points, up to the limit. */
export function sampledRuns(p: SweepAnalysis): TableRow[] {
  const data = p.data;
  const keyCols = [...(p.hasScenario ? ['scenario'] : []), ...data.knobs];
  const byPoint = new Map<string, TableRow[]>();
  for (const r of data.runs) {
    const k = pointKey(r, keyCols);
    let g = byPoint.get(k);
    if (!g) byPoint.set(k, (g = []));
    g.push(r);
  }
  const groups = [...byPoint.values()].map((g) => [...g].sort((a, b) => (num(a['seed']) ?? 0) - (num(b['seed']) ?? 0)));
  const perPoint = Math.floor(SWEEP_REPORT_LIMITS.runs / Math.max(1, groups.length));
  if (perPoint >= 1) return groups.flatMap((g) => g.slice(0, perPoint));
  return thin(groups, SWEEP_REPORT_LIMITS.runs).map((g) => g[0]!);
}
