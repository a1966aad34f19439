/**
 * The Kubernetes target's logic against stand-ins for the client's API
 * objects (no API server can run here): which requests it sends, how it
 * reads pods, and how API errors map onto the port's tiers.
 */
import type { AppsV1Api, CoordinationV1Api, CoreV1Api, V1Lease, V1Pod } from '@kubernetes/client-node';
import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { LeaseApiResult } from '../../controllers/port/lease-api.js';
import { leaderElectionRecord } from '../../controllers/port/lease-record.js';
import { TerminalError, TransientError } from '../../controllers/port/errors.js';
import { SECOND } from '../../lib/time.js';
import { validateExperiment } from '../../experiments/config/load.js';
import { KubernetesLeaseApi } from '../../experiments/live/kubernetes-lease-api.js';
import { KubernetesTarget } from '../../experiments/live/kubernetes-target.js';

const SPEC = { kind: 'kubernetes' as const, namespace: 'shop', deployments: { web: 'web' }, selectors: {}, dryRun: false };
const SCALE = { kind: 'scale' as const, service: 'web', replicas: 5, reason: 'test' };

/** An AppsV1Api stand-in that records scale writes and answers reads. */
function apps(fail?: number) {
  const writes: Array<Record<string, unknown>> = [];
  const api = {
    readNamespacedDeploymentScale: async () => ({ spec: { replicas: 3 } }),
    replaceNamespacedDeploymentScale: async (req: Record<string, unknown>) => {
      if (fail) throw new ApiException(fail, `HTTP ${fail}`, {}, {});
      writes.push(req);
      return req['body'];
    },
  };
  return { api: api as unknown as AppsV1Api, writes };
}

const pod = (name: string, ready: boolean, extra: Partial<V1Pod['metadata']> = {}): V1Pod => ({
  metadata: { name, labels: { app: 'web' }, ...extra },
  status: {
    phase: 'Running',
    startTime: new Date(1_000),
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date(3_000) }],
  },
});
const core = {
  listNamespacedPod: async () => ({ items: [pod('web-a', true), pod('web-b', false), pod('web-c', true, { deletionTimestamp: new Date(4_000) })] }),
} as unknown as CoreV1Api;
const coordination = {} as CoordinationV1Api;

function target(appsApi: AppsV1Api, dryRun = false, log: string[] = []) {
  return new KubernetesTarget(
    SPEC,
    appsApi,
    core,
    coordination,
    dryRun,
    (l) => log.push(l),
    () => 0,
  );
}

describe('the Kubernetes target', () => {
  it('scales a Deployment by replacing its scale subresource', async () => {
    const a = apps();
    expect(await target(a.api).apply('hpa', SCALE)).toBe('applied');
    expect(a.writes).toMatchObject([{ name: 'web', namespace: 'shop', body: { kind: 'Scale', spec: { replicas: 5 } }, fieldManager: 'ctrlsim' }]);
    expect(a.writes[0]).not.toHaveProperty('dryRun');
  });

  it('in dry-run mode logs the change and sends it with dryRun=All', async () => {
    const a = apps();
    const log: string[] = [];
    await target(a.api, true, log).apply('hpa', SCALE);
    expect(a.writes[0]).toMatchObject({ dryRun: 'All' });
    expect(log).toEqual(['kubernetes (dry run): hpa would scale shop/web to 5: test']);
  });

  it('in dry-run mode does not take its Lease, and says so', async () => {
    const log: string[] = [];
    const t = new KubernetesTarget(
      { ...SPEC, lease: { name: 'ctrlsim', duration: 15 * SECOND } },
      apps().api,
      core,
      coordination,
      true,
      (l) => log.push(l),
      () => 0,
    );
    await t.start();
    expect(await t.apply('hpa', SCALE)).toBe('applied');
    await t.shutdown();
    expect(log[0]).toBe('kubernetes (dry run): would hold lease shop/ctrlsim; not taking it');
  });

  it('treats a forbidden write as terminal and a server error as transient', async () => {
    await expect(target(apps(403).api).apply('hpa', SCALE)).rejects.toThrow(TerminalError);
    await expect(target(apps(503).api).apply('hpa', SCALE)).rejects.toThrow(TransientError);
    await expect(target(apps(409).api).apply('hpa', SCALE)).rejects.toThrow(TransientError);
  });

  it('reads desired replicas from the scale and instances from the pods, on the loop clock', async () => {
    const state = await target(apps().api).read('web');
    expect(state.desiredReplicas).toBe(3);
    expect(state.instances.map((i) => [i.id, i.state])).toEqual([
      ['web-a', 'ready'],
      ['web-b', 'starting'],
      ['web-c', 'draining'],
    ]);
    // Pod times are wall times; the target moves them onto the loop clock (here 0 = now), so they lie in the past.
    expect(state.instances[0]!.createdAt).toBeLessThan(0);
    expect(state.instances[0]!.readyAt! - state.instances[0]!.createdAt).toBe(2 * SECOND);
  });

  it('refuses actions other than scale as terminal', async () => {
    await expect(target(apps().api).apply('x', { kind: 'drain', instance: 'web-a', reason: 'r' })).rejects.toThrow(TerminalError);
  });
});

