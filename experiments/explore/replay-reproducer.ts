import type { PropertyViolation } from '../../sim/properties/property.js';
import { loadTarget } from './load-target.js';

/**
 * Runs a reproducer file (an experiment or leader-election study, as
 * explore writes them) with its own seed and returns its violations: what
 * the regression suite compares with the file's `.expected.json`.
 */
export async function replayReproducer(file: string): Promise<readonly PropertyViolation[]> {
  const { target, raw } = await loadTarget(file);
  const seed = typeof raw['seed'] === 'number' ? raw['seed'] : 1;
  return target.run(raw, seed).violations;
}
