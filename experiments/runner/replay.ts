import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Divergence } from '../../sim/fingerprint.js';
import { firstDivergence } from '../../sim/fingerprint.js';
import { validateExperiment } from '../config/load.js';
import { ConfigError } from '../schema/config-error.js';
import { runExperiment } from './run-experiment.js';
import type { RunManifest } from './write-run.js';

/** Result of replaying a run directory. */
export interface ReplayResult {
  /** Fingerprint pinned in the manifest. */
  readonly expected: string;
  /** Fingerprint of the rerun. */
  readonly actual: string;
  /** Where the traces first differ, when they do. */
  readonly divergence?: Divergence;
}

/** Reads a run directory's manifest. */
export function readManifest(runDir: string): RunManifest {
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

/** Reruns a run from its manifest (config and seed) and compares fingerprints. */
export function replayRun(runDir: string): ReplayResult {
  const manifest = readManifest(runDir);
  const exp = validateExperiment(manifest.config);
  const outcome = runExperiment(exp, manifest.seed);
  const divergence = outcome.fingerprint === manifest.fingerprint ? undefined : firstDivergence(manifest.checkpoints, outcome.checkpoints);
  return {
    expected: manifest.fingerprint,
    actual: outcome.fingerprint,
    // Checkpoints that all agree put the divergence after the last one, before the horizon.
    ...(outcome.fingerprint !== manifest.fingerprint
      ? { divergence: divergence ?? { agreedUntil: manifest.checkpoints.at(-1)?.at ?? 0, divergedBy: exp.horizon } }
      : {}),
  };
}
