import type { Micros } from '../../lib/time.js';
import type { Link } from './link.js';

/** What the network does with one message. */
export type Delivery =
  | { readonly kind: 'deliver'; readonly delay: Micros }
  | { readonly kind: 'hold' }
  | { readonly kind: 'drop'; readonly reason: 'partitioned' | 'lost' };

const HOLD: Delivery = { kind: 'hold' };
const DROP_PARTITIONED: Delivery = { kind: 'drop', reason: 'partitioned' };
const DROP_LOST: Delivery = { kind: 'drop', reason: 'lost' };
const DELIVER_NOW: Delivery = { kind: 'deliver', delay: 0 };

/**
 * The one function that decides a message's fate from its link: a
 * partitioned link drops, a held link holds, a healthy link loses the message
 * with the link's loss probability and otherwise delivers it after a latency
 * drawn from the link's distribution. Draws come from the link's own stream,
 * so traffic on one link never shifts the draws of another.
 */
export function decide(link: Link): Delivery {
  if (link.state === 'partitioned') return DROP_PARTITIONED;
  if (link.state === 'held') return HOLD;
  if (link.loss > 0 && link.rng.next() < link.loss) return DROP_LOST;
  if (link.instant) return DELIVER_NOW;
  return { kind: 'deliver', delay: Math.max(0, Math.round(link.latency())) };
}
