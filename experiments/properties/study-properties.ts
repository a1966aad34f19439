import type { Micros } from '../../lib/time.js';
import { SECOND, fromSeconds, toSeconds } from '../../lib/time.js';
import { dataProperty } from '../../sim/properties/data-property.js';
import { PropertyMonitor } from '../../sim/properties/monitor.js';
import type { FaultWindow, PropertyContext, PropertyViolation, RunMetricValues, RunProperty } from '../../sim/properties/property.js';
import type { StudyResult, StudyRow } from '../studies/study-result.js';
import type { StudyDocument } from '../studies/study-schema.js';
import { toPropertySpec } from './properties-schema.js';
import { ConfigError } from '../schema/config-error.js';

/**
 * Safety of redundant controllers: no action sent under a superseded
 * fencing token is ever applied (an action from a deposed leader). Reads
 * the leader-election study's actuator rows as they are logged.
 */
const NO_DEPOSED_LEADER_ACTION: RunProperty = {
  name: 'no-deposed-leader-action',
  kind: 'safety',
  description: 'no action from a deposed leader (a fencing token older than the current tenure) is applied',
  onEvent(row) {
    if (row['outcome'] !== 'applied' || !(Number(row['token']) < Number(row['current_token']))) return undefined;
    return {
      property: this.name,
      kind: 'safety',
      at: fromSeconds(Number(row['at_s'])),
      explanation: `${String(row['replica'])}'s "${String(row['action'])}" sent at ${String(row['sent_at_s'])}s under token ${String(row['token'])} was applied at ${String(row['at_s'])}s, after token ${String(row['current_token'])} took over`,
    };
  },
};

/** How soon after faults heal some replica must act as leader again. */
const LEADER_RECOVERY: Micros = 60 * SECOND;

/**
 * Liveness of redundant controllers: whenever no replica acts as leader,
 * one does again within `within` of the later of the gap's start and the
 * healing of every fault active during the gap. Reads the study's
 * leadership rows (`type: leadership`); a gap still open at the horizon is
 * checked at the end.
 */
export function leaderAfterHeal(within: Micros = LEADER_RECOVERY): RunProperty {
  const acting = new Set<string>();
  let since: Micros | undefined = 0;
  let healed: Micros = 0;
  const name = 'leader-after-heal';
  const late = (t: Micros, ctx: PropertyContext): PropertyViolation | undefined => {
    if (since === undefined) return undefined;
    for (const f of ctx.faults) if (f.start <= t && f.end >= since && f.end > healed) healed = f.end;
    const deadline = Math.max(since, healed) + within;
    if (t <= deadline) return undefined;
    return {
      property: name,
      kind: 'liveness',
      at: deadline,
      explanation: `no replica acted as leader from ${toSeconds(since)}s to ${toSeconds(t)}s, more than ${toSeconds(within)}s after the faults healed (${toSeconds(Math.max(since, healed))}s)`,
    };
  };
  return {
    name,
    kind: 'liveness',
    description: `some replica acts as leader again within ${toSeconds(within)}s after faults heal`,
    onEvent(row, ctx) {
      if (row['type'] !== 'leadership') return undefined;
      const t = fromSeconds(Number(row['at_s']));
      if (row['leading'] === 'true') {
        const v = late(t, ctx);
        acting.add(String(row['identity']));
        since = undefined;
        return v;
      }
      acting.delete(String(row['identity']));
      if (acting.size === 0 && since === undefined) {
        since = t;
        healed = t;
      }
      return undefined;
    },
    finish(_metrics, ctx) {
      return late(ctx.horizon, ctx);
    },
  };
}

/**
 * Safety of leader election in true time: no tenure of the lease is
 * acquired while the previous one's term still runs. A term runs from its
 * acquiring write to its holder's last successful renewal write plus
 * `leaseDuration`; a successor may acquire up to `leaseDuration ×
 * clockDriftSpread` early, since client-go is only safe while clocks drift
 * within a bound and a successor whose clock runs fast by the spread counts
 * the lease out that much sooner. A leader acting past its own term (a
 * slow clock) does not violate it: that is what fencing is for. Reads the
 * study's tenure rows (`type: tenure`), in acquisition order.
 */
