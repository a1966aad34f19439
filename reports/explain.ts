/**
 * The words of a recommendation: the ranked settings, or why nothing
 * qualifies, and which knobs move which metrics. `ctrlsim recommend` prints
 * these lines and the sweep report shows the same lines, so the two agree
 * line for line.
 */
import type { TableRow } from '../lib/stats/aggregate.js';
import type { MainEffect } from './effects.js';
import { fmt, fmtCi } from './format.js';
import type { Ranking, RuleConstraint } from './ranking.js';
import { checkedValue, constraintText, differenceText, missOf, missText, objectiveText, pointStat, ruleText } from './ranking.js';

/** What the recommendation lines are built from. */
export interface ExplainInput {
  /** The ranking (see `rankPoints`). */
  readonly ranking: Ranking;
  /** Knob columns, in order. */
  readonly knobs: readonly string[];
  /** Seeds per point (the largest). */
  readonly seeds: number;
  /** Main effects of every knob on the rule's metrics (see `mainEffects`). */
  readonly effects: readonly MainEffect[];
  /** Settings to print. */
  readonly top: number;
}

/** The metrics a rule talks about: its objectives, then its constraints' metrics. */
export function ruleMetrics(ranking: Ranking): string[] {
  return [...new Set([...ranking.rule.objectives.map((o) => o.metric), ...ranking.rule.constraints.map((c) => c.metric)])];
}

/** A point's settings as `knob=value, …`. */
export function settingsText(row: TableRow, knobs: readonly string[]): string {
  return knobs.map((k) => `${k}=${String(row[k] ?? '')}`).join(', ');
}

function pointLabel(row: TableRow, index: number): string {
  return `point ${row['point'] !== undefined && row['point'] !== '' ? String(row['point']) : String(index)}`;
}

/** The ranked settings (or the nearest misses and the binding constraint), one line each. */
export function recommendationLines(input: ExplainInput): string[] {
  const { ranking, knobs } = input;
  const rule = ranking.rule;
  const lines: string[] = [`rule: ${ruleText(rule, input.seeds)}`];
  const metrics = ruleMetrics(ranking);
  const pad = Math.max(20, ...metrics.map((m) => m.length));
  const pointLines = (rank: number, p: Ranking['points'][number]) => {
    lines.push(`${rank}. ${pointLabel(p.row, p.index)}: ${settingsText(p.row, knobs)}`);
    for (const m of metrics) {
      const s = pointStat(p.row, m);
      const c = rule.constraints.find((x) => x.metric === m);
      const note = c ? `   ${constraintText(c)} checked on ${fmt(checkedValue(p.row, c, rule.basis))}` : '';
      lines.push(`     ${m.padEnd(pad)} ${fmtCi(s.mean, s.lo, s.hi)}${note}`);
    }
    if (p.vsBest) lines.push(`     ${`vs 1 (${rule.objectives[0]!.metric})`.padEnd(pad)} ${differenceText(p.vsBest)}`);
  };
  if (ranking.qualifying === 0) {
    lines.push('no point meets every constraint');
    lines.push(...bindingLines(input));
    const near = ranking.points.slice(0, input.top);
    if (near.length) lines.push(`nearest misses (by their largest miss relative to its bound):`);
    near.forEach((p, i) => {
      pointLines(i + 1, p);
      lines.push(`     misses: ${p.misses.map(missText).join('; ')}`);
    });
    return lines;
  }
  const order =
    rule.order === 'pareto' ? 'Pareto layer, then ' + rule.objectives.map(objectiveText).join(', then ') : rule.objectives.map(objectiveText).join(', then ');
  lines.push(
    `${ranking.qualifying} of ${ranking.points.length + ranking.unranked.length} points qualify; best first by ${order} (values: mean [95% interval]):`,
  );
  const shown = ranking.points.filter((p) => p.qualifies).slice(0, input.top);
  shown.forEach((p, i) => pointLines(i + 1, p));
  const tied = ranking.points.filter((p) => p.qualifies && p.vsBest?.verdict === 'no clear difference');
  if (tied.length > 0 && ranking.points[0]) {
    const m = rule.objectives[0]!.metric;
    lines.push(
      `${tied.length} other qualifying point${tied.length === 1 ? ' has' : 's have'} no clear paired difference from 1 in ${m} (${tied
        .slice(0, 8)
        .map((p) => pointLabel(p.row, p.index))
        .join(', ')}${tied.length > 8 ? ', …' : ''})${
        rule.objectives.length > 1
          ? `; ${rule.objectives
              .slice(1)
              .map((o) => o.metric)
              .join(', then ')} decided among them`
          : ''
      }.`,
    );
  }
  return lines;
}

