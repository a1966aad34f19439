import { isStudyDocument } from '../studies/study-schema.js';
import { loadExperimentFile, locatingErrors, parseDocumentText, readConfigText } from '../config/load.js';
import { loadControllerModules } from '../runner/controller-factory.js';
import { loadModuleProperties } from '../properties/module-properties.js';
import { parseStudyDocument } from '../studies/study-schema.js';
import { ConfigError, describeValue } from '../schema/config-error.js';
import type { ExploreSection } from './explore-schema.js';
import { ExperimentTarget } from './experiment-target.js';
import { LeaderElectionTarget } from './leader-election-target.js';
import type { ExploreTarget } from './target.js';

/** An explore target with the file's `explore:` section and document. */
export interface LoadedTarget {
  /** The target. */
  readonly target: ExploreTarget;
  /** The file's `explore:` section, if any. */
  readonly section: ExploreSection | undefined;
  /** The document as written. */
  readonly raw: Record<string, unknown>;
}

/**
 * Loads the file explore plays schedules on: an experiment (its controller
 * modules and their exported properties loaded too) or a leader-election
 * study. Throws `ConfigError` for bad input, including a study kind that
 * explore cannot play faults on.
 */
export async function loadTarget(file: string): Promise<LoadedTarget> {
  const text = readConfigText(file, 'experiment or study');
  const raw = parseDocumentText(text, file);
  if (isStudyDocument(raw)) {
    const doc = locatingErrors(text, file, () => parseStudyDocument(raw));
    if (doc.study !== 'leader-election') throw new ConfigError('study', 'a study explore can play faults on: leader-election', describeValue(doc.study));
    return { target: new LeaderElectionTarget(raw as Record<string, unknown>), section: doc.explore, raw: raw as Record<string, unknown> };
  }
  const { experiment } = loadExperimentFile(file);
  const [modules, properties] = await Promise.all([loadControllerModules(experiment, file), loadModuleProperties(experiment, file)]);
  return {
    target: new ExperimentTarget(raw as Record<string, unknown>, modules, properties),
    section: experiment.explore,
    raw: raw as Record<string, unknown>,
  };
}
