import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PropertyViolation } from '../../sim/properties/property.js';
import { ConfigError } from '../schema/config-error.js';
import { removeStaleTemps, writeFileAtomic } from '../sweep/atomic-file.js';
import { RUNS_DIR } from '../sweep/run-store.js';
import { ctrlsimVersion } from '../runner/version.js';
import type { Fault } from './schedule.js';

/** The finished result of one explore run, one small JSON file in runs/. */
export interface ExploreRecord {
  /** The exploration's config hash; records of another configuration are never reused. */
  readonly config: string;
  /** Run index. */
  readonly run: number;
  /** The world's seed. */
  readonly seed: number;
  /** The kinds the swarm enabled. */
  readonly enabled: readonly string[];
  /** The schedule's faults. */
  readonly faults: readonly Fault[];
  /** Violations, first first. */
  readonly violations: readonly PropertyViolation[];
  /** Trace fingerprint. */
  readonly fingerprint: string;
}

/** The identity file of an exploration's runs/. */
const EXPLORE_IDENTITY = 'explore.json';

/** A record's file name: the run index, zero-padded. */
function exploreRecordName(run: number): string {
  return `r${String(run).padStart(7, '0')}.json`;
}

/**
 * The runs/ directory of an exploration, kept like a sweep's: one
 * atomically written file per finished run, an identity file naming the
 * configuration, `resume` skipping what is on disk, `force` discarding it.
 * Shards of one exploration write the same file names, so copying their
 * runs/ into one directory and resuming there completes the exploration.
 */
export class ExploreStore {
  private constructor(
    /** The exploration directory (absolute). */
    readonly dir: string,
    private readonly config: string,
  ) {}

  /** Opens `out` (see the class comment). Throws `ConfigError` for a non-empty directory without `resume` or `force`, or one of another configuration. */
  static open(
    out: string,
    identity: { readonly name: string; readonly config: string; readonly document: unknown },
    options: { readonly resume?: boolean; readonly force?: boolean } = {},
  ): ExploreStore {
    const dir = resolve(out);
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new ConfigError('--out', 'a directory path', `${JSON.stringify(out)} (an existing file)`);
      if (readdirSync(dir).length > 0) {
        if (options.force) rmSync(dir, { recursive: true, force: true });
        else if (options.resume) {
          const found = readExploreIdentity(dir);
          if (found && found.config !== identity.config) {
            throw new ConfigError(
              '--resume',
              `an exploration directory of this configuration (hash ${identity.config}), or --force to replace it`,
              `${JSON.stringify(out)} (hash ${found.config})`,
            );
          }
          if (!found && !existsSync(join(dir, RUNS_DIR)))
            throw new ConfigError(
              '--resume',
              'an exploration directory (with runs/explore.json), or --force to replace it',
              `${JSON.stringify(out)} (not one)`,
            );
        } else {
          throw new ConfigError(
            '--out',
            'a new or empty directory (or --resume to continue the exploration there, or --force to replace it)',
            `${JSON.stringify(out)} (exists and is not empty)`,
          );
        }
      }
    }
    const runs = join(dir, RUNS_DIR);
    mkdirSync(runs, { recursive: true });
    removeStaleTemps(runs);
    const idFile = join(runs, EXPLORE_IDENTITY);
    if (!existsSync(idFile)) writeFileAtomic(idFile, JSON.stringify({ ctrlsim: ctrlsimVersion(), ...identity }, null, 2) + '\n');
    return new ExploreStore(dir, identity.config);
  }

  /** Finished runs on disk of this configuration, by run index (torn or foreign files are ignored and rerun). */
  finished(): Map<number, ExploreRecord> {
    const out = new Map<number, ExploreRecord>();
    const runs = join(this.dir, RUNS_DIR);
    for (const f of readdirSync(runs).sort()) {
      if (!/^r\d+\.json$/.test(f)) continue;
      try {
        const r = JSON.parse(readFileSync(join(runs, f), 'utf8')) as ExploreRecord;
        if (r.config === this.config && Number.isInteger(r.run) && exploreRecordName(r.run) === f && Array.isArray(r.violations) && Array.isArray(r.faults))
          out.set(r.run, r);
      } catch {
        // A torn file: the run is done again.
      }
    }
    return out;
  }

  /** Stores a finished run atomically. */
  write(record: ExploreRecord): void {
    writeFileAtomic(join(this.dir, RUNS_DIR, exploreRecordName(record.run)), JSON.stringify(record) + '\n');
  }
}

function readExploreIdentity(dir: string): { config: string } | undefined {
  try {
    const r = JSON.parse(readFileSync(join(dir, RUNS_DIR, EXPLORE_IDENTITY), 'utf8')) as { config?: unknown };
    return typeof r.config === 'string' ? { config: r.config } : undefined;
  } catch {
    return undefined;
  }
}
