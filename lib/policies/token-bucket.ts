/**
 * A token bucket with the semantics of golang.org/x/time/rate's Limiter,
 * driven by explicit virtual time.
 *
 * The bucket holds up to `burst` tokens and starts full. Tokens accrue
 * continuously at `limit` per second. A reservation takes its tokens at once,
 * even into debt, and says when the caller may act: the instant the debt
 * would be paid off. Every method takes the instant explicitly; nothing here
 * reads a clock.
 *
 * Arithmetic follows upstream (float tokens; a duration from tokens is
 * truncated to a whole tick; the time-to-tokens conversion splits whole and
 * fractional seconds as Go's Duration.Seconds does). Upstream truncates to
 * nanoseconds, this to ticks (µs by default), so a delay may be up to one
 * tick shorter than upstream's nanosecond value rounded to µs.
 */
import { SECOND, type Micros } from '../time.js';
import { requireNumber } from './config-error.js';
import { INFINITE_DELAY, MAX_GO_DURATION_SECONDS, truncateDuration } from './go-duration.js';

/** Options of a TokenBucket. */
export interface TokenBucketOptions {
  /** Tokens added per second; `Infinity` allows every event (upstream's `rate.Inf`), 0 never refills. */
  readonly limit: number;
  /** Capacity of the bucket, and its initial content. */
  readonly burst: number;
  /** Ticks in one second; `SECOND` (µs) unless replaying vectors in another unit. */
  readonly ticksPerSecond: number;
}

/** Defaults applied under the options given to a TokenBucket. */
export const DEFAULT_TOKEN_BUCKET_OPTIONS: TokenBucketOptions = {
  limit: Number.POSITIVE_INFINITY,
  burst: 0,
  ticksPerSecond: SECOND,
};

/** The answer to a reservation: either refused, or granted with the instant the caller may act. */
export type Reservation =
  | {
      /** Refused: more tokens than the burst, or the wait would exceed the caller's maximum. Nothing was taken. */
      readonly ok: false;
    }
  | {
      /** Granted: the tokens are taken from the bucket. */
      readonly ok: true;
      /** Number of tokens taken. */
      readonly tokens: number;
      /** The instant the caller may act. */
      readonly timeToAct: Micros;
      /** The limit in force when the reservation was made (a later cancellation refunds at this rate). */
      readonly limit: number;
    };

/** How long the holder of `r` must still wait at `now`: 0 to act now, INFINITE_DELAY if `r` was refused. */
export function delayFrom(r: Reservation, now: Micros): Micros {
  if (!r.ok) return INFINITE_DELAY;
  const delay = r.timeToAct - now;
  return delay < 0 ? 0 : delay;
}

/** A token bucket equivalent to golang.org/x/time/rate.Limiter, with time passed in. */
export class TokenBucket {
  /** Ticks in one second. */
  readonly ticksPerSecond: number;
  #limit: number;
  #burst: number;
  #tokens: number;
  // Go's zero time.Time: earlier than any instant the simulator can pass.
  #last: Micros = Number.NEGATIVE_INFINITY;
  #lastEvent: Micros = Number.NEGATIVE_INFINITY;

  constructor(options: Partial<TokenBucketOptions> = {}) {
    const o = { ...DEFAULT_TOKEN_BUCKET_OPTIONS, ...options };
    this.#limit = requireNumber('TokenBucket', 'limit', o.limit, { min: 0, allowInfinity: true });
    this.#burst = requireNumber('TokenBucket', 'burst', o.burst, { min: 0, integer: true });
    this.ticksPerSecond = requireNumber('TokenBucket', 'ticksPerSecond', o.ticksPerSecond, { min: Number.MIN_VALUE });
    this.#tokens = this.#burst;
  }

  /** Tokens added per second. */
  get limit(): number {
    return this.#limit;
  }

  /** Capacity of the bucket. */
  get burst(): number {
    return this.#burst;
  }

  /** The tokens the bucket would hold at `t` (negative while in debt); changes nothing. */
  tokensAt(t: Micros): number {
    return this.#advance(t);
  }

