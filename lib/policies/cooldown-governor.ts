/**
 * A minimum gap between actions of the same kind.
 */
import type { Micros } from '../time.js';
import { requireNumber } from './config-error.js';
import { ALLOW, waitUntil, type ActionGovernor, type Decision } from './action-governor.js';

/** Options of a CooldownGovernor. */
export interface CooldownOptions {
  /** Minimum gap between two actions of one kind, in ticks. */
  readonly gap: Micros;
  /** Gaps for particular kinds, overriding `gap`. */
  readonly gapByKind?: Readonly<Record<string, Micros>>;
}

/**
 * Allows an action of a kind only once `gap` ticks have passed since the
 * last one of that kind was carried out, whether it succeeded or failed (an
 * attempt disturbs the system either way). Kinds never carried out are
 * always allowed.
 */
export class CooldownGovernor implements ActionGovernor<string> {
  /** Gap between actions of kinds without an override, in ticks. */
  readonly gap: Micros;
  readonly #gapByKind: ReadonlyMap<string, Micros>;
  readonly #lastAt = new Map<string, Micros>();

  constructor(options: CooldownOptions) {
    this.gap = requireNumber('CooldownGovernor', 'gap', options.gap, { min: 0 });
    const overrides = Object.entries(options.gapByKind ?? {});
    for (const [kind, gap] of overrides) requireNumber('CooldownGovernor', `gapByKind.${kind}`, gap, { min: 0 });
    this.#gapByKind = new Map(overrides);
  }

  /** The gap that applies to `kind`, in ticks. */
  gapOf(kind: string): Micros {
    return this.#gapByKind.get(kind) ?? this.gap;
  }

  /** Allows `kind` unless one was carried out less than its gap ago. */
  request(now: Micros, kind: string): Decision {
    const last = this.#lastAt.get(kind);
    if (last === undefined) return ALLOW;
    const ready = last + this.gapOf(kind);
    return now >= ready ? ALLOW : waitUntil(ready, `cooldown of ${kind} since ${last}`);
  }

  /** Starts `kind`'s cooldown at `now`, whatever the outcome. */
  record(now: Micros, kind: string): void {
    this.#lastAt.set(kind, now);
  }
}