describe('the Kubernetes Lease API of the leader election port', () => {
  const lease = (holder: string, rv: string): V1Lease => ({
    metadata: { name: 'l', namespace: 'shop', resourceVersion: rv },
    spec: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: new Date(5_000), leaseTransitions: 2 },
  });
  const answer = (f: (cb: (r: LeaseApiResult) => void) => void) => new Promise<LeaseApiResult>((r) => f(r));

  it("maps a Lease onto the record and sends the server's resourceVersion back on update", async () => {
    const sent: V1Lease[] = [];
    const api = {
      readNamespacedLease: async () => lease('a', '817'),
      replaceNamespacedLease: async (req: { body: V1Lease }) => {
        sent.push(req.body);
        return lease('b', '818');
      },
    } as unknown as CoordinationV1Api;
    const l = new KubernetesLeaseApi(api, 'shop', 'l');
    const got = await answer((cb) => l.get(cb));
    expect(got).toMatchObject({
      kind: 'ok',
      object: { record: { holderIdentity: 'a', leaseDurationSeconds: 15, renewTime: 5_000_000, leaderTransitions: 2 } },
    });
    const version = (got as { object: { resourceVersion: number } }).object.resourceVersion;
    await answer((cb) => l.update(leaderElectionRecord({ holderIdentity: 'b', leaseDurationSeconds: 15 }), version, cb));
    expect(sent[0]!.metadata!.resourceVersion).toBe('817');
    expect(sent[0]!.spec!.holderIdentity).toBe('b');
  });

  it('answers 404 as not-found, 409 on create as already-exists and 409 on update as conflict', async () => {
    const err = (code: number) => async () => {
      throw new ApiException(code, 'x', {}, {});
    };
    const api = { readNamespacedLease: err(404), createNamespacedLease: err(409), replaceNamespacedLease: err(409) } as unknown as CoordinationV1Api;
    const l = new KubernetesLeaseApi(api, 'shop', 'l');
    expect(await answer((cb) => l.get(cb))).toEqual({ kind: 'not-found' });
    expect(await answer((cb) => l.create(leaderElectionRecord(), cb))).toEqual({ kind: 'already-exists' });
    // An update naming a version this API never handed out is a conflict without a request.
    expect(await answer((cb) => l.update(leaderElectionRecord(), 99, cb))).toEqual({ kind: 'conflict' });
  });
});

describe('the live section of an experiment file', () => {
  it('is optional, and the shipped Kubernetes example validates', async () => {
    const { loadExperimentFile } = await import('../../experiments/config/load.js');
    expect(loadExperimentFile('experiments/examples/live/kubernetes/experiment.yaml').experiment.live?.actuate.kind).toBe('kubernetes');
    expect(loadExperimentFile('experiments/examples/live/process-pool.yaml').experiment.live?.actuate.kind).toBe('process-pool');
  });

  it('names the field and the expected form when an adapter kind is unknown', () => {
    const base = { name: 'x', horizon: '1m', services: [{ name: 'web', capacity: { rpsPerInstance: 1 }, load: [{ shape: 'constant', rps: 1 }] }] };
    expect(() =>
      validateExperiment({ ...base, live: { observe: { kind: 'datadog', url: 'http://x' }, actuate: { kind: 'process-pool', services: {} } } }),
    ).toThrow(/live\.observe\.kind/);
  });
});