  /** Whether `n` tokens are available at `t`; takes them if so. */
  allowN(t: Micros, n: number): boolean {
    return this.reserveN(t, n, 0).ok;
  }

  /**
   * Reserves `n` tokens at `t`. Refused (and nothing taken) if `n` exceeds
   * the burst or the wait would exceed `maxFutureReserve`; otherwise the
   * tokens are taken, possibly into debt, and the reservation says when the
   * caller may act. With an infinite limit every request is granted at once.
   */
  reserveN(t: Micros, n: number, maxFutureReserve: Micros = INFINITE_DELAY): Reservation {
    if (this.#limit === Number.POSITIVE_INFINITY) {
      return { ok: true, tokens: n, timeToAct: t, limit: this.#limit };
    }
    const tokens = this.#advance(t) - n;
    const wait = tokens < 0 ? this.#durationFromTokens(this.#limit, -tokens) : 0;
    if (!(n <= this.#burst && wait <= maxFutureReserve)) return { ok: false };
    const timeToAct = t + wait;
    this.#last = t;
    this.#tokens = tokens;
    this.#lastEvent = timeToAct;
    return { ok: true, tokens: n, timeToAct, limit: this.#limit };
  }

  /**
   * Gives back, at `t`, what reservation `r` took, as far as later
   * reservations allow: tokens reserved after `r` are not restored, and a
   * reservation whose time to act has passed cannot be cancelled.
   */
  cancelAt(r: Reservation, t: Micros): void {
    if (!r.ok) return;
    if (this.#limit === Number.POSITIVE_INFINITY || r.tokens === 0 || r.timeToAct < t) return;
    const restore = r.tokens - this.#tokensFromDuration(r.limit, this.#lastEvent - r.timeToAct);
    if (restore <= 0) return;
    const tokens = Math.min(this.#advance(t) + restore, this.#burst);
    this.#last = t;
    this.#tokens = tokens;
    if (r.timeToAct === this.#lastEvent) {
      const previousEvent = r.timeToAct + this.#durationFromTokens(r.limit, -r.tokens);
      if (!(previousEvent < t)) this.#lastEvent = previousEvent;
    }
  }

  /** Changes the refill rate from `t` on; tokens accrued until `t` are kept. */
  setLimitAt(t: Micros, limit: number): void {
    requireNumber('TokenBucket', 'limit', limit, { min: 0, allowInfinity: true });
    this.#tokens = this.#advance(t);
    this.#last = t;
    this.#limit = limit;
  }

  /** Changes the capacity from `t` on; tokens accrued until `t` are kept. */
  setBurstAt(t: Micros, burst: number): void {
    requireNumber('TokenBucket', 'burst', burst, { min: 0, integer: true });
    this.#tokens = this.#advance(t);
    this.#last = t;
    this.#burst = burst;
  }

  #advance(t: Micros): number {
    // A time before the last update counts as no time passing (upstream's
    // "jump backwards" rule), so tokens are neither lost nor invented.
    const last = t < this.#last ? t : this.#last;
    const tokens = this.#tokens + this.#tokensFromDuration(this.#limit, t - last);
    return tokens > this.#burst ? this.#burst : tokens;
  }

  #durationFromTokens(limit: number, tokens: number): Micros {
    if (limit <= 0) return INFINITE_DELAY;
    const seconds = tokens / limit;
    // Upstream caps at the largest int64 duration to avoid overflow.
    if (seconds > MAX_GO_DURATION_SECONDS) return INFINITE_DELAY;
    return truncateDuration(seconds * this.ticksPerSecond);
  }

  #tokensFromDuration(limit: number, d: Micros): number {
    if (limit <= 0) return 0;
    return this.#seconds(d) * limit;
  }

  // Duration.Seconds(): whole and fractional seconds apart, to keep rounding
  // identical to upstream for every duration that is a whole tick.
  #seconds(d: Micros): number {
    if (!Number.isFinite(d)) return d / this.ticksPerSecond;
    const fraction = d % this.ticksPerSecond;
    return (d - fraction) / this.ticksPerSecond + fraction / this.ticksPerSecond;
  }
}
