import type { Micros } from '../../lib/time.js';

/** Which instances a fault hits: those of `service` in `zone` (either may be omitted), all, a `fraction` or a `count` of them. */
export interface InstanceSelector {
  /** Only this service's instances. */
  readonly service?: string;
  /** Only instances in this zone. */
  readonly zone?: string;
  /** Hit this fraction of the matching instances (rounded, at least one), picked at random. */
  readonly fraction?: number;
  /** Hit this many of the matching instances, picked at random. */
  readonly count?: number;
}

/** Two sets of hosts or groups: a fault acts on the links from each host of the first to each of the second (and back unless one-way). */
type HostSets = readonly [readonly string[], readonly string[]];

interface Timed {
  /** When the step happens. */
  readonly at: Micros;
}

interface Undone {
  /** Undo the step this long after it (repair, release, restart, recover, restore, rollback ...). */
  readonly for?: Micros;
}

/**
 * One step of a scenario timeline, as data. The verbs come in symmetric
 * pairs (partition/repair, hold/release, crash/restart, zone-outage/
 * zone-recover, degrade or hang/restore, deploy/rollback), and `for` schedules a
 * step's undo.
 */
export type ScenarioStep =
  | (Timed & Undone & { readonly action: 'partition'; readonly between: HostSets; readonly oneWay?: boolean })
  | (Timed & { readonly action: 'repair'; readonly between: HostSets; readonly oneWay?: boolean })
  | (Timed & Undone & { readonly action: 'hold'; readonly between: HostSets; readonly oneWay?: boolean })
  | (Timed & { readonly action: 'release'; readonly between: HostSets; readonly oneWay?: boolean })
  | (Timed & { readonly action: 'heal' })
  | (Timed & Undone & InstanceSelector & { readonly action: 'crash' })
  | (Timed & { readonly action: 'restart'; readonly service?: string })
  | (Timed & Undone & { readonly action: 'zone-outage'; readonly zone: string; readonly replaceAfter?: Micros })
  | (Timed & { readonly action: 'zone-recover'; readonly zone: string })
  | (Timed & InstanceSelector & { readonly action: 'drain' })
  | (Timed & Undone & InstanceSelector & { readonly action: 'degrade'; readonly slowdown: number })
  | (Timed & Undone & InstanceSelector & { readonly action: 'hang' })
  | (Timed & { readonly action: 'restore'; readonly service?: string; readonly zone?: string })
  | (Timed & Undone & { readonly action: 'deploy'; readonly service: string; readonly version: string; readonly fraction: number })
  | (Timed & { readonly action: 'rollback'; readonly service: string })
  | (Timed & Undone & { readonly action: 'slow-start'; readonly service?: string; readonly factor: number })
  | (Timed & Undone & { readonly action: 'scale-load'; readonly service?: string; readonly factor: number })
  | (Timed & { readonly action: 'clock-jump'; readonly host: string; readonly by: Micros });
