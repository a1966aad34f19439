import type { Micros } from '../../lib/time.js';
import type { EventLabel } from '../engine/event-label.js';
import { eventLabel } from '../engine/event-label.js';
import type { Simulation } from '../engine/simulation.js';

/** The steps of the zone-failure workflow. */
export const WORKFLOW_STEPS = ['provision', 'shift-traffic', 'deregister'] as const;

/** One of `WORKFLOW_STEPS`. */
export type WorkflowStep = (typeof WORKFLOW_STEPS)[number];

/**
 * A service that carries out one workflow step (provision replacement
 * capacity, shift traffic, deregister the failed zone's instances) on its
 * own host. The step takes `duration` once started; starting it again is
 * harmless (idempotent), and every caller is told when it is done.
 */
export class StepService {
  private state: 'idle' | 'running' | 'done' = 'idle';
  private readonly waiting: Array<() => void> = [];
  private readonly label: EventLabel;
  /** True time the step finished, if it has. */
  doneAt: Micros | undefined;

  constructor(
    private readonly sim: Simulation,
    /** The step this service performs. */
    readonly step: WorkflowStep,
    /** Host the service runs on. */
    readonly host: string,
    private readonly duration: Micros,
  ) {
    this.label = eventLabel('step-done', step);
  }

  /** Starts the step if it has not started; `done` runs (on this host) when it is finished. */
  run(done: () => void): void {
    if (this.state === 'done') return done();
    this.waiting.push(done);
    if (this.state === 'running') return;
    this.state = 'running';
    this.sim.after(
      this.duration,
      () => {
        this.state = 'done';
        this.doneAt = this.sim.now;
        for (const w of this.waiting.splice(0)) w();
      },
      this.label,
    );
  }
}
