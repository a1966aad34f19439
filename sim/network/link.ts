import type { Micros } from '../../lib/time.js';
import type { Sampler } from '../distribution.js';
import type { EventLabel } from '../engine/event-label.js';
import type { RandomStream } from '../../lib/random.js';

/**
 * State of one directed link between two hosts: `healthy` delivers (after the
 * link's latency, unless the message is lost), `partitioned` drops every
 * message, `held` queues messages until the link is released.
 */
export type LinkState = 'healthy' | 'partitioned' | 'held';

/** A message waiting on a held link. */
export interface HeldMessage {
  /** Delivers the message at the receiver. */
  readonly deliver: () => void;
  /** Virtual time it was sent. */
  readonly sentAt: Micros;
}

/**
 * One directed link, keyed by its ordered host pair: data consulted on every
 * send (see `decide`). Links are created on first use with the properties the
 * network spec gives the pair; fault verbs change `state`.
 */
export interface Link {
  /** Sending host. */
  readonly from: string;
  /** Receiving host. */
  readonly to: string;
  /** Current state; fault verbs change it. */
  state: LinkState;
  /** One-way latency of a delivered message, µs per draw. */
  readonly latency: Sampler;
  /** True when `latency` always returns 0, so a send can be delivered in the same event. */
  readonly instant: boolean;
  /** Probability in [0, 1] that a message sent on a healthy link is lost. */
  readonly loss: number;
  /** The link's own stream (loss draws; `latency` is bound to it too). */
  readonly rng: RandomStream;
  /** Messages held while the link is `held`, in send order. */
  readonly held: HeldMessage[];
  /** Label of this link's delivery events, made once. */
  readonly label: EventLabel;
}
