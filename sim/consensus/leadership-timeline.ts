import type { Micros } from '../../lib/time.js';

/** How much time was spent with no acting leader, one, or several. */
export interface LeadershipTotals {
  /** Time with no replica acting as leader. */
  readonly none: Micros;
  /** Time with exactly one. */
  readonly one: Micros;
  /** Time with two or more (split brain). */
  readonly several: Micros;
  /** The most replicas acting as leader at once. */
  readonly maxLeaders: number;
}

/**
 * Integrates, over true time, how many replicas believe they lead (are
 * between `onStartedLeading` and `onStoppedLeading`).
 */
export class LeadershipTimeline {
  private readonly acting = new Set<string>();
  private last: Micros;
  private none = 0;
  private one = 0;
  private several = 0;
  private max = 0;

  constructor(
    /** True time. */
    private readonly now: () => Micros,
  ) {
    this.last = now();
  }

  /** Records that `identity` started or stopped acting as leader. */
  set(identity: string, leading: boolean): void {
    this.advance();
    if (leading) this.acting.add(identity);
    else this.acting.delete(identity);
    this.max = Math.max(this.max, this.acting.size);
  }

  /** Replicas acting as leader now. */
  get leaders(): readonly string[] {
    return [...this.acting];
  }

  /** Totals up to now. */
  totals(): LeadershipTotals {
    this.advance();
    return { none: this.none, one: this.one, several: this.several, maxLeaders: this.max };
  }

  private advance(): void {
    const t = this.now();
    const dt = t - this.last;
    this.last = t;
    if (this.acting.size === 0) this.none += dt;
    else if (this.acting.size === 1) this.one += dt;
    else this.several += dt;
  }
}

/**
 * Applied actions that conflict: an action applied within `window` after an
 * action of a different sender was applied. Input in application order.
 */
export function conflictingActions(applied: ReadonlyArray<{ readonly at: Micros; readonly replica: string }>, window: Micros): number {
  const lastBy = new Map<string, Micros>();
  let conflicts = 0;
  for (const a of applied) {
    for (const [replica, at] of lastBy) {
      if (replica !== a.replica && a.at - at <= window) {
        conflicts++;
        break;
      }
    }
    lastBy.set(a.replica, a.at);
  }
  return conflicts;
}
