import type { LeaderElectionScenario } from '../studies/leader-election-scenario.js';
import { checkStudy } from '../properties/study-properties.js';
import { runStudy } from '../studies/run-study.js';
import { parseStudyDocument } from '../studies/study-schema.js';
import { formatDuration } from '../../lib/duration.js';
import type { FaultKind } from './fault-kinds.js';
import type { Schedule } from './schedule.js';
import type { ExploreTarget, ProbeResult } from './target.js';

/** The slowest the first leader's clock runs under the strongest clock-skew fault (45% slow, as the fencing property test bounds it). */
const MAX_LEADER_DRIFT = 0.45;

/**
 * Explore target of a leader-election study file: partitions and held
 * partitions become the study's `faults:` (a zone, or the lease holder's
 * zone, cut off; held: its messages to the API delivered only when the
 * partition heals), and the strongest clock-skew fault makes the first
 * leader's clock run slow by up to 45% for the whole run. The file's own
 * scripted partition is switched off (`partitionFor: 0s`).
 */
export class LeaderElectionTarget implements ExploreTarget {
  readonly family = 'leader-election study';
  readonly supported: readonly FaultKind[] = ['partition', 'held-partition', 'clock-skew'];
  readonly untimed: readonly FaultKind[] = ['clock-skew'];
  readonly name: string;
  readonly horizon: number;
  private readonly params: LeaderElectionScenario;

  constructor(private readonly raw: Record<string, unknown>) {
    const doc = parseStudyDocument(raw);
    if (doc.study !== 'leader-election') throw new Error(`not a leader-election study: ${doc.study}`);
    this.params = doc.params;
    this.name = doc.name;
    this.horizon = doc.params.horizon;
  }

  choices(kind: FaultKind): readonly string[] {
    if (kind === 'clock-skew') return ['replica-0'];
    return ['leader', ...Array.from({ length: this.params.zones }, (_, i) => String(i))];
  }

  document(schedule: Schedule, seed: number): Record<string, unknown> {
    const { explore: _explore, sweep: _sweep, ...rest } = this.raw;
    const params = { ...((rest['params'] as Record<string, unknown> | undefined) ?? {}) };
    const skew = Math.max(0, ...schedule.faults.filter((f) => f.kind === 'clock-skew').map((f) => f.severity));
    params['horizon'] = formatDuration(schedule.horizon);
    params['partitionFor'] = '0s';
    params['firstLeaderDrift'] = skew > 0 ? -Math.round(MAX_LEADER_DRIFT * skew * 100) / 100 : 0;
    params['faults'] = schedule.faults
      .filter((f) => f.kind !== 'clock-skew')
      .map((f) => ({
        at: formatDuration(f.at),
        duration: formatDuration(f.duration),
        zone: f.target === 'leader' ? 'leader' : Number(f.target),
        hold: f.kind === 'held-partition',
      }));
    return { ...rest, seed, params };
  }

  run(doc: Record<string, unknown>, seed: number): ProbeResult {
    const study = parseStudyDocument(doc);
    const result = runStudy(study, seed);
    return { violations: checkStudy(study, result), fingerprint: result.fingerprint };
  }
}
