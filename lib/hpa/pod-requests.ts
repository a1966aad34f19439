/**
 * Per-pod resource requests used as the denominator of utilization
 * (upstream `calculateRequests`).
 */
import type { ContainerSnapshot, PodSnapshot } from './pod.js';
import { checkArray, checkObject, checkString } from './argument-checks.js';

/** Requests per pod name, or the first error met. */
export type RequestsResult = { readonly ok: true; readonly requests: ReadonlyMap<string, number> } | { readonly ok: false; readonly error: string };

/** Inputs of `calculateRequests` (upstream `calculatePodRequests`). */
export interface CalculateRequestsInput {
  /** Pods selected by the scale target's selector. */
  readonly pods: readonly PodSnapshot[];
  /** For ContainerResource metrics, the one container whose request counts; absent or empty means the whole pod. */
  readonly container?: string;
  /** Resource name, e.g. "cpu". */
  readonly resource: string;
}

/**
 * Computes each pod's request of `resource` in milli-units. With `container`,
 * only that container counts. Without it, pod-level requests win when the pod
 * sets any (PodLevelResources, on by default since 1.34); otherwise app
 * containers plus restartable init containers are summed. Any counted container
 * without a request of `resource` is an error: utilization is undefined then.
 */
export function calculateRequests(input: CalculateRequestsInput): RequestsResult {
  checkObject('calculateRequests', 'input', input, 'pods, container?, resource');
  const { pods, container, resource } = input;
  checkArray('calculateRequests', 'pods', pods);
  if (container !== undefined) checkString('calculateRequests', 'container', container);
  checkString('calculateRequests', 'resource', resource);
  const requests = new Map<string, number>();
  const wanted = container === '' ? undefined : container;
  for (const pod of pods) {
    const podLevel = pod.podRequests;
    if (wanted === undefined && podLevel !== undefined && Object.keys(podLevel).length > 0) {
      const v = podLevel[resource];
      if (v === undefined) return { ok: false, error: `missing pod-level request for ${resource} in Pod ${pod.name}` };
      requests.set(pod.name, v);
      continue;
    }
    const counted: ContainerSnapshot[] = [...pod.containers];
    for (const ic of pod.initContainers ?? []) if (ic.restartAlways) counted.push(ic);
    let sum = 0;
    let found = false;
    for (const c of counted) {
      if (wanted === undefined || wanted === c.name) {
        const v = c.requests[resource];
        if (v === undefined) {
          return { ok: false, error: `missing request for ${resource} in container ${c.name} of Pod ${pod.name}` };
        }
        sum += v;
      }
      if (wanted === c.name) {
        found = true;
        break;
      }
    }
    if (wanted !== undefined && !found) return { ok: false, error: `container ${wanted} not found in Pod ${pod.name}` };
    requests.set(pod.name, sum);
  }
  return { ok: true, requests };
}
