import type { Micros } from '../../lib/time.js';
import { sampler } from '../distribution.js';
import type { EventLabel } from '../engine/event-label.js';
import { eventLabel } from '../engine/event-label.js';
import type { RandomStream } from '../../lib/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { Cluster, Instance } from './cluster.js';
import type { ChurnSpec } from './world-spec.js';

/**
 * Random instance crashes: each new instance of a service with churn draws
 * its time to failure from the MTBF distribution, from its own stream
 * `crash/<instance id>`, and crashes then if still alive; the cluster starts
 * a replacement after the restart delay. Because every instance has its own
 * stream, one instance's fate never shifts another's.
 */
export class Churn {
  private readonly labels = new Map<string, EventLabel>();

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly root: RandomStream,
    private readonly specs: ReadonlyMap<string, ChurnSpec>,
    private readonly horizon: Micros,
    /** Called when churn crashes an instance. */
    private readonly onCrash: (instance: Instance) => void,
  ) {}

  /** A new instance was created: schedules its crash if its service has churn. */
  onCreated(inst: Instance): void {
    const spec = this.specs.get(inst.service);
    if (!spec) return;
    const ttf = Math.max(0, Math.round(sampler(spec.mtbf, this.root.fork(`crash/${inst.id}`))()));
    if (this.sim.now + ttf >= this.horizon) return;
    this.sim.after(
      ttf,
      () => {
        if (this.cluster.find(inst.id) !== inst) return;
        this.onCrash(inst);
        this.cluster.crash(inst, spec.restartDelay);
      },
      this.label(inst.service),
    );
  }

  private label(service: string): EventLabel {
    let l = this.labels.get(service);
    if (!l) this.labels.set(service, (l = eventLabel('crash', `churn/${service}`)));
    return l;
  }
}
