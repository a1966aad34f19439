/**
 * The properties each built-in controller family ships. Checked on every
 * run of an experiment that has such a controller, beside the file's own
 * `properties:` and a bring-your-own module's exported ones.
 */
import { MINUTE, toSeconds } from '../../controllers/port/time.js';
import type { Micros } from '../../controllers/port/time.js';
import { dataProperty } from '../../sim/properties/data-property.js';
import { parseExpectation } from '../../sim/properties/expression.js';
import type { RunProperty } from '../../sim/properties/property.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';
import type { Experiment } from '../config/experiment-schema.js';

/** How soon after faults heal a scaled service must have ready capacity for its offered load again. */
export const CAPACITY_RECOVERY: Micros = 10 * MINUTE;

/** Controller kinds that scale a service between minReplicas and maxReplicas. */
const SCALERS = new Set(['target-utilization', 'hpa', 'step-scaling']);

/** Safety: every scale action a controller applies stays within its [minReplicas, maxReplicas]. */
export function replicasWithinBounds(controller: string, min: number, max: number): RunProperty {
  return {
    name: `${controller}.replicas-within-bounds`,
    kind: 'safety',
    description: `${controller} never sets desired replicas outside [${min}, ${max}]`,
    onEvent(row: Row) {
      if (row['controller'] !== controller || row['type'] !== 'action' || row['action'] !== 'scale') return undefined;
      const to = Number(row['to']);
      if (to >= min && to <= max) return undefined;
      const at = Math.round(Number(row['time_s']) * 1_000_000);
      return { property: this.name, kind: 'safety', at, explanation: `${controller} scaled ${String(row['target'])} ${String(row['from'])} → ${to}, outside [${min}, ${max}]` };
    },
  };
}

/** Liveness: once faults heal, a service's ready capacity covers its offered load again within `within`. */
export function capacityRecovers(service: string, within: Micros = CAPACITY_RECOVERY): RunProperty {
  return dataProperty({
    name: `${service}.capacity-recovers`,
    kind: 'liveness',
    expect: parseExpectation('capacity_rps >= load_rps')!,
    service,
    within,
    description: `${service}'s ready capacity covers its offered load within ${toSeconds(within)}s after faults heal`,
  });
}

/**
 * The built-in properties of an experiment's controllers: bounds for every
 * autoscaler (and every module controller whose options give minReplicas
 * and maxReplicas), and capacity recovery for every service one of them
 * scales. In controller order, then service order.
 */
export function familyProperties(exp: Experiment): RunProperty[] {
  const out: RunProperty[] = [];
  const scaled: string[] = [];
  for (const [name, spec] of Object.entries(exp.controllers)) {
    let bounds: { min: number; max: number } | undefined;
    if (SCALERS.has(spec.kind) && 'minReplicas' in spec && 'maxReplicas' in spec) bounds = { min: spec.minReplicas, max: spec.maxReplicas };
    if (spec.kind === 'module' && spec.enabled) {
      const o = spec.options as Record<string, unknown>;
      if (typeof o['minReplicas'] === 'number' && typeof o['maxReplicas'] === 'number') bounds = { min: o['minReplicas'], max: o['maxReplicas'] };
    }
    if (!bounds) continue;
    out.push(replicasWithinBounds(name, bounds.min, bounds.max));
    if (!scaled.includes(spec.service)) scaled.push(spec.service);
  }
  for (const s of exp.services.map((x) => x.name).filter((n) => scaled.includes(n))) out.push(capacityRecovers(s));
  return out;
}
