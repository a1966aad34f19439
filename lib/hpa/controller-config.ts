/**
 * Controller-wide HPA settings (kube-controller-manager flags), with the
 * production defaults and the overrides upstream's unit tests run under.
 */
import { MINUTE, SECOND, type Micros } from '../time.js';
import { DEFAULT_TOLERANCE } from './tolerances.js';

/** Settings shared by every HPA handled by one controller. */
export interface HpaControllerConfig {
  /** `--horizontal-pod-autoscaler-tolerance`: default dead band around ratio 1.0. */
  readonly tolerance: number;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period`: CPU samples of younger pods need care. */
  readonly cpuInitializationPeriod: Micros;
  /** `--horizontal-pod-autoscaler-initial-readiness-delay`: a not-ready pod this close to start counts as never ready. */
  readonly delayOfInitialReadinessStatus: Micros;
  /** `--horizontal-pod-autoscaler-downscale-stabilization`: legacy window, and the default scaleDown window with `behavior`. */
  readonly downscaleStabilizationWindow: Micros;
  /** Legacy (no `behavior`) scale-up cap factor: at most factor x current replicas. */
  readonly scaleUpLimitFactor: number;
  /** Legacy (no `behavior`) scale-up cap floor: at least this many replicas are always allowed. */
  readonly scaleUpLimitMinimum: number;
}

/** Production defaults of kube-controller-manager. */
export const PRODUCTION_HPA_CONFIG: HpaControllerConfig = {
  tolerance: DEFAULT_TOLERANCE,
  cpuInitializationPeriod: 5 * MINUTE,
  delayOfInitialReadinessStatus: 30 * SECOND,
  downscaleStabilizationWindow: 5 * MINUTE,
  scaleUpLimitFactor: 2,
  scaleUpLimitMinimum: 4,
};

/**
 * The settings upstream's podautoscaler unit tests run under: CPU initialization
 * 2 min and readiness delay 10 s (`defaultTesting*` constants), and
 * `scaleUpLimitFactor = 8` set in horizontal_test.go's `init()`. Only for replaying
 * upstream vectors; never a product default.
 */
export const UPSTREAM_TEST_HPA_CONFIG: HpaControllerConfig = {
  tolerance: 0.1,
  cpuInitializationPeriod: 2 * MINUTE,
  delayOfInitialReadinessStatus: 10 * SECOND,
  downscaleStabilizationWindow: 5 * MINUTE,
  scaleUpLimitFactor: 8,
  scaleUpLimitMinimum: 4,
};
