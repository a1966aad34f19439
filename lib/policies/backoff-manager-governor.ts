/**
 * Paces repeated actions with apimachinery's exponential backoff manager
 * (`wait.NewExponentialBackoffManager(initial, max, reset, factor, jitter)`):
 * after an action on a key, the next one on that key waits the manager's next
 * delay; a key left alone longer than the reset period starts again from the
 * initial delay.
 */
import type { Micros } from '../time.js';
import { ALLOW, waitUntil, type ActionGovernor, type Decision } from './action-governor.js';
import { ResettingBackoff } from './backoff-with-reset.js';
import type { RandomSource } from './jitter.js';

/** What a backoff is kept per: each action key (`scale:web`, `replace:web-3`), or each action kind (`scale`, `replace`), so replacing a crash-looping fleet's instances shares one backoff. */
type BackoffScope = 'action' | 'kind';

/** Options of a BackoffManagerGovernor. */
export interface BackoffManagerGovernorOptions {
  /** First delay. */
  readonly initial: Micros;
  /** Largest delay (the backoff's cap). */
  readonly cap: Micros;
  /** Growth per step (≥ 1; 1 keeps every delay at `initial`). */
  readonly factor: number;
  /** Each delay is stretched by up to `jitter`·delay at random (0: none). */
  readonly jitter: number;
  /** A key idle this long starts again from `initial`. */
  readonly reset: Micros;
  /** What a backoff is kept per. */
  readonly scope: BackoffScope;
  /** Source of jitter, drawn only when `jitter` > 0, once per recorded action. */
  readonly random: RandomSource;
}

/** Governs actions with one exponential backoff manager per key (see the module comment). */
export class BackoffManagerGovernor implements ActionGovernor<string> {
  readonly #options: BackoffManagerGovernorOptions;
  readonly #managers = new Map<string, ResettingBackoff>();
  readonly #notBefore = new Map<string, Micros>();

  constructor(options: BackoffManagerGovernorOptions) {
    this.#options = options;
  }

  #key(action: string): string {
    const colon = action.indexOf(':');
    return this.#options.scope === 'kind' && colon >= 0 ? action.slice(0, colon) : action;
  }

  /** Allows the action unless its key is still backing off from the previous one. */
  request(now: Micros, action: string): Decision {
    const until = this.#notBefore.get(this.#key(action));
    return until !== undefined && now < until ? waitUntil(until, `backing off until ${until} µs`) : ALLOW;
  }

  /** Starts the key's next backoff delay from `now`. */
  record(now: Micros, action: string): void {
    const key = this.#key(action);
    let manager = this.#managers.get(key);
    if (!manager) {
      const o = this.#options;
      manager = new ResettingBackoff({
        initial: { duration: o.initial, factor: o.factor, jitter: o.jitter, steps: 2_147_483_647 /* math.MaxInt32, as upstream */, cap: o.cap },
        resetInterval: o.reset,
        mode: 'after-idle',
        random: o.random,
        createdAt: now,
      });
      this.#managers.set(key, manager);
    }
    this.#notBefore.set(key, now + manager.delay(now));
  }
}
