import type { V1Pod } from '@kubernetes/client-node';
import { ApiException, AppsV1Api, CoordinationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { leaderElectionConfig } from '../../controllers/leader-election/config.js';
import { LeaderElector } from '../../controllers/leader-election/leader-elector.js';
import { LeaseLock } from '../../controllers/leader-election/lease-lock.js';
import type { Action } from '../../controllers/port/actions.js';
import { TerminalError, TransientError } from '../../controllers/port/errors.js';
import type { InstanceState, InstanceView } from '../../controllers/port/observations.js';
import type { ApplyOutcome } from '../../controllers/port/runtime.js';
import type { Micros } from '../../lib/time.js';
import { MILLISECOND } from '../../lib/time.js';
import type { LiveSpec } from '../config/live-schema.js';
import { KubernetesLeaseApi } from './kubernetes-lease-api.js';
import type { LiveTarget, TargetState } from './live-target.js';
import { WallClock } from '../runner/host-clock.js';

type KubernetesSpec = Extract<LiveSpec['actuate'], { kind: 'kubernetes' }>;

/**
 * Deployments on a Kubernetes cluster as a live target, through the
 * official client. A `scale` action replaces the Deployment's scale
 * subresource (`PUT .../deployments/<name>/scale`, needing only
 * `deployments/scale` update rights); instances are the pods matching the
 * service's selector. With `dryRun` every write is logged and sent with
 * `dryRun=All`, so the API server validates and authorizes it but changes
 * nothing. With a `lease`, the target runs the port's `LeaderElector` on a
 * coordination.k8s.io Lease and refuses (`rejected`) actions while it does
 * not lead (a dry run does not take the Lease).
 *
 * Errors: 401/403/404/422 are terminal (RBAC or a wrong name will not heal),
 * 409/429/5xx and network failures transient.
 *
 * Type-checked against @kubernetes/client-node; not exercised against an
 * API server in this repository's tests (README, "Run it for real").
 */
export class KubernetesTarget implements LiveTarget {
  private readonly elector: LeaderElector | undefined;
  private readonly clock = new WallClock();

  constructor(
    private readonly spec: KubernetesSpec,
    private readonly apps: AppsV1Api,
    private readonly core: CoreV1Api,
    coordination: CoordinationV1Api,
    private readonly dryRun: boolean,
    private readonly log: (line: string) => void,
    /** The live run's loop clock: pod times are moved onto it, since controllers compare them with `observed.now`. */
    private readonly now: () => Micros,
  ) {
    // A dry run changes nothing, the Lease included: it acts as if it led, and says so.
    if (spec.lease && dryRun) log(`kubernetes (dry run): would hold lease ${spec.namespace}/${spec.lease.name}; not taking it`);
    if (spec.lease && !dryRun) {
      const identity = spec.lease.identity ?? `${hostname()}-${process.pid}`;
      const config = leaderElectionConfig({
        identity,
        leaseDuration: spec.lease.duration,
        renewDeadline: Math.round((spec.lease.duration * 2) / 3),
        retryPeriod: Math.round(spec.lease.duration / 7.5),
      });
      const api = new KubernetesLeaseApi(coordination, spec.namespace, spec.lease.name);
      const clock = this.clock;
      const runtime = {
        now: () => clock.now(),
        wallTime: () => clock.wallMicros(),
        setTimer: clock.setTimer.bind(clock),
        clearTimer: clock.clearTimer.bind(clock),
        random: () => clock.random(),
      };
      this.elector = new LeaderElector(config, new LeaseLock(identity, api), runtime, {
        onStartedLeading: () => this.log(`kubernetes: ${identity} leads lease ${spec.namespace}/${spec.lease!.name}`),
        onStoppedLeading: () => this.log(`kubernetes: ${identity} lost lease ${spec.namespace}/${spec.lease!.name}`),
      });
    }
  }

  /** A target on the cluster of the default kubeconfig (KUBECONFIG, ~/.kube/config, or in-cluster). */
  static fromDefaultKubeconfig(spec: KubernetesSpec, dryRun: boolean, log: (line: string) => void, now: () => Micros): KubernetesTarget {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    return new KubernetesTarget(spec, kc.makeApiClient(AppsV1Api), kc.makeApiClient(CoreV1Api), kc.makeApiClient(CoordinationV1Api), dryRun, log, now);
  }

  async start(): Promise<void> {
    this.elector?.run();
  }

  async shutdown(): Promise<void> {
    this.elector?.stop();
  }

  async read(service: string): Promise<TargetState> {
    const name = this.deployment(service);
    const namespace = this.spec.namespace;
    try {
      const scale = await this.apps.readNamespacedDeploymentScale({ name, namespace });
      const pods = await this.core.listNamespacedPod({ namespace, labelSelector: this.spec.selectors[service] ?? `app=${name}` });
      // Wall time of the API's timestamps minus this offset is the loop clock's time.
      const offset = this.clock.wallMicros() - this.now();
      return { desiredReplicas: scale.spec?.replicas ?? 0, instances: pods.items.filter((p) => !isGone(p)).map((p) => podView(p, service, offset)) };
    } catch (e) {
      throw tiered(e, `read ${namespace}/${name}`);
    }
  }

  async apply(controller: string, action: Action): Promise<ApplyOutcome> {
    if (action.kind !== 'scale') throw new TerminalError(`the Kubernetes target carries out only scale actions, not ${action.kind}`);
    if (this.elector && !this.elector.leading) return 'rejected';
    const name = this.deployment(action.service);
    const namespace = this.spec.namespace;
    if (this.dryRun) this.log(`kubernetes (dry run): ${controller} would scale ${namespace}/${name} to ${action.replicas}: ${action.reason}`);
    try {
      await this.apps.replaceNamespacedDeploymentScale({
        name,
        namespace,
        body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name, namespace }, spec: { replicas: action.replicas } },
        ...(this.dryRun ? { dryRun: 'All' } : {}),
        fieldManager: 'ctrlsim',
      });
      return 'applied';
    } catch (e) {
      throw tiered(e, `scale ${namespace}/${name} to ${action.replicas}`);
    }
  }

  private deployment(service: string): string {
    const d = this.spec.deployments[service];
    if (!d) throw new TerminalError(`no deployment configured for service ${service}`);
    return d;
  }
}

/** Maps a client error onto the port's tiers. */
function tiered(e: unknown, what: string): Error {
  const code = e instanceof ApiException ? e.code : undefined;
  const message = `${what}: ${code !== undefined ? `HTTP ${code} ` : ''}${(e as Error).message.split('\n')[0]}`;
  if (code !== undefined && [400, 401, 403, 404, 422].includes(code)) return new TerminalError(message);
  return new TransientError(message);
}

function isGone(p: V1Pod): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

/** A pod as the port's instance view; the API's wall times minus `offset` give loop-clock times. */
function podView(p: V1Pod, service: string, offset: Micros): InstanceView {
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  const state: InstanceState = p.metadata?.deletionTimestamp
    ? 'draining'
    : p.status?.phase === 'Pending'
      ? 'pending'
      : ready?.status === 'True'
        ? 'ready'
        : 'starting';
  const created = (p.status?.startTime ?? p.metadata?.creationTimestamp)?.getTime() ?? 0;
  return {
    id: p.metadata?.name ?? '',
    service,
    zone: p.spec?.nodeName ?? '',
    version: p.metadata?.labels?.['version'] ?? 'v1',
    state,
    createdAt: created * MILLISECOND - offset,
    ...(state === 'ready' && ready?.lastTransitionTime ? { readyAt: ready.lastTransitionTime.getTime() * MILLISECOND - offset } : {}),
  };
}
