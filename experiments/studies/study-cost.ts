import { SECOND } from '../../lib/time.js';
import { LEADER_ELECTION_DEFAULTS } from './leader-election-scenario.js';
import { MULTI_REGION_DEFAULTS } from './multi-region-scenario.js';
import { locatingErrors } from '../config/load.js';
import type { CostLimits, RunCost } from '../runner/cost.js';
import { checkRunCost } from '../runner/cost.js';
import type { LoadedStudy } from './run-study.js';
import type { StudyDocument } from './study-schema.js';

/**
 * Engine events per virtual second of each study at its defaults, measured
 * (leader election: 3 controller and 3 store replicas, retry 2 s, sync 5 s →
 * 5.9–6.1; multi-region: 3 regions, its default periods → 2.5–2.6), times a
 * margin of 3 so the estimate is an upper one. An orchestration study ends
 * when its workflow does (45 events at its defaults, whatever the horizon).
 */
const LEADER_ELECTION_EVENTS_PER_S = 6 * 3;
const MULTI_REGION_EVENTS_PER_S = 2.6 * 3;
const ORCHESTRATION_EVENTS = 10_000;

/**
 * Estimates a study run's engine events from its parameters: the measured
 * rate at the defaults, scaled by how the parameters multiply the messages
 * (replicas × store replicas and the retry and sync rates for leader election;
 * regions² and the sync and local-change rates for multi-region), over the
 * horizon. Rows and bytes are small beside events for every study and are not
 * estimated.
 */
function estimateStudyCost(doc: StudyDocument): RunCost {
  let events: number;
  switch (doc.study) {
    case 'leader-election': {
      const p = doc.params;
      const d = LEADER_ELECTION_DEFAULTS;
      const scale =
        (p.controllerReplicas / d.controllerReplicas) *
        ((p.storeReplicas + 1) / (d.storeReplicas + 1)) *
        Math.max(1, d.retryPeriod / p.retryPeriod, d.syncPeriod / p.syncPeriod);
      events = LEADER_ELECTION_EVENTS_PER_S * scale * (p.horizon / SECOND);
      break;
    }
    case 'multi-region': {
      const p = doc.params;
      const d = MULTI_REGION_DEFAULTS;
      const scale = (p.regions / d.regions) ** 2 * Math.max(1, d.syncPeriod / p.syncPeriod, d.localChangePeriod / p.localChangePeriod);
      events = MULTI_REGION_EVENTS_PER_S * scale * (p.horizon / SECOND);
      break;
    }
    case 'orchestration':
      events = ORCHESTRATION_EVENTS;
      break;
  }
  return { events: Math.ceil(events), rows: 0, bytes: 0 };
}

/** Refuses a study document estimated past `limits` (a `ConfigError` on `params.horizon`, unlocated); returns the estimate. A study sweep checks each point with it. */
export function checkStudyDocumentCost(doc: StudyDocument, limits: CostLimits): RunCost {
  const cost = estimateStudyCost(doc);
  checkRunCost(cost, limits, 'params.horizon', 'this study');
  return cost;
}

/** Refuses a study estimated past `limits` before it runs (exit 2), located at its `params.horizon` line. */
export function checkStudyCost(loaded: LoadedStudy, limits: CostLimits): RunCost {
  const check = () => checkStudyDocumentCost(loaded.study, limits);
  return loaded.text !== undefined ? locatingErrors(loaded.text, loaded.file, check) : check();
}
