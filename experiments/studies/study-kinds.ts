/**
 * Every study kind and its definition: the one table a new study is added
 * to (beside its schema in `study-schema.ts`).
 */
import { LEADER_ELECTION_STUDY } from './leader-election.js';
import { MULTI_REGION_STUDY } from './multi-region.js';
import { ORCHESTRATION_STUDY } from './orchestration.js';
import type { StudyDefinition, StudyOutcome } from './study-definition.js';
import type { StudyDocument, StudyKind } from './study-schema.js';

/** The params of the study kind `K`, as validated. */
type ParamsOf<K extends StudyKind> = Extract<StudyDocument, { readonly study: K }>['params'];

/** Each study kind's definition, by kind. */
export const STUDIES: { readonly [K in StudyKind]: StudyDefinition<ParamsOf<K>> } = {
  'leader-election': LEADER_ELECTION_STUDY,
  'multi-region': MULTI_REGION_STUDY,
  orchestration: ORCHESTRATION_STUDY,
};

/** A study document's definition, bound to the document's own params. */
export interface BoundStudy {
  /** The kind's definition (metrics, nullable metrics, Pareto objectives). */
  readonly definition: StudyDefinition<unknown>;
  /** Estimates a run's engine events. */
  estimateEvents(): number;
  /** Runs the document's study once with `seed`. */
  run(seed: number): StudyOutcome;
}

/** Binds a validated study document to its kind's definition. */
export function studyOf(doc: StudyDocument): BoundStudy {
  // The table pairs each kind with its own params type; TypeScript cannot
  // follow doc.study and doc.params together through an index, so this is
  // the one place that says they match (the schema made them so).
  const definition = STUDIES[doc.study] as StudyDefinition<StudyDocument['params']>;
  return {
    definition: definition as StudyDefinition<unknown>,
    estimateEvents: () => definition.estimateEvents(doc.params),
    run: (seed) => definition.run(doc.params, seed),
  };
}
