/**
 * Which kind of scenario a document is: the one rule every command uses. A
 * document with a top-level `study:` key is a study; any other is an
 * experiment (whose loader then reports what is wrong with it).
 */
import { parseDocumentText, readConfigText } from '../config/load.js';
import { experimentKind } from '../runner/experiment-scenario.js';
import { studyKind } from '../studies/study-scenario.js';
import { isStudyDocument } from '../studies/study-schema.js';
import type { Scenario, ScenarioKind, ScenarioSource } from './scenario-kind.js';

/** The kind of a parsed document (a scenario file's, or the config a run or sweep manifest recorded). */
export function scenarioKindOf(raw: unknown): ScenarioKind {
  return isStudyDocument(raw) ? studyKind : experimentKind;
}

/** Validates a parsed document as its kind. Throws `ConfigError` naming the field (located when `source.text` is given). */
export function loadScenario(source: ScenarioSource): Scenario {
  return scenarioKindOf(source.raw).load(source);
}

/**
 * Reads, parses and validates a scenario file (YAML or JSON) of either kind.
 * Throws `ConfigError` on any bad input, led by `file:line:col` where the
 * field was written. A file that cannot be read or parsed is reported as an
 * experiment file, the kind a document is unless it says otherwise.
 */
export function loadScenarioFile(file: string): Scenario {
  const text = readConfigText(file, 'experiment');
  return loadScenario({ file, raw: parseDocumentText(text, file), text });
}
