import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { toCsv } from '../output/csv-sink.js';
import { ctrlsimVersion } from '../runner/version.js';
import { writeFileAtomic } from './atomic-file.js';
import type { SweepPlan } from './plan.js';
import type { SweepResults } from './results.js';
import { pointColumns, pointRow, summaryColumns } from './results.js';
import { writeSweepReport } from './write-sweep-report.js';
import type { MetricInfo } from '../../sim/metric-catalogue.js';
import { catalogueFor } from '../../sim/metric-catalogue.js';
import { ruleText } from '../../reports/ranking.js';
import type { RaceResult } from './adaptive.js';
import { cell } from './results.js';
import { recommend, savedRecommendation, sweepTables } from './recommend.js';

/** race.csv rows: each point with the seeds it ran and whether it stayed in the race to the end. */
function raceRows(plan: SweepPlan, race: RaceResult): Record<string, string | number>[] {
  const dropped = new Map(race.dropped.map((d) => [d.point, d]));
  return plan.points.map((values, point) => {
    const d = dropped.get(point);
    return {
      point,
      ...Object.fromEntries(plan.knobs.map((k, i) => [k, cell(values[i]!)])),
      seeds: race.seedsPerPoint[point]!,
      status: d ? 'dropped' : 'contender',
      dropped_after_round: d ? d.round : '',
      reason: d ? d.reason : '',
    };
  });
}

/** Files of a finished sweep directory (besides runs/ and the report's chart specs). */
export const SWEEP_FILES = {
  summary: 'summary.csv',
  points: 'points.csv',
  pareto: 'pareto.csv',
  report: 'report.html',
  manifest: 'manifest.json',
} as const;

/** The file an adaptive sweep adds: every point's seeds, and which points dropped out of the race, when and why. */
export const RACE_FILE = 'race.csv';

/** What an adaptive sweep's manifest adds. */
interface RaceManifest {
  /** The rule the race settled, in words. */
  readonly rule: string;
  /** Seeds every point ran before racing. */
  readonly initialSeeds: number;
  /** Rounds, the initial one included. */
  readonly rounds: number;
  /** Runs the full grid would have made. */
  readonly gridRuns: number;
  /** Points dropped before the race settled. */
  readonly dropped: number;
}

/** manifest.json of a sweep: what ran, and a digest of each result file. Holds no wall-clock time, host, path or worker count. */
export interface SweepManifest {
  /** ctrlsim version. */
  readonly ctrlsim: string;
  /** Experiment (or study) name. */
  readonly name: string;
  /** The study kind, for a sweep over a study file. */
  readonly study?: string;
  /** The experiment's description, when it has one (the report shows it). */
  readonly description?: string;
  /** Config hash (see `configHash`). */
  readonly config: string;
  /** The design. */
  readonly design: string;
  /** Knob paths. */
  readonly knobs: readonly string[];
  /** Number of points. */
  readonly points: number;
  /** Seeds every point ran with. */
  readonly seeds: readonly number[];
  /** Runs made (points × seeds; for an adaptive design, the runs its race made). */
  readonly runs: number;
  /** An adaptive design's race (see race.csv). */
  readonly adaptive?: RaceManifest;
  /** Every metric, in column order: the plan's fixed metrics, then the extra ones. */
  readonly metrics: readonly string[];
  /** The extra metrics among them (service, then controller metrics), when there are any. */
  readonly extraMetrics?: readonly string[];
  /** Pareto objectives (all minimized, on per-point means); empty when the sweep has no frontier. */
  readonly pareto: readonly string[];
  /** The experiment (or study) document as written. */
  readonly document: unknown;
  /** SHA-256 of each data file (the CSVs), by name. */
  readonly files: Readonly<Record<string, string>>;
  /** Unit, direction and definition of every metric, from sim/metric-catalogue.ts: what reports and `recommend` read directions from. */
  readonly catalogue: Readonly<Record<string, Omit<MetricInfo, 'name'>>>;
}

/**
 * Writes a sweep's result files into `dir`, each atomically: summary.csv,
 * points.csv, pareto.csv (the frontier's rows of points.csv; only the header
 * when the plan has no Pareto objectives), manifest.json
 * (with their digests), then report.html and its chart specs, which the
 * reports module builds from those files. An adaptive sweep (`race`) adds
 * race.csv, and recommendation.json (when a point qualifies) with the rule
 * it raced on, so its report ranks by that rule like `recommend --save`.
 */
export function writeSweepResults(dir: string, plan: SweepPlan, results: SweepResults, race?: RaceResult): SweepManifest {
  const pointRows = results.points.map((p) => pointRow(p, results, plan.pareto.length > 0));
  const columns = pointColumns(plan, results);
  const contents: Array<[string, string]> = [
    [SWEEP_FILES.summary, toCsv(results.runs, summaryColumns(plan, results))],
    [SWEEP_FILES.points, toCsv(pointRows, columns)],
    [
      SWEEP_FILES.pareto,
      toCsv(
        pointRows.filter((r) => r['pareto'] === 'true'),
        columns,
      ),
    ],
  ];
  if (race) contents.push([RACE_FILE, toCsv(raceRows(plan, race), ['point', ...plan.knobs, 'seeds', 'status', 'dropped_after_round', 'reason'])]);
  const files: Record<string, string> = {};
  for (const [name, text] of contents) {
    writeFileAtomic(join(dir, name), text);
    files[name] = createHash('sha256').update(text).digest('hex');
  }
  const manifest: SweepManifest = {
    ctrlsim: ctrlsimVersion(),
    name: plan.name,
    ...(plan.study !== undefined ? { study: plan.study } : {}),
    ...(plan.description ? { description: plan.description } : {}),
    config: plan.configHash,
    design: plan.design,
    knobs: plan.knobs,
    points: plan.points.length,
    seeds: plan.seeds,
    runs: results.runs.length,
    ...(race && plan.race
      ? {
          adaptive: {
            rule: ruleText(plan.race.rule, plan.seeds.length),
            initialSeeds: plan.race.initialSeeds,
            rounds: race.rounds,
            gridRuns: plan.runCount,
            dropped: race.dropped.length,
          },
        }
      : {}),
    metrics: results.metrics,
    ...(results.extraMetrics.length > 0 ? { extraMetrics: results.extraMetrics } : {}),
    pareto: plan.pareto,
    document: plan.raw,
    files,
    catalogue: catalogueFor(results.metrics),
  };
  writeFileAtomic(join(dir, SWEEP_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  if (plan.race) {
    // Ranked from the files just written, exactly as `ctrlsim recommend` would rank them.
    const saved = savedRecommendation(recommend(sweepTables(plan, results), plan.race.rule), plan.race.rule, plan.knobs, plan.seeds.length, plan.points.length);
    if (saved) writeFileAtomic(join(dir, 'recommendation.json'), JSON.stringify(saved, null, 2) + '\n');
  }
  writeSweepReport(dir);
  return manifest;
}
