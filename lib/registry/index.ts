/**
 * A service registry with TTL heartbeats (package subpath `ctrlsim/registry`):
 * instances register, heartbeat and are evicted after their TTL and removed
 * after 3 × TTL. Units: every instant and duration is integer microseconds
 * (`Micros`).
 */
export * from './service-registry.js';
