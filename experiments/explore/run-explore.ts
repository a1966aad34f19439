import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { toSeconds } from '../../lib/time.js';
import { writeExploreReport } from '../../reports/explore-report.js';
import { ConfigError } from '../schema/config-error.js';
import { writeFileAtomic } from '../sweep/atomic-file.js';
import type { ProgressSink } from '../sweep/progress.js';
import { NO_PROGRESS } from '../sweep/progress.js';
import type { Shard } from '../sweep/shard.js';
import { ctrlsimVersion } from '../runner/version.js';
import type { ExploreBounds } from './explore-schema.js';
import { exploreBounds } from './explore-schema.js';
import type { PropertyFindings } from './findings.js';
import { faultToViolation, findings, kindPropertyCounts } from './findings.js';
import { loadTarget } from './load-target.js';
import { playRuns } from './pool.js';
import type { ExploreSpec } from './probe.js';
import { relocate, writeExpectation, writeReproducer } from './reproducer.js';
import type { Schedule } from './schedule.js';
import { scheduleSize } from './schedule.js';
import type { ShrinkResult } from './shrink.js';
import { shrinkSchedule, sizeText } from './shrink.js';
import type { ExploreRecord } from './store.js';
import { ExploreStore } from './store.js';

/** Options of `runExplore`. */
export interface ExploreOptions {
  /** Experiment or study file. */
  readonly file: string;
  /** Exploration directory. */
  readonly out: string;
  /** Explore seed: the same seed, file and bounds plan the same runs. */
  readonly seed: number;
  /** Runs (overrides the file's `explore.runs`). */
  readonly runs?: number | undefined;
  /** Worker threads. */
  readonly workers: number;
  /** Continue an exploration in `out`. */
  readonly resume?: boolean;
  /** Discard what `out` holds. */
  readonly force?: boolean;
  /** Run only this slice of the runs. */
  readonly shard?: Shard | undefined;
  /** Also write each shrunk reproducer and its golden here. */
  readonly saveFailures?: string | undefined;
  /** Progress of the runs. */
  readonly progress?: ProgressSink;
}

/** One distinct violation, shrunk, with its reproducer. */
interface ShrunkFinding extends PropertyFindings {
  /** The schedule the first violating run played. */
  readonly original: Schedule;
  /** Shrinking's outcome. */
  readonly shrunk: ShrinkResult;
  /** The reproducer in the exploration directory. */
  readonly reproducer: string;
  /** The copy written under --save-failures, if any. */
  readonly saved?: string;
}

/** What an exploration did. */
export interface ExploreOutcome {
  /** The exploration directory. */
  readonly dir: string;
  /** The bounds used. */
  readonly bounds: ExploreBounds;
  /** Runs in this process's slice. */
  readonly slice: number;
  /** Runs played now. */
  readonly ran: number;
  /** Runs found on disk. */
  readonly resumed: number;
  /** False for a shard of several: its runs are stored, nothing is shrunk or reported. */
  readonly complete: boolean;
  /** Runs with at least one violation. */
  readonly failingRuns: number;
  /** Distinct violations, shrunk (empty for a shard). */
  readonly findings: readonly ShrunkFinding[];
  /** The target family. */
  readonly family: string;
}

/** Files an exploration writes besides runs/. */
const EXPLORE_FILES = { report: 'report.html', findings: 'findings.json', failures: 'failures' } as const;

const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, '_');

/**
 * `ctrlsim explore`: plays `runs` random fault schedules (planned from the
 * seed, so any worker count, shard or resume gives the same runs), stores
 * each result like a sweep run, then for every property some run violated
 * shrinks the first such run's schedule and writes it as a plain file
 * under failures/ (and, with `saveFailures`, as a regression golden), and
 * writes findings.json and report.html.
 */
