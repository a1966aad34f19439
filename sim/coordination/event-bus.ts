import type { ReliableChannel } from './reliable-channel.js';

/** A subscriber: the host it runs on and what it does with an event. */
export interface Subscription {
  /** Subscriber's host. */
  readonly host: string;
  /** Runs on the subscriber's host, once per event. */
  readonly handle: () => void;
}

/**
 * A pub/sub broker on its own host: a publisher sends an event to the
 * broker (at least once), which delivers it to every subscriber of the
 * topic (at least once each). The broker knows topics and subscribers, not
 * workflows: nobody holds the state of the whole workflow.
 */
export class EventBus {
  private readonly subscribers = new Map<string, Subscription[]>();
  /** Events published per topic. */
  readonly published = new Map<string, number>();

  constructor(
    /** The broker's host. */
    readonly host: string,
    private readonly channel: ReliableChannel,
  ) {}

  /** Subscribes to a topic. */
  subscribe(topic: string, subscription: Subscription): void {
    let subs = this.subscribers.get(topic);
    if (!subs) this.subscribers.set(topic, (subs = []));
    subs.push(subscription);
  }

  /** Publishes an event from `from`. */
  publish(from: string, topic: string): void {
    this.published.set(topic, (this.published.get(topic) ?? 0) + 1);
    this.channel.send(from, this.host, () => {
      for (const s of this.subscribers.get(topic) ?? []) this.channel.send(this.host, s.host, s.handle);
    });
  }
}
