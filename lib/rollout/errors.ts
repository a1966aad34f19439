/**
 * A rollout spec value that can never be valid, such as a surge of "oops".
 * Terminal: retrying the same spec gives the same answer, so callers record
 * it and stop; they never requeue it. The message names the field, the valid
 * form, and the value and type received.
 */
export class RolloutSpecError extends Error {
  override readonly name = 'RolloutSpecError';
  constructor(
    /** Dotted path of the offending field, e.g. "strategy.maxSurge". */
    readonly field: string,
    /** The valid form, in words, e.g. "an integer or a percentage like \"25%\"". */
    readonly expected: string,
    /** The value as received. */
    readonly received: unknown,
  ) {
    super(`${field} must be ${expected}; got ${JSON.stringify(received)} (${typeof received})`);
  }
}

/**
 * Observed ReplicaSet status that the rollout math cannot act on yet, such as
 * more available pods than spec.replicas while a scale-down is still
 * draining. Transient: the caller retries with backoff once the ReplicaSet
 * controller catches up, exactly as Kubernetes requeues on this error.
 */
export class StaleReplicaSetError extends Error {
  override readonly name = 'StaleReplicaSetError';
  constructor(
    /** The ReplicaSet whose status is ahead of its spec. */
    readonly replicaSet: string,
    /** Its spec.replicas. */
    readonly replicas: number,
    /** Its status.availableReplicas. */
    readonly availableReplicas: number,
  ) {
    super(`ReplicaSet ${replicaSet} reports ${availableReplicas} available pods but wants only ${replicas}; retry once it settles`);
  }
}