export async function runExplore(options: ExploreOptions): Promise<ExploreOutcome> {
  const { target, section, raw } = await loadTarget(options.file);
  const fromFile = exploreBounds(section, target.supported, target.horizon);
  const bounds: ExploreBounds = options.runs !== undefined ? { ...fromFile, runs: options.runs } : fromFile;
  for (const [kind, list] of Object.entries(bounds.targets)) {
    const known = (target.supported as readonly string[]).includes(kind) ? target.choices(kind as (typeof target.supported)[number]) : [];
    const bad = list.findIndex((t) => !known.includes(t));
    if (bad >= 0)
      throw new ConfigError(
        `explore.targets.${kind}[${bad}]`,
        known.length ? `one of ${known.join(', ')}` : `a fault kind this target supports: ${target.supported.join(', ')}`,
        JSON.stringify(list[bad]),
      );
  }
  if (!Number.isInteger(bounds.runs) || bounds.runs < 1) throw new ConfigError('--runs', 'an integer ≥ 1', String(options.runs));
  const config = createHash('sha256')
    .update(`ctrlsim ${ctrlsimVersion()}\n`)
    .update(JSON.stringify({ raw, seed: options.seed, bounds }))
    .digest('hex')
    .slice(0, 16);
  const store = ExploreStore.open(options.out, { name: target.name, config, document: raw }, options);
  const spec: ExploreSpec = { file: options.file, seed: options.seed, bounds, config };
  const shard = options.shard;
  const slice = Array.from({ length: bounds.runs }, (_, i) => i).filter((i) => !shard || i % shard.count === shard.index - 1);
  const done = store.finished();
  const pending = slice.filter((i) => !done.has(i));
  const progress = options.progress ?? NO_PROGRESS;
  progress.start(slice.length, slice.length - pending.length);
  await playRuns(target, spec, pending, options.workers, (r) => {
    store.write(r);
    progress.advance();
  });
  progress.finish();
  const base = { dir: store.dir, bounds, slice: slice.length, ran: pending.length, resumed: slice.length - pending.length, family: target.family };
  const all = store.finished();
  const records: ExploreRecord[] = [];
  for (let i = 0; i < bounds.runs; i++) {
    const r = all.get(i);
    if (r) records.push(r);
  }
  const failingRuns = records.filter((r) => r.violations.length > 0).length;
  if (records.length < bounds.runs) return { ...base, complete: false, failingRuns, findings: [] };

  const shrunkFindings: ShrunkFinding[] = [];
  for (const f of findings(records)) {
    const original: Schedule = { faults: f.first.faults, horizon: target.horizon };
    const shrunk = shrinkSchedule(target, original, f.first.seed, f.property, bounds.shrinkRuns);
    const doc = target.document(shrunk.schedule, f.first.seed);
    const note = `Shrunk from run ${f.first.run} of ctrlsim explore --seed ${options.seed} (${sizeText(original)}) to ${sizeText(shrunk.schedule)} in ${shrunk.steps} steps (${shrunk.runs} runs).`;
    const reproducer = join(store.dir, EXPLORE_FILES.failures, `${safe(f.property)}.yaml`);
    writeReproducer(reproducer, relocate(doc, options.file, reproducer), shrunk.violation, f.first.seed, note);
    let saved: string | undefined;
    if (options.saveFailures !== undefined) {
      saved = join(options.saveFailures, `${safe(target.name)}--${safe(f.property)}.yaml`);
      writeReproducer(saved, relocate(doc, options.file, saved), shrunk.violation, f.first.seed, note);
      writeExpectation(saved, { property: f.property, kind: f.kind, seed: f.first.seed, at_s: toSeconds(shrunk.violation.at), expect: 'violated' });
    }
    shrunkFindings.push({ ...f, original, shrunk, reproducer, ...(saved !== undefined ? { saved } : {}) });
  }

  const summary = {
    name: target.name,
    family: target.family,
    seed: options.seed,
    runs: bounds.runs,
    bounds,
    failingRuns,
    findings: shrunkFindings.map((f) => ({
      property: f.property,
      kind: f.kind,
      runs: f.runs,
      firstRun: f.first.run,
      seed: f.first.seed,
      violation: f.violation,
      before: scheduleSize(f.original),
      after: scheduleSize(f.shrunk.schedule),
      shrinkSteps: f.shrunk.steps,
      shrinkRuns: f.shrunk.runs,
      shrunkViolation: f.shrunk.violation,
      shrunkFaults: f.shrunk.schedule.faults,
      reproducer: join(EXPLORE_FILES.failures, `${safe(f.property)}.yaml`),
    })),
  };
  writeFileAtomic(join(store.dir, EXPLORE_FILES.findings), JSON.stringify(summary, null, 2) + '\n');
  writeExploreReport(join(store.dir, EXPLORE_FILES.report), {
    name: target.name,
    family: target.family,
    seed: options.seed,
    runs: bounds.runs,
    failingRuns,
    bounds,
    counts: kindPropertyCounts(records),
    delays: faultToViolation(records),
    findings: shrunkFindings.map((f) => ({
      property: f.property,
      kind: f.kind,
      runs: f.runs,
      firstRun: f.first.run,
      steps: f.shrunk.steps,
      before: scheduleSize(f.original),
      after: scheduleSize(f.shrunk.schedule),
      violationAt: f.shrunk.violation.at,
      faults: f.shrunk.schedule.faults,
      explanation: f.shrunk.violation.explanation,
    })),
  });
  return { ...base, complete: true, failingRuns, findings: shrunkFindings };
}
