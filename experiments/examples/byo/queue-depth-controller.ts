// A bring-your-own controller in 30 lines: scale on backlog per replica.
// Experiments name it with `kind: module` (see experiments/examples/byo/queue-depth.yaml).
// Outside this repository, import these types from 'ctrlsim' instead.
import type { Controller, ObservedState, ReconcileResult } from '../../../controllers/port/index.js';

interface Options {
  /** Requests per second each replica should carry. */
  readonly rpsPerReplica: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

export default function create(options: Record<string, unknown>, context: { name: string; service: string }): Controller {
  const o = options as unknown as Options;
  return {
    name: context.name,
    reconcile(observed: ObservedState): ReconcileResult {
      const service = observed.services.get(context.service);
      const rps = service?.metrics['rps'];
      if (!service || !rps) return { actions: [], decisions: [{ outcome: 'hold', reason: 'no rps sample yet' }] };
      const wanted = Math.ceil(rps.value / o.rpsPerReplica);
      const replicas = Math.min(o.maxReplicas, Math.max(o.minReplicas, wanted));
      if (replicas === service.desiredReplicas) return { actions: [] };
      const reason = `rps=${rps.value.toFixed(0)} at ${o.rpsPerReplica}/replica: ${service.desiredReplicas} → ${replicas}`;
      return { actions: [{ kind: 'scale', service: context.service, replicas, reason }] };
    },
  };
}
