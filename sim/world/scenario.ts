import type { Micros } from '../../lib/time.js';
import type { EventLabel } from '../engine/event-label.js';
import { eventLabel } from '../engine/event-label.js';
import type { RandomStream } from '../../lib/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { Faults } from './faults.js';
import type { ScenarioStep } from './scenario-step.js';

/**
 * Plays a scenario timeline: each step fires at its time through the fault
 * verbs, and a step with `for` schedules its undo (repair, release, restart,
 * zone-recover, restore, rollback, or the factor back to 1). Instance
 * choices draw from `scenario/<at µs>/<action>/<n>`, n counting earlier
 * steps with the same time and action, so adding an unrelated step never
 * changes which instances another step hits.
 */
export class Scenario {
  private readonly labels = new Map<string, EventLabel>();

  constructor(
    private readonly sim: Simulation,
    private readonly faults: Faults,
    private readonly steps: readonly ScenarioStep[],
    private readonly root: RandomStream,
    /** Priority of fault events among same-time events. */
    private readonly priority: number,
  ) {}

  /** Schedules every step. */
  start(): void {
    const seen = new Map<string, number>();
    for (const step of this.steps) {
      const key = `${step.at}/${step.action}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const rng = this.root.fork(`scenario/${key}/${n}`);
      this.sim.at(step.at, () => this.play(step, rng), this.label(step.action), this.priority);
    }
  }

  private play(step: ScenarioStep, rng: RandomStream): void {
    const f = this.faults;
    switch (step.action) {
      case 'partition': {
        const [a, b] = step.between;
        f.partition(a, b, step.oneWay);
        this.undo(step.for, 'repair', () => f.repair(a, b, step.oneWay));
        return;
      }
      case 'repair':
        f.repair(step.between[0], step.between[1], step.oneWay);
        return;
      case 'hold': {
        const [a, b] = step.between;
        f.hold(a, b, step.oneWay);
        this.undo(step.for, 'release', () => f.release(a, b, step.oneWay));
        return;
      }
      case 'release':
        f.release(step.between[0], step.between[1], step.oneWay);
        return;
      case 'heal':
        f.heal();
        return;
      case 'crash':
        f.crash(step, rng, step.for === undefined);
        this.undo(step.for, 'restart', () => f.restart(step.service));
        return;
      case 'restart':
        f.restart(step.service);
        return;
      case 'zone-outage':
        f.zoneOutage(step.zone, step.replaceAfter);
        this.undo(step.for, 'zone-recover', () => f.zoneRecover(step.zone));
        return;
      case 'zone-recover':
        f.zoneRecover(step.zone);
        return;
      case 'drain':
        f.drain(step, rng);
        return;
      case 'degrade': {
        const victims = f.degrade(step, rng, step.slowdown);
        this.undo(step.for, 'restore', () => f.restore(victims));
        return;
      }
      case 'hang': {
        const victims = f.hang(step, rng);
        this.undo(step.for, 'restore', () => f.restore(victims));
        return;
      }
      case 'restore':
        f.restore({ ...(step.service !== undefined ? { service: step.service } : {}), ...(step.zone !== undefined ? { zone: step.zone } : {}) });
        return;
      case 'deploy':
        f.deploy(step.service, step.version, step.fraction);
        this.undo(step.for, 'rollback', () => f.rollback(step.service));
        return;
      case 'rollback':
        f.rollback(step.service);
        return;
      case 'slow-start':
        f.slowStart(step.service, step.factor);
        this.undo(step.for, 'slow-start', () => f.slowStart(step.service, 1));
        return;
      case 'scale-load':
        f.scaleLoad(step.service, step.factor);
        this.undo(step.for, 'scale-load', () => f.scaleLoad(step.service, 1));
        return;
      case 'clock-jump':
        f.clockJump(step.host, step.by);
        return;
    }
  }

  private undo(after: Micros | undefined, action: string, run: () => void): void {
    if (after === undefined) return;
    this.sim.after(after, run, this.label(action), this.priority);
  }

  private label(action: string): EventLabel {
    let l = this.labels.get(action);
    if (!l) this.labels.set(action, (l = eventLabel('fault', action)));
    return l;
  }
}
