import type { RoutingTableSpec } from '../../lib/hashring/routing-table.js';
import type { Micros } from '../../lib/time.js';

export type { RoutingTableSpec };

/**
 * What a controller asks to change. Actions describe, they do not mutate:
 * the runtime applies them (or refuses them, e.g. a fenced-off leader's).
 * Every action carries the reason the controller decided it.
 */
export type Action =
  | {
      /** Set the service's desired replica count. */
      readonly kind: 'scale';
      readonly service: string;
      readonly replicas: number;
      readonly reason: string;
    }
  | {
      /** Terminate an instance and create a fresh one in its place. */
      readonly kind: 'replace';
      readonly instance: string;
      readonly reason: string;
    }
  | {
      /** Stop sending new work to an instance and terminate it once idle. */
      readonly kind: 'drain';
      readonly instance: string;
      readonly reason: string;
    }
  | {
      /** Split a service's traffic across versions; weights are percentages summing to 100. */
      readonly kind: 'shift-traffic';
      readonly service: string;
      readonly weights: Readonly<Record<string, number>>;
      readonly reason: string;
    }
  | {
      /** Run `replicas` instances of `version` for the service (a rollout's ReplicaSet). */
      readonly kind: 'scale-version';
      readonly service: string;
      readonly version: string;
      readonly replicas: number;
      readonly reason: string;
    }
  | {
      /** Route the service's requests by key with this table (a hashring controller's output). */
      readonly kind: 'set-routing';
      readonly service: string;
      readonly table: RoutingTableSpec;
      readonly reason: string;
    };

/** The kinds of action. */
export type ActionKind = Action['kind'];

/** A decision worth logging that changed nothing ("within tolerance", "in cooldown"). */
export interface Decision {
  /** Controller that decided. */
  readonly controller: string;
  /** When, on the controller's clock. */
  readonly at: Micros;
  /** Short machine-readable outcome, e.g. "hold", "scale-up", "blocked-by-rate-limit". */
  readonly outcome: string;
  /** Human-readable reason. */
  readonly reason: string;
}

/** What one reconcile returns. */
export interface ReconcileResult {
  /** Changes to apply, in order. */
  readonly actions: readonly Action[];
  /** Decisions to log even when nothing changes. */
  readonly decisions?: readonly Omit<Decision, 'controller' | 'at'>[];
  /** Reconcile again after this long (else at the controller's sync period). */
  readonly requeueAfter?: Micros;
}
