import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { acquireOutputLock } from '../output/output-lock.js';
import { checkReplaceable, protectedReason } from '../output/replaceable.js';
import { ConfigError } from '../schema/config-error.js';
import { ctrlsimVersion } from '../runner/version.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-file.js';
import { recordDigestProblem, withRecordDigest } from '../runner/verify.js';
import type { SweepPlan } from './plan.js';

/** The finished result of one run of a sweep, stored as one small JSON file. */
export interface RunRecord {
  /** The sweep's config hash; a record of another configuration is never reused. */
  readonly config: string;
  /** Point index. */
  readonly point: number;
  /** Seed. */
  readonly seed: number;
  /** Trace fingerprint of the run. */
  readonly fingerprint: string;
  /** Events the engine processed (experiments; studies do not count them, and their records leave it out). */
  readonly events?: number;
  /** The plan's fixed metrics (`SweepPlan.metrics`): the summary metrics of an experiment, the study's metrics of a study (null for one of the plan's `nullable` metrics whose event never happened). */
  readonly summary: Readonly<Record<string, number | null>>;
  /**
   * Extra metrics in the order the run reported them: service metrics, then
   * controller metrics; null when a metric has no value in the run. Empty for
   * studies; absent in records of run-store format 1 (written before sweeps
   * kept them), which are read as having none.
   */
  readonly extra?: Readonly<Record<string, number | null>>;
}

/** The identity file of a sweep directory's runs/: which configuration the records belong to. */
export interface SweepIdentity {
  /** ctrlsim version. */
  readonly ctrlsim: string;
  /** Run-store format (see RUN_STORE_FORMAT); absent means 1. */
  readonly format?: number;
  /** Experiment name. */
  readonly name: string;
  /** Config hash (see `configHash`). */
  readonly config: string;
  /** The experiment document as written, sweep section included. */
  readonly document: unknown;
}

/**
 * The run-store format this ctrlsim writes: 2 since records carry extra
 * metrics (`extra`). Format 1 stores (records without them) can still be
 * read, merged and recommended on, but not resumed: their finished runs lack
 * the extra metrics, so resuming would mix rows with and without them.
 */
const RUN_STORE_FORMAT = 2;

/** The run-store format of an identity (1 when it predates the field). */
export function storeFormat(identity: SweepIdentity): number {
  return identity.format ?? 1;
}

/** Subdirectory of a sweep directory that holds one file per finished run (the resumable part). */
export const RUNS_DIR = 'runs';
/** The identity file inside runs/. */
export const IDENTITY_FILE = 'sweep.json';

/** How to treat an existing output directory. */
export interface OpenOptions {
  /** Continue a sweep of the same configuration found there (or start one if the directory is new or empty). */
  readonly resume?: boolean;
  /** Discard whatever the directory holds. */
  readonly force?: boolean;
}

/** The file name of a run's record: point (zero-padded to the sweep's width) and seed. */
export function recordName(plan: Pick<SweepPlan, 'points'>, point: number, seed: number): string {
  const width = Math.max(4, String(plan.points.length - 1).length);
  return `p${String(point).padStart(width, '0')}-s${seed}.json`;
}

/** A record's file content: fixed key order (the fixed metrics in `metrics` order, extras as the run reported them), one line ending in the SHA-256 of the rest (`digest`), so an edited record is refused rather than absorbed. */
export function recordText(record: RunRecord, metrics: readonly string[]): string {
  const summary = Object.fromEntries(metrics.map((m) => [m, record.summary[m]]));
  // Format 1 records (no extra) are rewritten as that ctrlsim wrote them, without a digest, so a merge of an old store stays byte-identical.
  const line =
    JSON.stringify({
      config: record.config,
      point: record.point,
      seed: record.seed,
      fingerprint: record.fingerprint,
      ...(record.events !== undefined ? { events: record.events } : {}),
      summary,
      ...(record.extra !== undefined ? { extra: record.extra } : {}),
    }) + '\n';
  return record.extra !== undefined ? withRecordDigest(line) : line;
}

/**
 * The runs/ directory of a sweep: one atomically written JSON file per
 * finished run, so a killed sweep loses at most the runs in flight and a
 * resumed one skips what is on disk.
 */
export class RunStore {
  private constructor(
    /** The sweep directory (absolute). */
    readonly dir: string,
    private readonly plan: SweepPlan,
  ) {}

