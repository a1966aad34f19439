import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';
import type { Row } from '../world/timeseries-sampler.js';
import type { Expectation } from './expression.js';
import { describeFailure, holds } from './expression.js';
import type { PropertyContext, PropertyKind, PropertyViolation, RunMetricValues, RunProperty } from './property.js';
import { activeFaultEnd } from './property.js';

/**
 * A property written as data (an experiment file's `properties:` entry, or a
 * built-in family's):
 * - safety: `expect` holds on every time-series row (of `service`, or of
 *   every service); names are time-series columns (`ready`, `capacity_rps`,
 *   `p99_ms` ...).
 * - liveness: whenever `expect` fails on a row, it holds again within
 *   `within` of the later of the failure's start and the healing of every
 *   fault active during the failing stretch.
 * - budget: `expect` holds on the run's metrics at the end (summary metrics,
 *   `<service>.<metric>`, `<controller>.<metric>`).
 * A side without a value (an empty cell, a metric that never had one) leaves
 * nothing to check.
 */
export interface PropertySpec {
  /** Unique name in the run. */
  readonly name: string;
  /** Safety, liveness or budget. */
  readonly kind: PropertyKind;
  /** The comparison that must hold. */
  readonly expect: Expectation;
  /** Time-series properties only: the service whose rows are checked (all services when absent). */
  readonly service?: string | undefined;
  /** Liveness only: the bound after faults heal (µs). */
  readonly within?: Micros | undefined;
  /** One sentence saying what must hold (defaults to the expectation). */
  readonly description?: string | undefined;
}

const s = (t: Micros): string => `${toSeconds(t)}s`;

/** Compiles a data property into a property in code. */
export function dataProperty(spec: PropertySpec): RunProperty {
  const description =
    spec.description ??
    `${spec.kind === 'liveness' ? `within ${s(spec.within ?? 0)} after faults heal: ` : ''}${spec.expect.text}${spec.service ? ` (${spec.service})` : ''}`;
  const base = { name: spec.name, kind: spec.kind, description };
  const violation = (at: Micros, explanation: string): PropertyViolation => ({ property: spec.name, kind: spec.kind, at, explanation });
  const mine = (row: Row): boolean => spec.service === undefined || row['service'] === spec.service;
  const rowTime = (row: Row): Micros => Math.round(Number(row['time_s']) * 1_000_000);
  switch (spec.kind) {
    case 'budget':
      return {
        ...base,
        finish(metrics: RunMetricValues, ctx: PropertyContext) {
          const ok = holds(spec.expect, (n) => metrics[n]);
          return ok === false
            ? violation(
                ctx.horizon,
                describeFailure(spec.expect, (n) => metrics[n]),
              )
            : undefined;
        },
      };
    case 'safety':
      return {
        ...base,
        onSample(row: Row) {
          if (!mine(row) || holds(spec.expect, (n) => row[n]) !== false) return undefined;
          return violation(rowTime(row), `${String(row['service'])}: ${describeFailure(spec.expect, (n) => row[n])}`);
        },
      };
    case 'liveness': {
      const within = spec.within ?? 0;
      // Per service: when the current failing stretch began, and the latest heal of a fault active during it.
      const failing = new Map<string, { since: Micros; healed: Micros }>();
      return {
        ...base,
        onSample(row: Row, ctx: PropertyContext) {
          if (!mine(row)) return undefined;
          const service = String(row['service']);
          const t = rowTime(row);
          const ok = holds(spec.expect, (n) => row[n]);
          if (ok !== false) {
            failing.delete(service);
            return undefined;
          }
          let f = failing.get(service);
          if (!f) failing.set(service, (f = { since: t, healed: t }));
          const end = activeFaultEnd(ctx.faults, t);
          if (end !== undefined && end > f.healed) f.healed = end;
          const deadline = Math.max(f.since, f.healed) + within;
          if (t <= deadline) return undefined;
          return violation(
            t,
            `${service}: ${describeFailure(spec.expect, (n) => row[n])}, failing since ${s(f.since)}, more than ${s(within)} after the faults healed (${s(f.healed)})`,
          );
        },
      };
    }
  }
}
