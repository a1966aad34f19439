import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayManifest, ReplayResult } from '../scenario/scenario-kind.js';
import { scenarioKindOf } from '../scenario/registry.js';
import { ConfigError } from '../schema/config-error.js';
import { requireVerified } from './verify.js';

/** Reads a run directory's manifest. */
function readManifest(runDir: string): ReplayManifest {
  const file = join(runDir, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('run-dir', 'a run directory containing manifest.json', JSON.stringify(runDir));
  }
  try {
    return JSON.parse(text) as ReplayManifest;
  } catch (e) {
    throw new ConfigError(file, 'valid JSON', `a syntax error: ${(e as Error).message}`);
  }
}

/**
 * Reruns a run from its manifest (config and seed) and compares
 * fingerprints. The directory is verified first (every SHA-256 of its
 * manifest), so an edited file is reported as tampering, never replayed.
 * The recorded config's kind reruns it (see `ScenarioKind.replay`), from any
 * working directory.
 */
export async function replayRun(runDir: string): Promise<ReplayResult> {
  const manifest = readManifest(runDir);
  requireVerified(runDir);
  return scenarioKindOf(manifest.config).replay(manifest);
}
