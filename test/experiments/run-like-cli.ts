import { loadExperimentFile } from '../../experiments/config/load.js';
import { experimentChecks } from '../../experiments/runner/property-checks.js';
import { runToDirectory } from '../../experiments/runner/write-run.js';

/**
 * Writes a run directory in this process the way `ctrlsim run FILE --out OUT`
 * writes it: with the run's property checks watching the rows, so the report
 * carries the same properties panel and the bytes can be compared.
 */
export async function runLikeTheCli(file: string, out: string): Promise<void> {
  const loaded = loadExperimentFile(file);
  const checks = await experimentChecks(loaded.experiment, file, loaded.experiment.seed);
  runToDirectory(loaded, { out, observer: checks.observer });
}
