/** An instruction to set one ReplicaSet's spec.replicas; the controller's only output for scaling. */
export interface ScaleAction {
  /** Discriminant, so actions can share a union with others later. */
  readonly kind: 'scale';
  /** The ReplicaSet to update. */
  readonly replicaSet: string;
  /** spec.replicas before the action. */
  readonly from: number;
  /** spec.replicas after the action. */
  readonly to: number;
}

/** Builds a ScaleAction. */
export function scaleAction(replicaSet: string, from: number, to: number): ScaleAction {
  return { kind: 'scale', replicaSet, from, to };
}