  /**
   * Opens `out` for a sweep. A new or empty directory is started; a non-empty
   * one needs `resume` (and must hold a sweep of the same configuration) or
   * `force` (which discards it). Throws `ConfigError` otherwise.
   */
  static open(out: string, plan: SweepPlan, options: OpenOptions = {}): RunStore {
    const dir = resolve(out);
    const why = protectedReason(dir);
    if (why)
      throw new ConfigError(
        '--out',
        'a directory of its own for ctrlsim output (never the root, your home, the current directory or its parents)',
        `${JSON.stringify(out)} (${why})`,
      );
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new ConfigError('--out', 'a directory path', `${JSON.stringify(out)} (an existing file)`);
      if (readdirSync(dir).length > 0) {
        if (options.force) {
          // Only ctrlsim's own output is ever deleted, and only with the lock held.
          checkReplaceable(out, { force: true, label: '--out', flag: '--force' });
          acquireOutputLock(dir, out);
          rmSync(dir, { recursive: true, force: true });
        } else if (options.resume) {
          const found = readIdentity(dir);
          if (!found && !unstarted(dir)) {
            throw new ConfigError(
              '--resume',
              'a sweep directory (with runs/sweep.json), or --force to replace it',
              `${JSON.stringify(out)} (not a sweep directory)`,
            );
          }
          if (found && found.config !== plan.configHash) {
            throw new ConfigError(
              '--resume',
              `a sweep directory of this configuration (hash ${plan.configHash}), or --force to replace it`,
              `${JSON.stringify(out)} (a sweep of ${found.ctrlsim === ctrlsimVersion() ? 'another configuration' : `ctrlsim ${found.ctrlsim}`}, hash ${found.config})`,
            );
          }
          if (found && storeFormat(found) !== RUN_STORE_FORMAT) {
            throw new ConfigError(
              '--resume',
              `a run store of format ${RUN_STORE_FORMAT} (records with service and controller metrics), or --force to rerun the sweep`,
              `${JSON.stringify(out)} (format ${storeFormat(found)}, written before sweeps kept those metrics; its results stay readable by recommend, report and merge)`,
            );
          }
        } else {
          throw new ConfigError(
            '--out',
            'a new or empty directory (or pass --resume to continue the sweep there, or --force to replace it)',
            `${JSON.stringify(out)} (exists and is not empty)`,
          );
        }
      }
    }
    mkdirSync(dirname(dir), { recursive: true });
    // Held until the process exits: a second sweep into the same directory fails at once.
    acquireOutputLock(dir, out);
    const runs = join(dir, RUNS_DIR);
    mkdirSync(runs, { recursive: true });
    removeStaleTemps(dir);
    removeStaleTemps(runs);
    const identityFile = join(runs, IDENTITY_FILE);
    if (!existsSync(identityFile)) writeFileAtomic(identityFile, identityText(plan));
    return new RunStore(dir, plan);
  }

  /** Finished runs on disk, by run index; files that are torn, foreign or out of place are ignored (and will be rerun). */
  finished(): Map<number, RunRecord> {
    return readRecords(join(this.dir, RUNS_DIR), this.plan, RUN_STORE_FORMAT);
  }

  /** Stores a finished run atomically. */
  write(record: RunRecord): void {
    writeFileAtomic(join(this.dir, RUNS_DIR, recordName(this.plan, record.point, record.seed)), recordText(record, this.plan.metrics));
  }
}

/** A sweep killed before it wrote its identity file leaves only runs/, holding nothing or temporary files. */
function unstarted(dir: string): boolean {
  const entries = readdirSync(dir);
  if (entries.length !== 1 || entries[0] !== RUNS_DIR) return false;
  return readdirSync(join(dir, RUNS_DIR)).every((f) => f.startsWith('.') && f.endsWith('.tmp'));
}

/** The identity file's content for a plan. */
function identityText(plan: SweepPlan): string {
  const identity: SweepIdentity = { ctrlsim: ctrlsimVersion(), format: RUN_STORE_FORMAT, name: plan.name, config: plan.configHash, document: plan.raw };
  return JSON.stringify(identity, null, 2) + '\n';
}

/** Reads a sweep directory's identity file, or undefined if it has none (or an unreadable one). */
export function readIdentity(dir: string): SweepIdentity | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, RUNS_DIR, IDENTITY_FILE), 'utf8')) as Partial<SweepIdentity>;
    if (typeof parsed.config !== 'string' || typeof parsed.name !== 'string' || typeof parsed.ctrlsim !== 'string') return undefined;
    if (parsed.format !== undefined && !(Number.isInteger(parsed.format) && parsed.format >= 1)) return undefined;
    return parsed as SweepIdentity;
  } catch {
    return undefined;
  }
}

/**
 * Reads the run records in a runs/ directory that belong to `plan`: the right
 * config hash, a point and seed of the plan, a file name matching them, and
 * the shape of the store's `format` (format 2 records must carry `extra`).
 */
export function readRecords(runsDir: string, plan: SweepPlan, format: number): Map<number, RunRecord> {
  const out = new Map<number, RunRecord>();
  const seedIndex = new Map(plan.seeds.map((s, i) => [s, i]));
  for (const f of readdirSync(runsDir).sort()) {
    if (!/^p\d+-s\d+\.json$/.test(f)) continue;
    const record = parseRecord(join(runsDir, f), plan.metrics, new Set(plan.nullable), format);
    if (!record || record.config !== plan.configHash) continue;
    const s = seedIndex.get(record.seed);
    if (s === undefined || record.point >= plan.points.length || recordName(plan, record.point, record.seed) !== f) continue;
    out.set(record.point * plan.seeds.length + s, record);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseRecord(file: string, metrics: readonly string[], nullable: ReadonlySet<string>, format: number): RunRecord | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // A torn record (a killed writer) is rerun; a whole one whose digest does not match was edited, and is refused.
  const problem = recordDigestProblem(text);
  if (problem) throw new ConfigError(file, 'a run record as ctrlsim wrote it (ctrlsim verify lists every mismatch)', problem);
  try {
    const r = JSON.parse(text) as Record<string, unknown>;
    const summary = r['summary'];
    const extra = r['extra'];
    const ok =
      typeof r['config'] === 'string' &&
      Number.isInteger(r['point']) &&
      Number.isInteger(r['seed']) &&
      typeof r['fingerprint'] === 'string' &&
      (r['events'] === undefined || typeof r['events'] === 'number') &&
      isObject(summary) &&
      metrics.every((m) => typeof summary[m] === 'number' || (summary[m] === null && nullable.has(m))) &&
      (format < 2 ? extra === undefined : isObject(extra) && Object.values(extra).every((v) => v === null || typeof v === 'number'));
    return ok ? (r as unknown as RunRecord) : undefined;
  } catch {
    return undefined;
  }
}
