/** The sweep report's "Best settings" table. */
import { fmt, fmtCi } from '../format.js';
import type { Cell } from '../html.js';
import { differenceText, missText } from '../ranking.js';
import type { SweepAnalysis } from './analysis.js';
import { analyzeSweep } from './analysis.js';
import type { SweepReportData } from './data.js';
import { SWEEP_REPORT_LIMITS } from './data.js';
import { hasMean } from './row-values.js';

/**
 * The best settings per scenario: points ordered by score (each objective
 * scaled to [0, 1] across the scenario's points and averaged; lower is
 * better), so every dominated point ranks below a point that dominates it.
 * The top `limit` rows per scenario, plus the recommended point wherever it ranks.
 */
export function rankedSettings(
  data: SweepReportData,
  limit: number = SWEEP_REPORT_LIMITS.rankedRows,
): { columns: string[]; rows: Cell[][]; highlight: number[] } {
  const p = analyzeSweep(data);
  return rankedTable(p, limit);
}

/** The "Best settings" table of an analysed sweep (see rankedSettings). */
export function rankedTable(p: SweepAnalysis, limit: number): { columns: string[]; rows: Cell[][]; highlight: number[] } {
  const hasId = p.points.some((v) => v.row['point'] !== undefined && v.row['point'] !== '');
  const metrics = [...new Set([...p.rule.objectives.map((o) => o.metric), ...p.rule.constraints.map((c) => c.metric), ...p.objectives])].filter((m) =>
    hasMean(p.data.points, m),
  );
  const first = p.rule.objectives[0]!.metric;
  const hasConstraints = p.rule.constraints.length > 0;
  const columns = [
    'rank',
    ...(p.hasScenario ? ['scenario'] : []),
    ...(hasId ? ['point'] : []),
    ...p.knobLabels,
    'runs',
    ...metrics.map((o) => `${o} (95% CI)`),
    ...(hasConstraints ? ['constraints'] : []),
    `vs rank 1: Δ ${first} (paired)`,
    'Pareto',
  ];
  const rows: Cell[][] = [];
  const highlight: number[] = [];
  for (const s of p.scenarios) {
    const best = p.points.filter((v) => v.scenario === s && (v.rank <= limit || v.recommended)).sort((a, b) => a.rank - b.rank);
    for (const v of best) {
      if (v.recommended) highlight.push(rows.length);
      rows.push([
        v.recommended ? `${v.rank} ★` : v.rank,
        ...(p.hasScenario ? [s] : []),
        ...(hasId ? [fmt(v.row['point'])] : []),
        ...p.data.knobs.map((k) => fmt(v.row[k])),
        fmt(v.row['n']),
        ...metrics.map((o) => fmtCi(v.row[`${o}_mean`], v.row[`${o}_lo`], v.row[`${o}_hi`])),
        ...(hasConstraints ? [v.ranked.qualifies ? 'met' : v.ranked.misses.map(missText).join('; ')] : []),
        v.rank === 1 ? '–' : differenceText(v.ranked.vsBest),
        v.pareto ? '✓' : '',
      ]);
    }
  }
  return { columns, rows, highlight };
}
