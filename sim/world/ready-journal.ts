import type { Instance } from './cluster.js';

/**
 * The history of one service's ready set: every instance that became ready
 * (an add) or stopped being ready (a remove), in order. Version v is the
 * ready set after the first v changes, so a reader holding version a reaches
 * version b by replaying changes a..b forward, or undoing b..a backward when
 * b < a (an older update delivered late). Publishing an update is then O(1)
 * and applying it is O(changes since the reader's version), never O(fleet).
 *
 * The journal keeps every change of the run: memory grows with the number of
 * readiness changes (a few words each), not with time or the fleet.
 */
export class ReadyJournal {
  private readonly instances: Instance[] = [];
  private readonly adds: boolean[] = [];

  /** Changes so far: the version of the ready set now. */
  get version(): number {
    return this.instances.length;
  }

  /** Records that `inst` became ready (`add`) or stopped being ready. */
  record(inst: Instance, add: boolean): void {
    this.instances.push(inst);
    this.adds.push(add);
  }

  /**
   * Replays the changes that lead from version `from` to version `to`:
   * `apply(inst, add)` once per change, forward in order when `to > from`,
   * backward with `add` inverted when `to < from`.
   */
  replay(from: number, to: number, apply: (inst: Instance, add: boolean) => void): void {
    if (to > from) for (let k = from; k < to; k++) apply(this.instances[k]!, this.adds[k]!);
    else for (let k = from - 1; k >= to; k--) apply(this.instances[k]!, !this.adds[k]!);
  }
}
