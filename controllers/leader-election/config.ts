/**
 * client-go's `LeaderElectionConfig` timing knobs, their defaults and the
 * checks `NewLeaderElector` makes.
 */
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';

/** client-go's `JitterFactor`: the acquire loop waits retryPeriod × (1 + U[0, 1.2)). */
export const JITTER_FACTOR = 1.2;

/** Default lease duration of Kubernetes' core clients. */
export const DEFAULT_LEASE_DURATION: Micros = 15 * SECOND;
/** Default renew deadline of Kubernetes' core clients. */
export const DEFAULT_RENEW_DEADLINE: Micros = 10 * SECOND;
/** Default retry period of Kubernetes' core clients. */
export const DEFAULT_RETRY_PERIOD: Micros = 2 * SECOND;

/** Knobs of a leader elector, all durations on the elector's own monotonic clock. */
export interface LeaderElectionConfig {
  /** Who this candidate is; written into the lease as holder. */
  readonly identity: string;
  /** How long a candidate waits, after last seeing the record change, before taking the lease over. */
  readonly leaseDuration: Micros;
  /** How long the leader keeps retrying a renewal before it gives up leading. */
  readonly renewDeadline: Micros;
  /** Time between attempts (jittered by `JITTER_FACTOR` while acquiring). */
  readonly retryPeriod: Micros;
  /**
   * Timeout of one request to the store. Kubernetes' controller-manager and
   * scheduler give their leader-election client a timeout of renewDeadline;
   * that is the default. While renewing, a request is also cut off at the
   * renew deadline.
   */
  readonly requestTimeout: Micros;
  /** Release the lease (holder emptied, 1 s duration) when the elector stops while leading. */
  readonly releaseOnCancel: boolean;
}

/** A config as given: identity required, everything else defaulted. */
export type LeaderElectionOptions = Pick<LeaderElectionConfig, 'identity'> & Partial<Omit<LeaderElectionConfig, 'identity'>>;

/** A config `NewLeaderElector` would refuse; the message is upstream's. */
export class LeaderElectionConfigError extends Error {
  override readonly name = 'LeaderElectionConfigError';
}

/**
 * Applies the defaults (15 s / 10 s / 2 s, request timeout = renew deadline)
 * and makes `NewLeaderElector`'s checks, in its order, with its messages.
 * Go converts `JitterFactor × retryPeriod` to a duration by truncation; so do we, in µs.
 */
export function leaderElectionConfig(options: LeaderElectionOptions): LeaderElectionConfig {
  const renewDeadline = options.renewDeadline ?? DEFAULT_RENEW_DEADLINE;
  const c: LeaderElectionConfig = {
    identity: options.identity,
    leaseDuration: options.leaseDuration ?? DEFAULT_LEASE_DURATION,
    renewDeadline,
    retryPeriod: options.retryPeriod ?? DEFAULT_RETRY_PERIOD,
    requestTimeout: options.requestTimeout ?? renewDeadline,
    releaseOnCancel: options.releaseOnCancel ?? false,
  };
  const error = configError(c) ?? (c.requestTimeout > 0 ? undefined : 'requestTimeout must be greater than zero');
  if (error) throw new LeaderElectionConfigError(error);
  return c;
}

/** The first of `NewLeaderElector`'s complaints about `c`, or undefined if it would accept it. */
export function configError(c: Omit<LeaderElectionConfig, 'requestTimeout' | 'releaseOnCancel'>): string | undefined {
  if (c.leaseDuration <= c.renewDeadline) return 'leaseDuration must be greater than renewDeadline';
  if (c.renewDeadline <= Math.trunc(JITTER_FACTOR * c.retryPeriod)) return 'renewDeadline must be greater than retryPeriod*JitterFactor';
  if (c.leaseDuration < 1) return 'leaseDuration must be greater than zero';
  if (c.renewDeadline < 1) return 'renewDeadline must be greater than zero';
  if (c.retryPeriod < 1) return 'retryPeriod must be greater than zero';
  if (c.identity === '') return 'Lock identity is empty';
  return undefined;
}
