import type { Micros } from '../../lib/time.js';
import { eventLabel } from '../engine/event-label.js';
import type { Simulation } from '../engine/simulation.js';
import type { ReliableChannel } from './reliable-channel.js';
import type { StepService, WorkflowStep } from './step-service.js';

const DEADLINE = eventLabel('step-deadline', 'orchestrator');

/** What the orchestrator knows about its workflow. */
export interface OrchestratorView {
  /** The step it is waiting on, if any. */
  readonly current: WorkflowStep | undefined;
  /** When it first noticed that a step was stuck (a command re-sent, or a step past its deadline). */
  readonly stallDetectedAt: Micros | undefined;
  /** The step it found stuck. */
  readonly stalledStep: WorkflowStep | undefined;
  /** When it learned the whole workflow was done. */
  readonly completedAt: Micros | undefined;
}

/**
 * Orchestration: a central conductor runs the workflow's steps in order,
 * commanding each service and waiting for its "done" before the next. It
 * always knows which step the workflow is in and notices when one is stuck
 * (a command it must re-send, or a step running past `stepDeadline`).
 */
export class Orchestrator {
  private current: WorkflowStep | undefined;
  private stallDetectedAt: Micros | undefined;
  private stalledStep: WorkflowStep | undefined;
  private completedAt: Micros | undefined;
  private started = false;

  constructor(
    private readonly sim: Simulation,
    /** The orchestrator's host. */
    readonly host: string,
    private readonly channel: ReliableChannel,
    /** The services, in workflow order. */
    private readonly steps: readonly StepService[],
    /** How long each step may take before the orchestrator calls it stuck. */
    private readonly stepDeadline: (step: WorkflowStep) => Micros,
  ) {}

  /** What the orchestrator knows now. */
  get view(): OrchestratorView {
    return { current: this.current, stallDetectedAt: this.stallDetectedAt, stalledStep: this.stalledStep, completedAt: this.completedAt };
  }

  /** The failure report arrived: start the workflow (once). */
  zoneFailed(): void {
    if (this.started) return;
    this.started = true;
    this.runStep(0);
  }

  private runStep(i: number): void {
    const service = this.steps[i];
    if (!service) {
      this.current = undefined;
      this.completedAt = this.sim.now;
      return;
    }
    this.current = service.step;
    let finished = false;
    const stalled = (): void => {
      if (finished || this.stallDetectedAt !== undefined) return;
      this.stallDetectedAt = this.sim.now;
      this.stalledStep = service.step;
    };
    this.sim.after(this.stepDeadline(service.step), stalled, DEADLINE);
    this.channel.send(
      this.host,
      service.host,
      () =>
        service.run(() =>
          this.channel.send(service.host, this.host, () => {
            if (finished) return;
            finished = true;
            this.runStep(i + 1);
          }),
        ),
      { onRetry: stalled },
    );
  }
}
