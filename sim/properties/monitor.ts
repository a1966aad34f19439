import type { Row, RowSink } from '../world/timeseries-sampler.js';
import type { PropertyContext, PropertyViolation, RunMetricValues, RunProperty } from './property.js';

/**
 * Watches a run for its properties: hand `timeseries` and `events` to the
 * run as row sinks (beside whatever writes the CSVs), then call `finish`
 * with the run's metrics. Keeps the first violation of each property.
 * Deterministic: violations come out ordered by time, then property order.
 */
export class PropertyMonitor {
  private readonly first = new Map<string, PropertyViolation>();
  /** Sink for time-series rows. */
  readonly timeseries: RowSink = { write: (row: Row) => this.each((p) => p.onSample?.(row, this.ctx)) };
  /** Sink for event-log rows. */
  readonly events: RowSink = { write: (row: Row) => this.each((p) => p.onEvent?.(row, this.ctx)) };

  constructor(
    /** The properties watched, in report order. */
    readonly properties: readonly RunProperty[],
    private readonly ctx: PropertyContext,
  ) {
    const seen = new Set<string>();
    for (const p of properties) {
      if (seen.has(p.name)) throw new Error(`two properties are named ${p.name}`);
      seen.add(p.name);
    }
  }

  private each(check: (p: RunProperty) => PropertyViolation | undefined): void {
    for (const p of this.properties) {
      if (this.first.has(p.name)) continue;
      const v = check(p);
      if (v) this.first.set(p.name, v);
    }
  }

  /** Violations so far, by time then property order. */
  violations(): PropertyViolation[] {
    const order = new Map(this.properties.map((p, i) => [p.name, i]));
    return [...this.first.values()].sort((a, b) => a.at - b.at || order.get(a.property)! - order.get(b.property)!);
  }

  /** Runs the end-of-run checks (budgets) and returns every violation. */
  finish(metrics: RunMetricValues): PropertyViolation[] {
    this.each((p) => p.finish?.(metrics, this.ctx));
    return this.violations();
  }
}
