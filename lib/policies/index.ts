/**
 * Policies that govern a controller's actions: client-go rate limiters,
 * golang.org/x/time/rate's token bucket, apimachinery backoff, and governors
 * built on them (package subpath `ctrlsim/policies`).
 *
 * Units: every instant and duration is integer microseconds (`Micros`;
 * upstream's are Go nanoseconds, and a float duration truncates toward zero
 * as Go's does); `qps` is per second, as in client-go. Re-exports only.
 */
export * from './action-governor.js';
export * from './all-of-governor.js';
export * from './backoff.js';
export * from './backoff-governor.js';
export * from './backoff-with-reset.js';
export * from './bucket-rate-limiter.js';
export * from './config-error.js';
export * from './cooldown-governor.js';
export * from './default-controller-rate-limiter.js';
export * from './every.js';
export * from './go-duration.js';
export * from './hysteresis-governor.js';
export * from './item-exponential-failure-rate-limiter.js';
export * from './item-fast-slow-rate-limiter.js';
export * from './jitter.js';
export * from './max-of-rate-limiter.js';
export * from './rate-limiter.js';
export * from './rate-limiter-governor.js';
export * from './throttle-governor.js';
export * from './token-bucket.js';
export * from './with-max-wait-rate-limiter.js';
