/**
 * The properties each built-in controller family ships. Checked on every
 * run of an experiment that has such a controller, beside the file's own
 * `properties:` and a bring-your-own module's exported ones.
 */
import { MINUTE, toSeconds } from '../../lib/time.js';
import type { Micros } from '../../lib/time.js';
import { dataProperty } from '../../sim/properties/data-property.js';
import { parseExpectation } from '../../sim/properties/expression.js';
import type { RunProperty } from '../../sim/properties/property.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';
import type { Experiment } from '../config/experiment-schema.js';
import type { NamedCheck } from './named-checks.js';
import { ConfigError } from '../schema/config-error.js';
import { faultWindows } from './fault-windows.js';
import { hashringGrace, hashringRecovery, noRemovedMembers, noStaleRoutes } from './hashring-properties.js';
import { registryAgrees, registryRecovery, removesDeadInstances } from './registry-properties.js';
import { isRollout, rolloutProperties } from './rollout-properties.js';
import { replacesHungInstances } from './self-healing-properties.js';

/** How soon after faults heal a scaled service must have ready capacity for its offered load again. */
const CAPACITY_RECOVERY: Micros = 10 * MINUTE;

/** Controller kinds that scale a service between minReplicas and maxReplicas. */
const SCALERS = new Set(['target-utilization', 'hpa', 'step-scaling']);

/** Safety: every scale action a controller applies stays within its [minReplicas, maxReplicas]. */
function replicasWithinBounds(controller: string, min: number, max: number): RunProperty {
  return {
    name: `${controller}.replicas-within-bounds`,
    kind: 'safety',
    description: `${controller} never sets desired replicas outside [${min}, ${max}]`,
    onEvent(row: Row) {
      if (row['controller'] !== controller || row['type'] !== 'action' || row['action'] !== 'scale') return undefined;
      const to = Number(row['to']);
      if (to >= min && to <= max) return undefined;
      const at = Math.round(Number(row['time_s']) * 1_000_000);
      return {
        property: this.name,
        kind: 'safety',
        at,
        explanation: `${controller} scaled ${String(row['target'])} ${String(row['from'])} → ${to}, outside [${min}, ${max}]`,
      };
    },
  };
}

/**
 * The named check of a `properties:` entry for `controller`: it scales the
 * controller's service, whose rpsPerInstance sets the capacity per replica.
 */
export function namedCheck(_check: NamedCheck, name: string, controller: string, exp: Experiment): RunProperty {
  const spec = exp.controllers[controller];
  if (!spec) {
    const i = exp.properties.findIndex((p) => p.name === name);
    throw new ConfigError(`properties[${i}].controller`, `one of the controllers ${Object.keys(exp.controllers).join(', ')}`, JSON.stringify(controller));
  }
  const service = spec.service;
  const rps = exp.services.find((s) => s.name === service)!.capacity.rpsPerInstance;
  return scaleDownCheck(name, controller, service, rps);
}

/**
 * Safety: a scale-down never leaves capacity (desired × rpsPerInstance)
 * below the offered load, taken as the lower of the sample windows just
 * before and just after the action (so a spike that ended, or one that
 * starts right after, is not blamed on the controller). A controller whose
 * target utilization is at most 1 never needs to go below that.
 */
function scaleDownCheck(name: string, controller: string, service: string, rpsPerInstance: number): RunProperty {
  let before = Number.POSITIVE_INFINITY;
  let pending: { at: number; from: number; to: number; before: number; reason: string } | undefined;
  return {
    name,
    kind: 'safety',
    description: `${controller} never scales ${service} down below the capacity its offered load needs`,
    onEvent(row: Row) {
      if (row['controller'] !== controller || row['type'] !== 'action' || row['action'] !== 'scale' || row['target'] !== service) return undefined;
      const from = Number(row['from']);
      const to = Number(row['to']);
      pending = to < from ? { at: Math.round(Number(row['time_s']) * 1_000_000), from, to, before, reason: String(row['reason']) } : undefined;
      return undefined;
    },
    onSample(row: Row) {
      if (row['service'] !== service) return undefined;
      const after = Number(row['load_rps']);
      before = after;
      const p = pending;
      pending = undefined;
      if (!p) return undefined;
      const load = Math.min(p.before, after);
      if (p.to * rpsPerInstance >= load) return undefined;
      return {
        property: name,
        kind: 'safety',
        at: p.at,
        explanation: `${controller} scaled ${service} ${p.from} → ${p.to} (${p.to * rpsPerInstance} rps) under at least ${Math.round(load)} rps offered: ${p.reason}`,
      };
    },
  };
}

/** Liveness: once faults heal, a service's ready capacity covers its offered load again within `within`. */
function capacityRecovers(service: string, within: Micros = CAPACITY_RECOVERY): RunProperty {
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
 * scales, in controller order, then service order; then, in controller
 * order, each rollout's, hashring's and self-healer's; then the heartbeat
 * registry's when the experiment runs one.
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
  for (const [name, spec] of Object.entries(exp.controllers)) {
    if (isRollout(spec)) out.push(...rolloutProperties(name, spec, exp));
    if (spec.kind === 'hashring') {
      out.push(noRemovedMembers(name, spec.service, hashringGrace(spec.syncPeriod)));
      out.push(noStaleRoutes(name, spec.service, hashringRecovery(spec.syncPeriod, exp.sampleEvery)));
    }
    if (spec.kind === 'self-healing') {
      const probePeriod = exp.services.find((s) => s.name === spec.service)!.probePeriod;
      // The hangs themselves must not excuse the healer, so only the other faults extend its bound.
      const others = faultWindows(
        exp.scenario.filter((s) => s.action !== 'hang' && s.action !== 'restore'),
        exp.horizon,
      );
      out.push(
        replacesHungInstances(
          name,
          spec.service,
          { probeFailureThreshold: spec.probeFailureThreshold, probePeriod, syncPeriod: spec.syncPeriod, governor: spec.governor },
          others,
        ),
      );
    }
  }
  const registry = exp.network.registry;
  if (registry) out.push(removesDeadInstances(registry), registryAgrees(registryRecovery(registry)));
  return out;
}
