import type { Micros } from '../../lib/time.js';
import type { Transport } from '../consensus/transport.js';
import type { EventLabel } from '../engine/event-label.js';
import type { Simulation } from '../engine/simulation.js';

/** Counts of a reliable channel. */
export interface ChannelStats {
  /** Messages handed to `send` (first attempts). */
  sent: number;
  /** Re-sends after an acknowledgement failed to arrive in time. */
  retries: number;
}

/**
 * At-least-once messaging over an unreliable transport: the sender re-sends
 * every `retryInterval` until the receiver's acknowledgement arrives; the
 * receiver handles each message id once and acknowledges every copy.
 * Used alike by the orchestrator's commands and the event bus's deliveries,
 * so neither design gets a more reliable network than the other.
 */
export class ReliableChannel {
  /** Counts. */
  readonly stats: ChannelStats = { sent: 0, retries: 0 };
  private nextId = 0;
  private readonly handled = new Map<string, Set<number>>();

  constructor(
    private readonly sim: Simulation,
    private readonly transport: Transport,
    private readonly retryInterval: Micros,
    private readonly label: EventLabel,
  ) {}

  /**
   * Sends a message; `handle` runs once at `to`. `onRetry` is told of each
   * re-send (the sender noticing that something is wrong); `onAck` when the
   * acknowledgement arrives.
   */
  send(from: string, to: string, handle: () => void, hooks: { readonly onRetry?: () => void; readonly onAck?: () => void } = {}): void {
    const id = this.nextId++;
    this.stats.sent++;
    let acked = false;
    const attempt = (): void => {
      this.transport.send(from, to, () => {
        let seen = this.handled.get(to);
        if (!seen) this.handled.set(to, (seen = new Set()));
        if (!seen.has(id)) {
          seen.add(id);
          handle();
        }
        this.transport.send(to, from, () => {
          if (acked) return;
          acked = true;
          hooks.onAck?.();
        });
      });
      this.sim.after(
        this.retryInterval,
        () => {
          if (acked) return;
          this.stats.retries++;
          hooks.onRetry?.();
          attempt();
        },
        this.label,
      );
    };
    attempt();
  }
}