export function noOverlappingLeaseTerms(leaseDuration: Micros, clockDriftSpread: number): RunProperty {
  const tolerance = Math.round(leaseDuration * clockDriftSpread);
  let previous: { holder: string; token: string; termEnd: Micros } | undefined;
  const name = 'no-overlapping-lease-terms';
  return {
    name,
    kind: 'safety',
    description: `no tenure of the lease is acquired before the previous one's term (last renewal + ${toSeconds(leaseDuration)}s) ends, less ${toSeconds(tolerance)}s of clock drift`,
    onEvent(row) {
      if (row['type'] !== 'tenure') return undefined;
      const at = fromSeconds(Number(row['at_s']));
      const before = previous;
      previous = { holder: String(row['holder']), token: String(row['token']), termEnd: fromSeconds(Number(row['renewed_at_s'])) + leaseDuration };
      if (!before || at >= before.termEnd - tolerance) return undefined;
      return {
        property: name,
        kind: 'safety',
        at,
        explanation: `${previous.holder} acquired the lease (token ${previous.token}) at ${toSeconds(at)}s, ${toSeconds(before.termEnd - at)}s before ${before.holder}'s term (token ${before.token}) ended at ${toSeconds(before.termEnd)}s, more than the ${toSeconds(tolerance)}s clock-drift tolerance (${toSeconds(leaseDuration)}s × ${clockDriftSpread})`,
      };
    },
  };
}

/** The properties each study kind ships (fresh instances: some keep state over a run). */
function studyFamilyProperties(doc: StudyDocument): RunProperty[] {
  return doc.study === 'leader-election'
    ? [NO_DEPOSED_LEADER_ACTION, noOverlappingLeaseTerms(doc.params.leaseDuration, doc.params.clockDriftSpread), leaderAfterHeal()]
    : [];
}

/** Fault windows of a leader-election study: its scripted partition and its `faults:`. */
function studyFaults(doc: StudyDocument): FaultWindow[] {
  if (doc.study !== 'leader-election') return [];
  const p = doc.params;
  const out: FaultWindow[] = (p.faults ?? []).map((f) => ({ start: f.at, end: Math.min(p.horizon, f.at + f.duration) }));
  if (p.partitionFor > 0) out.push({ start: p.partitionAt, end: Math.min(p.horizon, p.partitionAt + p.partitionFor) });
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Every property a study run is checked against: its kind's, then the file's `properties:` (budgets over the study's metrics). */
function studyProperties(doc: StudyDocument): RunProperty[] {
  const entries = doc.properties ?? [];
  const named = entries.findIndex((p) => p.check !== undefined);
  if (named >= 0)
    throw new ConfigError(
      `properties[${named}].check`,
      'nothing in a study file (named checks watch experiment controllers); use expect over the study metrics',
      JSON.stringify(entries[named]!.check),
    );
  return [...studyFamilyProperties(doc), ...entries.map((p) => dataProperty(toPropertySpec(p)))];
}

/**
 * Checks a finished study run: its rows (the study's log, in time order)
 * go through the properties' event hook, its summary through their end
 * hook. Returns the violations, first first.
 */
export function checkStudy(doc: StudyDocument, result: StudyResult): PropertyViolation[] {
  const monitor = new PropertyMonitor(studyProperties(doc), { seed: result.seed, horizon: doc.params.horizon, faults: studyFaults(doc) });
  const cells = (row: StudyRow) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : (v ?? '')]));
  for (const row of result.rows) monitor.events.write(cells(row));
  for (const row of result.events ?? []) monitor.events.write(cells(row));
  const metrics: RunMetricValues = Object.fromEntries(
    Object.entries(result.summary).filter((e): e is [string, number | null] => typeof e[1] === 'number' || e[1] === null),
  );
  return monitor.finish(metrics);
}
