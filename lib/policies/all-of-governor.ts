/**
 * Several governors at once: an action must satisfy all of them.
 */
import type { Micros } from '../time.js';
import { ALLOW, type ActionGovernor, type Decision, type Outcome } from './action-governor.js';

/**
 * Asks every member. Any 'deny' denies (the first one's reason is kept);
 * otherwise any 'wait' waits until the latest member's `until`; otherwise the
 * action is allowed. Every member is asked every time, so each sees every
 * request, and every member records every outcome.
 */
export class AllOfGovernor<A> implements ActionGovernor<A> {
  /** The governors combined, asked in order. */
  readonly members: readonly ActionGovernor<A>[];

  constructor(members: readonly ActionGovernor<A>[]) {
    this.members = [...members];
  }

  /** The most restrictive of the members' decisions. */
  request(now: Micros, action: A): Decision {
    let denied: Decision | undefined;
    let waiting: Extract<Decision, { verdict: 'wait' }> | undefined;
    for (const member of this.members) {
      const d = member.request(now, action);
      if (d.verdict === 'deny') denied ??= d;
      else if (d.verdict === 'wait' && (waiting === undefined || d.until > waiting.until)) waiting = d;
    }
    return denied ?? waiting ?? ALLOW;
  }

  /** Records the outcome with every member. */
  record(now: Micros, action: A, outcome: Outcome): void {
    for (const member of this.members) member.record(now, action, outcome);
  }
}
