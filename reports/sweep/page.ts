/** The sweep report as one self-contained HTML page. */
import type { TopLevelSpec } from 'vega-lite';
import { mainEffects } from '../effects.js';
import { explainLines, recommendationLines, ruleMetrics } from '../explain.js';
import { fmt } from '../format.js';
import type { Page, Section, Stat } from '../html.js';
import { renderPage } from '../html.js';
import { ruleText, seedRuns } from '../ranking.js';
import type { SweepAnalysis } from './analysis.js';
import { analyzeSweep } from './analysis.js';
import { specsOf } from './charts.js';
import type { SweepReportData } from './data.js';
import { DEFAULT_AXES, SWEEP_REPORT_LIMITS } from './data.js';
import { rankedTable } from './ranked-table.js';
import { minMax, num } from './row-values.js';
import { sampledRuns, shownPoints } from './sampling.js';

function headline(p: SweepAnalysis, shown: number, runsDrawn: number): Stat[] {
  const ns = p.points.map((v) => num(v.row['n'])).filter((n): n is number => n !== undefined);
  const [nLo, nHi] = minMax(ns);
  return [
    { label: 'runs', value: fmt(p.data.runs.length), hint: `${fmt(runsDrawn)} drawn as dots` },
    { label: 'knob points', value: fmt(p.points.length), hint: `${fmt(shown)} drawn` },
    ...(ns.length ? [{ label: 'seeds per point', value: nLo === nHi ? fmt(nLo) : `${fmt(nLo)}–${fmt(nHi)}` }] : []),
    { label: 'knobs', value: fmt(p.data.knobs.length), hint: p.data.knobs.join(', ') },
    ...(p.hasScenario ? [{ label: 'scenarios', value: fmt(p.scenarios.length) }] : []),
    { label: 'Pareto points', value: fmt(p.points.filter((v) => v.pareto).length) },
  ];
}

/**
 * The lines `ctrlsim recommend --explain` prints for the report's rule (top 5
 * settings, or the binding constraint and the nearest misses, then the main
 * effects), so the report and the command agree line for line.
 */
function explanation(p: SweepAnalysis, seeds: number): string[] {
  const ranking = p.rankings[0]!;
  const data = p.data;
  const rows = data.points;
  const effects = mainEffects(rows, seedRuns(rows, data.runs, data.knobs), data.knobs, ruleMetrics(ranking));
  return [...recommendationLines({ ranking, knobs: data.knobs, seeds, effects, top: 5 }), ...explainLines(effects, data.knobs, ruleMetrics(ranking))];
}

/** The sweep report as a self-contained HTML page (bounded in size by SWEEP_REPORT_LIMITS). */
export function sweepReportHtml(data: SweepReportData, specs?: Record<string, TopLevelSpec>): string {
  const p = analyzeSweep(data);
  const chosen = specs ?? specsOf(p);
  const shown = shownPoints(p).length;
  const runsDrawn = sampledRuns(p).length;
  const rec = data.recommendation === undefined ? undefined : typeof data.recommendation === 'string' ? data.recommendation : data.recommendation.text;
  const ranked = rankedTable(p, SWEEP_REPORT_LIMITS.rankedRows);
  const omitted = p.scenarios.length - Math.min(p.scenarios.length, SWEEP_REPORT_LIMITS.scenarios);
  const sections: Section[] = [
    ...(rec ? [{ kind: 'text' as const, title: 'Recommendation', text: rec }] : []),
    { kind: 'stats', title: 'Sweep', stats: headline(p, shown, runsDrawn) },
  ];
  if (chosen['tradeoff']) {
    sections.push({
      kind: 'chart',
      id: 'tradeoff',
      title:
        p.axes.thrashing === DEFAULT_AXES.thrashing && p.axes.responsiveness === DEFAULT_AXES.responsiveness
          ? 'Thrashing vs responsiveness'
          : `${p.axes.thrashing} vs ${p.axes.responsiveness}`,
      note: `Each dot is a knob point: the mean across seeds of ${p.axes.thrashing} (up) and ${p.axes.responsiveness} (right), with 95% intervals; faint dots are single runs. Lower-left is better; the black staircase is the Pareto frontier of the two, outlined dots are Pareto-optimal${p.paretoObjectives.length ? ` over ${p.paretoObjectives.join(', ')}` : ' (as the sweep flagged them)'}${
        rec ? ', the red ring is the recommendation' : ''
      }. Hover for the settings.${shown < p.points.length ? ` Showing ${shown} of ${p.points.length} points (all Pareto and top-ranked points kept).` : ''}`,
    });
  }
  if (chosen['pick']) {
    sections.push({
      kind: 'chart',
      id: 'pick',
      title: 'Any two metrics',
      note: "Pick the x and y metric below (for example flaps_per_hour against slo_violation_s, or instance_hours against slo_violation_s). Dots are points at their means; outlined dots and the line are the Pareto frontier of the chosen pair (each metric in its own direction); dashed red lines are the ranking rule's constraints on the chosen metrics; the red ring is the recommendation.",
    });
  }
  if (chosen['heatmaps']) {
    sections.push({
      kind: 'chart',
      id: 'heatmaps',
      title: 'Knob × knob heatmaps',
      note: `Mean across seeds${data.knobs.length > 2 ? ' and across the other knobs' : ''}; darker is worse; colours are clamped at the 5th and 95th percentile of the cells (with 20 cells or more), so one outlier cannot wash out the scale.${omitted > 0 ? ` Heatmaps for the first ${SWEEP_REPORT_LIMITS.scenarios} scenarios; ${omitted} more are in the table.` : ''}`,
    });
  }
  const maxSeeds = Math.max(1, ...p.points.map((v) => num(v.row['n']) ?? 1));
  sections.push({
    kind: 'table',
    title: 'Best settings',
    note: `Top ${SWEEP_REPORT_LIMITS.rankedRows}${p.hasScenario ? ' per scenario' : ''}, ranked by the same rule as ctrlsim recommend${typeof data.recommendation === 'object' && data.recommendation.rule ? " (the saved recommendation's)" : ' (no recommendation saved: the default rule)'}: ${ruleText(p.rule, maxSeeds)}${
      rec ? ' ★ marks the recommendation, listed wherever it ranks.' : ''
    } "vs rank 1" is the paired difference across the same seeds, with its 95% interval.${
      p.knobLabels.some((l, i) => l !== data.knobs[i]) ? ` Knobs: ${p.knobLabels.map((l, i) => `${l} = ${data.knobs[i]}`).join(', ')}.` : ''
    }`,
    columns: ranked.columns,
    rows: ranked.rows,
    highlight: ranked.highlight,
  });
  if (!p.hasScenario && p.rankings[0]) {
    const why = explanation(p, maxSeeds);
    sections.push({ kind: 'text', title: 'Why: what ctrlsim recommend --explain prints for this rule', text: why.join('\n') });
  }
  const page: Page = {
    title: `ctrlsim sweep: ${data.name}`,
    subtitle: `${data.description ? `${data.description} · ` : ''}${fmt(data.runs.length)} runs over ${fmt(data.points.length)} points · knobs ${data.knobs.join(', ')}`,
    sections,
    specs: chosen,
  };
  return renderPage(page);
}
