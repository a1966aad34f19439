import type { Micros } from '../time.js';
import { SECOND } from '../time.js';

/** The blue-green settings and state that decide when preview becomes active. */
export interface BlueGreenPause {
  /** strategy.blueGreen.autoPromotionEnabled; default true. */
  readonly autoPromotionEnabled?: boolean;
  /** strategy.blueGreen.autoPromotionSeconds; 0 (default) promotes as soon as preview is ready. */
  readonly autoPromotionSeconds?: number;
  /** status.controllerPause: the controller has paused the rollout. */
  readonly controllerPaused: boolean;
  /** Start of the BlueGreenPause condition; absent when there is none. */
  readonly pausedAt?: Micros;
  /** The pause condition was added in this very reconcile. */
  readonly pauseAddedNow?: boolean;
  /** status.blueGreen.scaleUpPreviewCheckPoint: promotion already passed this point. */
  readonly scaleUpPreviewCheckPoint?: boolean;
}

/**
 * Argo's needsBlueGreenControllerPause: the controller pauses before switching
 * the active service only when auto-promotion is off or delayed.
 */
export function blueGreenNeedsPause(p: BlueGreenPause): boolean {
  return p.autoPromotionEnabled === false || (p.autoPromotionSeconds ?? 0) > 0;
}

/**
 * Argo's CompletedBlueGreenPause, with the clock passed in: whether the active
 * service may switch to preview. Never in the reconcile that added the pause;
 * always past the scale-up checkpoint or when no pause is needed. With
 * auto-promotion, strictly after pausedAt + autoPromotionSeconds; without it,
 * once a human removed the pause condition.
 */
export function blueGreenPauseCompleted(p: BlueGreenPause, now: Micros): boolean {
  if (p.pauseAddedNow === true) return false;
  if (p.scaleUpPreviewCheckPoint === true || !blueGreenNeedsPause(p)) return true;
  if (p.autoPromotionEnabled !== false) {
    if (p.pausedAt === undefined) return false;
    return now > p.pausedAt + (p.autoPromotionSeconds ?? 0) * SECOND;
  }
  return p.controllerPaused && p.pausedAt === undefined;
}

/**
 * The first instant auto-promotion fires (one tick after the deadline, the
 * comparison being strict); undefined when it cannot fire by itself.
 */
export function blueGreenAutoPromotionAt(p: BlueGreenPause): Micros | undefined {
  if (p.autoPromotionEnabled === false || p.pausedAt === undefined) return undefined;
  const seconds = p.autoPromotionSeconds ?? 0;
  return seconds > 0 ? p.pausedAt + seconds * SECOND + 1 : undefined;
}
