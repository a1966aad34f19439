import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Divergence } from '../../sim/engine/fingerprint.js';
import { firstDivergence } from '../../sim/engine/fingerprint.js';
import { withConfigDir } from '../config/config-base.js';
import { validateExperiment } from '../config/load.js';
import { ConfigError } from '../schema/config-error.js';
import { loadControllerModules } from './controller-factory.js';
import { runExperiment } from './run-experiment.js';
import { fileSha256, requireVerified } from './verify.js';
import type { RunManifest } from './write-run.js';

/** Result of replaying a run directory. */
export interface ReplayResult {
  /** Fingerprint pinned in the manifest. */
  readonly expected: string;
  /** Fingerprint of the rerun. */
  readonly actual: string;
  /** Whether the fingerprints agree. */
  readonly matches: boolean;
  /** Where the traces first differ, when they do and the run kept checkpoints (a study run keeps none). */
  readonly divergence?: Divergence;
}

/** Reads a run directory's manifest. */
function readManifest(runDir: string): RunManifest {
  const file = join(runDir, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('run-dir', 'a run directory containing manifest.json', JSON.stringify(runDir));
  }
  try {
    return JSON.parse(text) as RunManifest;
  } catch (e) {
    throw new ConfigError(file, 'valid JSON', `a syntax error: ${(e as Error).message}`);
  }
}

/**
 * Reruns a run from its manifest (config and seed) and compares
 * fingerprints. The directory is verified first (every SHA-256 of its
 * manifest), so an edited file is reported as tampering, never replayed.
 * Every kind of run replays from any working directory: experiments (their
 * traces and bring-your-own modules found again at the config's directory,
 * recorded in the manifest, and refused if they changed since) and studies.
 */
export async function replayRun(runDir: string): Promise<ReplayResult> {
  const manifest = readManifest(runDir);
  requireVerified(runDir);
  const study = (manifest as { study?: unknown }).study;
  if (typeof study === 'string') {
    const [{ parseStudyDocument }, { runStudy }] = await Promise.all([import('../studies/study-schema.js'), import('../studies/run-study.js')]);
    const result = runStudy(parseStudyDocument(manifest.config), manifest.seed);
    return { expected: manifest.fingerprint, actual: result.fingerprint, matches: result.fingerprint === manifest.fingerprint };
  }
  const inputs = manifest.inputs;
  const exp = withConfigDir(inputs?.base, () => validateExperiment(manifest.config));
  if (inputs) {
    // An input edited since the run would look like a divergence of the simulator; name it instead.
    const now: Record<string, string> = {};
    for (const s of exp.services) for (const l of s.load) if (l.shape === 'trace') now[l.file] = l.sha256;
    for (const c of Object.values(exp.controllers))
      if (c.kind === 'module' && existsSync(resolve(inputs.base, c.module))) now[c.module] = fileSha256(resolve(inputs.base, c.module));
    for (const [path, sha] of Object.entries(inputs.files)) {
      if (now[path] !== sha) {
        throw new ConfigError(
          resolve(inputs.base, path),
          `the input the run read (SHA-256 ${sha.slice(0, 12)}…)`,
          `a file whose SHA-256 is ${(now[path] ?? 'unknown').slice(0, 12)}… (changed since the run, so a replay cannot reproduce it)`,
        );
      }
    }
  }
  const modules = await loadControllerModules(exp, join(inputs?.base ?? process.cwd(), 'experiment'));
  const outcome = runExperiment(exp, manifest.seed, {}, modules);
  const divergence = outcome.fingerprint === manifest.fingerprint ? undefined : firstDivergence(manifest.checkpoints, outcome.checkpoints);
  return {
    expected: manifest.fingerprint,
    actual: outcome.fingerprint,
    matches: outcome.fingerprint === manifest.fingerprint,
    // Checkpoints that all agree put the divergence after the last one, before the horizon.
    ...(outcome.fingerprint !== manifest.fingerprint
      ? { divergence: divergence ?? { agreedUntil: manifest.checkpoints.at(-1)?.at ?? 0, divergedBy: exp.horizon } }
      : {}),
  };
}
