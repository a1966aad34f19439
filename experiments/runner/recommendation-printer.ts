import { join } from 'node:path';
import { ruleMetrics, explainLines, recommendationLines } from '../../reports/explain.js';
import type { Basis, Order } from '../../reports/ranking.js';
import { ConfigError } from '../schema/config-error.js';
import { writeFileAtomic } from '../sweep/atomic-file.js';
import { knobEffects, metricName, parseConstraint, recommend, ruleOf, savedRecommendation, sweepTables } from '../sweep/recommend.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { SweepResults } from '../sweep/results.js';
import { completeResults, readSweepDir } from '../sweep/sweep-dir.js';
import { writeSweepReport } from '../sweep/write-sweep-report.js';

/** Options of `ctrlsim recommend`. */
export interface RecommendOptions {
  /** The sweep directory. */
  readonly dir: string;
  /** Constraints as written. */
  readonly constraint: readonly string[];
  /** Metrics to minimize, in priority order. */
  readonly minimize: readonly string[];
  /** Metrics to maximize, after the minimized ones. */
  readonly maximize: readonly string[];
  /** Ordering of qualifying points. */
  readonly order: string;
  /** Constraint basis. */
  readonly basis: string;
  /** Settings to print. */
  readonly top: number;
  /** Save recommendation.json and rebuild the report. */
  readonly save: boolean;
  /** Also print which knobs move which metrics. */
  readonly explain: boolean;
}

/**
 * `ctrlsim recommend`: ranks a finished sweep by the rule the options
 * describe and prints the best settings, or, when none qualifies, the
 * binding constraint, the nearest misses and whether any knob moves the
 * binding metric. Returns the exit code: 0 with a recommendation, 1 without.
 */
export function printRecommendation(argv: RecommendOptions, print: (line: string) => void): number {
  if (argv.minimize.length + argv.maximize.length === 0) throw new ConfigError('--minimize', 'at least one --minimize METRIC or --maximize METRIC', 'neither');
  if (!Number.isInteger(argv.top) || argv.top < 1) throw new ConfigError('--top', 'an integer ≥ 1', String(argv.top));
  // The sweep is read first: its metrics (fixed, then service and controller ones, or a study's) are what constraints may name.
  const sweep = readSweepDir(argv.dir);
  const results = completeResults(sweep);
  const metrics = results.metrics;
  const constraints = argv.constraint.map((c) => parseConstraint(c, metrics));
  const minimize = argv.minimize.map((m) => metricName(m, '--minimize', metrics));
  const maximize = argv.maximize.map((m) => metricName(m, '--maximize', metrics));
  const rule = ruleOf(minimize, maximize, constraints, argv.order as Order, argv.basis as Basis);
  const tables = sweepTables(sweep.plan, results);
  const ranking = recommend(tables, rule);
  const seeds = sweep.plan.seeds.length;
  const effects = knobEffects(tables, sweep.plan.knobs, ruleMetrics(ranking));
  print(`${sweep.plan.name}: ${sweepSize(sweep.plan, results)}`);
  if (constraints.length > 0) {
    const onBound = rule.basis === 'bound' && seeds > 1;
    const on = onBound
      ? 'on the far end of each 95% interval (upper for <=, lower for >=), so a chosen point meets them with confidence, not just on average over these seeds'
      : `on each point's mean across seeds${seeds < 2 ? ' (one seed: no interval)' : ''}`;
    print(`constraints ${constraints.map((c) => `${c.metric}${c.op}${c.value}`).join(', ')} checked ${on}`);
  }
  if (ranking.unranked.length > 0) {
    const names = rule.objectives.map((o) => o.metric).join(' or ');
    print(
      `${ranking.unranked.length} point${ranking.unranked.length === 1 ? '' : 's'} left out: no seed gave ${names} a value (points ${ranking.unranked.map((i) => String(tables.points[i]!['point'])).join(', ')})`,
    );
  }
  const input = { ranking, knobs: sweep.plan.knobs, seeds, effects, top: argv.top };
  for (const line of recommendationLines(input)) print(line);
  if (argv.explain) for (const line of explainLines(effects, sweep.plan.knobs, ruleMetrics(ranking))) print(line);
  const best = ranking.qualifying > 0 ? ranking.points[0] : undefined;
  if (argv.save && best) {
    const { text, settings } = savedRecommendation(ranking, rule, sweep.plan.knobs, seeds, tables.points.length)!;
    writeFileAtomic(join(argv.dir, 'recommendation.json'), JSON.stringify({ text, settings, rule }, null, 2) + '\n');
    writeSweepReport(argv.dir);
    print(`saved ${join(argv.dir, 'recommendation.json')} and rebuilt ${join(argv.dir, 'report.html')} with it on top`);
  }
  return best ? 0 : 1;
}

/**
 * What the sweep ran, for the header: a grid's points × seeds, or an
 * adaptive race's runs out of the grid's, the seeds its points ran (a point
 * still in the race at the end ran the most) and how many points it dropped.
 */
function sweepSize(plan: SweepPlan, results: SweepResults): string {
  if (!plan.race) return `${results.points.length} points × ${plan.seeds.length} seeds`;
  const ns = results.points.map((p) => p.n);
  const fewest = Math.min(...ns);
  const most = Math.max(...ns);
  const dropped = results.dropped?.length ?? 0;
  return (
    `${results.points.length} points, adaptive: ${results.runs.length} of ${plan.runCount} runs ` +
    `(${fewest === most ? most : `${fewest}–${most}`} seeds per point; ${dropped} point${dropped === 1 ? '' : 's'} dropped)`
  );
}
