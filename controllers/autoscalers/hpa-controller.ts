import type { HpaControllerConfig } from '../../lib/hpa/controller-config.js';
import { PRODUCTION_HPA_CONFIG } from '../../lib/hpa/controller-config.js';
import type { HpaSpec } from '../../lib/hpa/hpa-spec.js';
import type { MetricsObservation } from '../../lib/hpa/metric-spec.js';
import type { PodSnapshot } from '../../lib/hpa/pod.js';
import type { PodResourceSample } from '../../lib/hpa/pod-metric.js';
import { decideScale } from '../../lib/hpa/scale-decision.js';
import type { HpaHistory } from '../../lib/hpa/scale-history.js';
import { EMPTY_HPA_HISTORY } from '../../lib/hpa/scale-history.js';
import type { ReconcileResult } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { ObservedState, ServiceView } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';

/** Every simulated instance requests one CPU (1000 milli-CPU); utilization u is usage u × 1000. */
export const SIMULATED_CPU_REQUEST_MILLI = 1000;

/** Knobs of the HPA controller: the HPA spec, the controller-wide flags, and where its data comes from. */
export interface HpaControllerOptions {
  /** Controller name. */
  readonly name: string;
  /** The scale target (service). */
  readonly service: string;
  /** `spec` of the HorizontalPodAutoscaler. */
  readonly spec: HpaSpec;
  /** kube-controller-manager settings; production defaults unless overridden. */
  readonly config?: HpaControllerConfig;
  /** The per-instance metric that carries CPU utilization (a fraction of the request). */
  readonly cpuMetric?: string;
  /** Length of the metrics window each sample covers (the metrics-server resolution). */
  readonly metricWindow?: Micros;
}

/**
 * A Kubernetes HorizontalPodAutoscaler on the runtime port: each reconcile
 * turns the observed instances into pods and their CPU samples into resource
 * metrics, runs the exact upstream decision (`decideScale`: replica
 * calculation, tolerance, unready and missing pods, stabilization, behavior
 * policies), keeps the HPA's history, and emits a scale action with
 * upstream's reason when it rescales.
 */
export class HpaController implements Controller {
  readonly name: string;
  private history: HpaHistory = EMPTY_HPA_HISTORY;
  private readonly config: HpaControllerConfig;

  constructor(private readonly options: HpaControllerOptions) {
    this.name = options.name;
    this.config = options.config ?? PRODUCTION_HPA_CONFIG;
  }

  reconcile(observed: ObservedState): ReconcileResult {
    const o = this.options;
    const service = observed.services.get(o.service);
    if (!service) return { actions: [], decisions: [{ outcome: 'hold', reason: `service ${o.service} not found` }] };
    const decision = decideScale({
      spec: o.spec,
      specReplicas: service.desiredReplicas,
      statusReplicas: service.instances.length,
      observation: this.observe(service),
      history: this.history,
      config: this.config,
      now: observed.now,
    });
    this.history = decision.history;
    const limited = decision.conditions.find((c) => c.type === 'ScalingLimited' && c.status);
    const detail = [
      decision.metricDesiredReplicas !== undefined ? `metrics want ${decision.metricDesiredReplicas}` : undefined,
      limited ? `${limited.reason}: ${limited.message}` : undefined,
      decision.error,
    ]
      .filter(Boolean)
      .join('; ');
    if (!decision.rescale) {
      return { actions: [], decisions: [{ outcome: decision.path === 'MetricsFailed' ? 'metrics-failed' : 'hold', reason: detail || 'no change' }] };
    }
    return {
      actions: [
        {
          kind: 'scale',
          service: o.service,
          replicas: decision.desiredReplicas,
          reason: `${decision.rescaleReason}: ${service.desiredReplicas} → ${decision.desiredReplicas}${detail ? ` (${detail})` : ''}`,
        },
      ],
    };
  }

  /** What the HPA would read from the API server and metrics-server, built from the snapshot. */
  private observe(service: ServiceView): MetricsObservation {
    const cpuMetric = this.options.cpuMetric ?? 'cpu_utilization';
    const window = this.options.metricWindow ?? 15 * SECOND;
    const pods: PodSnapshot[] = [];
    const cpu: PodResourceSample[] = [];
    for (const i of service.instances) {
      const ready = i.state === 'ready';
      pods.push({
        name: i.id,
        phase: i.state === 'pending' ? 'Pending' : 'Running',
        ready: { status: ready ? 'True' : 'False', lastTransitionTime: i.readyAt ?? i.createdAt },
        startTime: i.createdAt,
        deleting: i.state === 'draining',
        containers: [{ name: 'app', requests: { cpu: SIMULATED_CPU_REQUEST_MILLI } }],
      });
      const sample = service.instanceMetrics[i.id]?.[cpuMetric];
      if (sample)
        cpu.push({
          podName: i.id,
          timestamp: sample.measuredAt,
          window,
          containers: [{ name: 'app', usage: Math.round(sample.value * SIMULATED_CPU_REQUEST_MILLI) }],
        });
    }
    return { pods, resourceMetrics: { cpu } };
  }
}
