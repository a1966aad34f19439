import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../schema/config-error.js';

/** One file of an output directory that does not match its manifest. */
interface VerifyProblem {
  /** The file, as a path under the directory given. */
  readonly file: string;
  /** What is wrong: missing, or the digest found. */
  readonly problem: string;
}

/** What `verifyDir` checked. */
export interface VerifyResult {
  /** Files whose SHA-256 the manifest (or a run record itself) pins, checked. */
  readonly checked: readonly string[];
  /** Those that did not match. */
  readonly problems: readonly VerifyProblem[];
}

/** SHA-256 (hex) of a file's bytes. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The pattern of a sweep run record's digest, the last field of its one line. */
const RECORD_DIGEST = /,"digest":"([0-9a-f]{64})"\}\n?$/;

/**
 * Checks a run record's own digest: undefined when it matches or the record
 * carries none (written by an older ctrlsim), else what is wrong. The digest
 * is the SHA-256 of the record's line without it.
 */
export function recordDigestProblem(text: string): string | undefined {
  const m = RECORD_DIGEST.exec(text);
  if (!m) return undefined;
  const body = `${text.slice(0, m.index)}}`;
  const actual = createHash('sha256').update(body).digest('hex');
  return actual === m[1] ? undefined : `its digest says ${m[1]!.slice(0, 12)}…, its content hashes to ${actual.slice(0, 12)}… (edited after it was written)`;
}

/** A record's line with its digest appended (see `recordDigestProblem`). */
export function withRecordDigest(line: string): string {
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  const digest = createHash('sha256').update(body).digest('hex');
  return `${body.slice(0, -1)},"digest":"${digest}"}\n`;
}

/**
 * Checks an output directory (a run, a study run, a sweep or a shard): every
 * SHA-256 its manifest.json lists, and every run record under runs/ that
 * carries its own digest. Throws `ConfigError` when `dir` has neither a
 * manifest nor run records.
 */
export function verifyDir(dir: string): VerifyResult {
  const checked: string[] = [];
  const problems: VerifyProblem[] = [];
  const manifestFile = join(dir, 'manifest.json');
  const runs = join(dir, 'runs');
  if (!existsSync(manifestFile) && !existsSync(join(runs, 'sweep.json'))) {
    throw new ConfigError('dir', 'a ctrlsim output directory (with manifest.json, or runs/sweep.json for a sweep shard)', JSON.stringify(dir));
  }
  if (existsSync(manifestFile)) {
    let manifest: { files?: unknown };
    try {
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files?: unknown };
    } catch (e) {
      throw new ConfigError(manifestFile, 'valid JSON', `a syntax error: ${(e as Error).message}`);
    }
    const files = typeof manifest.files === 'object' && manifest.files !== null ? (manifest.files as Record<string, unknown>) : {};
    for (const [name, sha] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const file = join(dir, name);
      checked.push(file);
      if (!existsSync(file)) problems.push({ file, problem: 'missing' });
      else {
        const actual = fileSha256(file);
        if (actual !== sha)
          problems.push({ file, problem: `SHA-256 ${actual.slice(0, 12)}…, the manifest records ${String(sha).slice(0, 12)}… (edited after the run)` });
      }
    }
  }
  if (existsSync(runs)) {
    for (const f of readdirSync(runs).sort()) {
      if (!/^p\d+-s\d+\.json$/.test(f)) continue;
      const file = join(runs, f);
      checked.push(file);
      const problem = recordDigestProblem(readFileSync(file, 'utf8'));
      if (problem) problems.push({ file, problem });
    }
  }
  return { checked, problems };
}

/**
 * Verifies a directory before a command reads it: throws `ConfigError` naming
 * the first file that does not match (exit 2), so tampered data is never
 * replayed, reported, merged or resumed.
 */
export function requireVerified(dir: string): void {
  const { problems } = verifyDir(dir);
  const first = problems[0];
  if (first) throw new ConfigError(first.file, 'the content recorded when ctrlsim wrote it (ctrlsim verify lists every mismatch)', first.problem);
}