/** Which constraint binds, how close the nearest point gets, and whether any knob moves its metric. */
function bindingLines(input: ExplainInput): string[] {
  const { ranking, knobs } = input;
  const rows = ranking.points.map((p) => p.row);
  const lines: string[] = [];
  const met = (c: RuleConstraint) => rows.filter((r) => missOf(r, c, ranking.rule.basis) === undefined).length;
  const binding = ranking.rule.constraints.filter((c) => met(c) === 0);
  const jointly = binding.length === 0;
  for (const c of jointly ? ranking.rule.constraints : binding) {
    let nearest: { row: TableRow; index: number; margin: number; checked?: number } | undefined;
    ranking.points.forEach((p) => {
      const miss = missOf(p.row, c, ranking.rule.basis);
      const margin = miss?.margin ?? 0;
      if (!nearest || margin < nearest.margin)
        nearest = { row: p.row, index: p.index, margin, ...(miss?.checked !== undefined ? { checked: miss.checked } : {}) };
    });
    const mean = nearest ? pointStat(nearest.row, c.metric).mean : undefined;
    lines.push(
      `binding: ${constraintText(c)}: ${met(c)} of ${rows.length} points meet it${
        nearest && nearest.margin > 0
          ? `; the nearest, ${pointLabel(nearest.row, nearest.index)} (${settingsText(nearest.row, knobs)}), is checked on ${fmt(nearest.checked)} (mean ${fmt(mean)}), ${fmt(nearest.margin)} short`
          : ''
      }`,
    );
    lines.push(`  ${knobVerdict(input.effects, c.metric, c)}`);
  }
  if (jointly) lines.unshift('binding: each constraint is met by some point, but no point meets them all together');
  return lines;
}

/** Whether any knob of the sweep moves `metric`, in one sentence; with a constraint, whether the best level of each moving knob meets it on average. */
function knobVerdict(effects: readonly MainEffect[], metric: string, constraint?: RuleConstraint): string {
  const on = effects.filter((e) => e.metric === metric);
  if (on.length === 0) return `no knob varies in this sweep, so nothing here moves ${metric}`;
  const moving = on.filter((e) => e.moves).sort((a, b) => b.share - a.share);
  if (moving.length === 0) {
    const biggest = [...on].sort((a, b) => Math.abs(b.effect.mean) - Math.abs(a.effect.mean))[0]!;
    return `no knob in this sweep moves ${metric} (largest main effect: ${biggest.knob} ${effectText(biggest)}): more seeds or other values of these knobs cannot meet it; it is set by something the sweep does not vary`;
  }
  const verdict = `knobs that move ${metric}: ${moving.map((e) => `${e.knob} ${effectText(e)}`).join('; ')}`;
  if (!constraint) return verdict;
  const upper = constraint.op === '<' || constraint.op === '<=';
  const bestLevel = (e: MainEffect) => e.levels.reduce((b, l) => ((upper ? l.mean < b.mean : l.mean > b.mean) ? l : b));
  const short = moving.filter((e) => {
    const b = bestLevel(e).mean;
    return upper ? b > constraint.value : b < constraint.value;
  });
  if (short.length < moving.length) return verdict;
  return `${verdict}; but even at its best level (${moving.map((e) => `${e.knob}=${bestLevel(e).label}: mean ${fmt(bestLevel(e).mean)}`).join('; ')}) ${metric} misses ${constraintText(constraint)} on average, so more seeds cannot help: widen the knob's range or change what the sweep holds fixed`;
}

/** An effect as text: `+12 [8, 16] from 0 to 600, 71% of variance`. */
function effectText(e: MainEffect): string {
  const d = e.effect;
  const v = `${d.mean >= 0 ? '+' : ''}${fmt(d.mean)}`;
  const ci = d.lo !== undefined && d.hi !== undefined ? ` [${fmt(d.lo)}, ${fmt(d.hi)}]` : d.n <= 1 ? ' (single seed)' : '';
  return `${v}${ci} from ${e.low} to ${e.high}, ${fmt(Math.round(e.share * 100))}% of variance`;
}

/** `recommend --explain`: per knob, its main effect on each metric, and a verdict. */
export function explainLines(effects: readonly MainEffect[], knobs: readonly string[], metrics: readonly string[]): string[] {
  const lines = [
    'which knobs move which metrics (mean at the level with the highest mean minus the lowest, paired across seeds with a 95% interval; share of the variance of point means):',
  ];
  const pad = Math.max(20, ...metrics.map((m) => m.length));
  for (const k of knobs) {
    const es = effects.filter((e) => e.knob === k && metrics.includes(e.metric));
    if (es.length === 0) continue;
    lines.push(`  ${k}:`);
    for (const m of metrics) {
      const e = es.find((x) => x.metric === m);
      if (!e) continue;
      lines.push(`     ${m.padEnd(pad)} ${(e.moves ? 'moves it' : 'no clear effect').padEnd(15)} ${effectText(e)}`);
    }
  }
  for (const m of metrics) lines.push(`  ${m}: ${knobVerdict(effects, m)}`);
  return lines;
}
