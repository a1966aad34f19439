/**
 * A bring-your-own target-tracking autoscaler with a planted bug, for the
 * README's `ctrlsim explore` walkthrough: it scales to
 * ⌈ready × utilization / target⌉ but never looks at how old the utilization
 * sample is. When a partition cuts it off from `metrics`, the last sample
 * stays frozen while `ready` keeps changing, so each sync multiplies the
 * replica count by the same stale ratio: a quiet sample halves capacity
 * again and again, down to minReplicas, under live load.
 *
 * The module also exports the property that catches it: a scale-down never
 * leaves less capacity than the offered load at that moment.
 */
// Outside this repository, import these types from 'ctrlsim' instead.
import type { Controller, ObservedState, ReconcileResult } from '../../../controllers/port/index.js';
import type { PropertyViolation, RunProperty } from '../../../sim/properties/index.js';

interface Options {
  readonly target: number;
  readonly tolerance: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Requests/s one replica serves: only the exported property uses it. */
  readonly rpsPerReplica: number;
}

export default function create(options: Record<string, unknown>, context: { name: string; service: string }): Controller {
  const o = options as unknown as Options;
  return {
    name: context.name,
    reconcile(observed: ObservedState): ReconcileResult {
      const service = observed.services.get(context.service);
      const util = service?.metrics['cpu_utilization'];
      if (!service || !util) return { actions: [], decisions: [{ outcome: 'hold', reason: 'no utilization sample yet' }] };
      // PLANTED BUG: no check of observed.now - util.measuredAt; a stale sample is used as if it were fresh.
      const ready = service.instances.filter((i) => i.state === 'ready').length;
      const ratio = util.value / o.target;
      if (Math.abs(ratio - 1) <= o.tolerance)
        return { actions: [], decisions: [{ outcome: 'hold', reason: `utilization ${util.value.toFixed(2)} within tolerance` }] };
      const replicas = Math.min(o.maxReplicas, Math.max(o.minReplicas, Math.ceil(ready * ratio)));
      if (replicas === service.desiredReplicas) return { actions: [] };
      const reason = `utilization ${util.value.toFixed(2)} (measured at ${util.measuredAt / 1e6}s) over ${ready} ready: ${service.desiredReplicas} → ${replicas}`;
      return { actions: [{ kind: 'scale', service: context.service, replicas, reason }] };
    },
  };
}

/**
 * Safety: scale actions follow the offered load of the sample window after
 * them (the load the new capacity then carries; a window that ended before
 * the action may still average in a spike that is over): a scale-down never
 * leaves capacity (desired × rpsPerReplica) below the load, and a scale-up
 * never goes past twice what the target asks for (2 × load / target).
 */
export function properties(options: Record<string, unknown>, context: { name: string; service: string }): RunProperty[] {
  const o = options as unknown as Options;
  const name = `${context.name}.capacity-follows-load`;
  let pending: { at: number; from: number; to: number; reason: string } | undefined;
  return [
    {
      name,
      kind: 'safety',
      description: `${context.name} never scales ${context.service} down below its offered load, nor up past twice what its target asks for`,
      onEvent(row) {
        if (row['controller'] !== context.name || row['type'] !== 'action' || row['action'] !== 'scale') return undefined;
        // The latest action decides what the next window runs on.
        pending = { at: Math.round(Number(row['time_s']) * 1e6), from: Number(row['from']), to: Number(row['to']), reason: String(row['reason']) };
        return undefined;
      },
      onSample(row): PropertyViolation | undefined {
        if (row['service'] !== context.service || !pending) return undefined;
        const p = pending;
        pending = undefined;
        const load = Number(row['load_rps']);
        const capacity = p.to * o.rpsPerReplica;
        const ceiling = (2 * load) / o.target;
        if (p.to < p.from ? capacity >= load : capacity <= ceiling) return undefined;
        const what =
          capacity < load
            ? `${capacity} rps of capacity under ${Math.round(load)} rps`
            : `${capacity} rps of capacity for ${Math.round(load)} rps (over ${Math.round(ceiling)})`;
        return { property: name, kind: 'safety', at: p.at, explanation: `scaled ${context.service} ${p.from} → ${p.to}: ${what}; ${p.reason}` };
      },
    },
  ];
}
