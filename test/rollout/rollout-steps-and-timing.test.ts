import { describe, expect, it } from 'vitest';
import {
  blueGreenAutoPromotionAt,
  blueGreenNeedsPause,
  blueGreenPauseCompleted,
  canaryPauseCompleted,
  canaryPauseEndsAt,
  canaryStepOutcome,
  scaleDownDelay,
  scaleDownDeadline,
  scaleDownTimeRemaining,
  type CanaryRollout,
  type CanaryStep,
  type CanaryStepObservation,
} from '../../lib/rollout/index.js';
import { MINUTE, SECOND } from '../../lib/time.js';

// Semantics from argo-rollouts rollout/pause.go (CompletedCanaryPauseStep, CompletedBlueGreenPause),
// rollout/canary.go (completedCurrentCanaryStep), rollout/analysis.go (setPauseOrAbort) and
// utils/replicaset (GetTimeRemainingBeforeScaleDownDeadline). Upstream tests these only through the
// full controller, so these are hand-written cases, not transcribed vectors.

const steps: CanaryStep[] = [
  { kind: 'setWeight', weight: 20 },
  { kind: 'pause', duration: MINUTE },
  { kind: 'analysis' },
  { kind: 'pause' },
  { kind: 'setCanaryScale', replicas: 2 },
];

function rolloutAt(index: number): CanaryRollout {
  return {
    spec: { replicas: 5, steps, trafficRouting: true },
    status: { currentStepIndex: index, stableHash: 'stable', currentHash: 'canary' },
  };
}

const idle: CanaryStepObservation = { atDesiredReplicaCounts: false, pause: { controllerPaused: false } };

describe('canary pause steps', () => {
  it('ends a timed pause strictly after its duration, and names that instant for the requeue', () => {
    const state = { controllerPaused: true, pausedAt: 0 };
    expect(canaryPauseCompleted(MINUTE, state, MINUTE)).toBe(false);
    expect(canaryPauseCompleted(MINUTE, state, MINUTE + 1)).toBe(true);
    expect(canaryPauseEndsAt(MINUTE, state)).toBe(MINUTE + 1);
  });

  it('never ends an untimed pause by itself, only when a human removes the pause condition', () => {
    expect(canaryPauseCompleted(undefined, { controllerPaused: true, pausedAt: 0 }, 10 * MINUTE)).toBe(false);
    expect(canaryPauseCompleted(undefined, { controllerPaused: true }, 10 * MINUTE)).toBe(true);
  });

  it('first asks to add the pause condition, then waits until the timed pause is over, then advances', () => {
    expect(canaryStepOutcome(rolloutAt(1), idle, 0)).toEqual({ kind: 'pause', reason: 'CanaryPauseStep' });
    const paused = { ...idle, pause: { controllerPaused: true, pausedAt: 5 * SECOND } };
    expect(canaryStepOutcome(rolloutAt(1), paused, 30 * SECOND)).toEqual({ kind: 'wait', until: 5 * SECOND + MINUTE + 1 });
    expect(canaryStepOutcome(rolloutAt(1), paused, 5 * SECOND + MINUTE + 1)).toEqual({ kind: 'advance' });
  });

  it('waits on an untimed pause with no requeue time until resumed', () => {
    const paused = { ...idle, pause: { controllerPaused: true, pausedAt: 0 } };
    expect(canaryStepOutcome(rolloutAt(3), paused, 99 * MINUTE)).toEqual({ kind: 'wait' });
    expect(canaryStepOutcome(rolloutAt(3), { ...idle, pause: { controllerPaused: true } }, 99 * MINUTE)).toEqual({ kind: 'advance' });
  });
});

describe('canary step outcomes', () => {
  it('advances a setWeight step only once replicas are at target and the weight is not known to be unverified', () => {
    expect(canaryStepOutcome(rolloutAt(0), idle, 0)).toEqual({ kind: 'wait' });
    expect(canaryStepOutcome(rolloutAt(0), { ...idle, atDesiredReplicaCounts: true, weightVerified: false }, 0)).toEqual({ kind: 'wait' });
    expect(canaryStepOutcome(rolloutAt(0), { ...idle, atDesiredReplicaCounts: true }, 0)).toEqual({ kind: 'advance' });
  });

  it('advances on a Successful analysis, pauses on Inconclusive, aborts on Failed or Error, and waits otherwise', () => {
    const outcome = (analysisPhase: CanaryStepObservation['analysisPhase']) =>
      canaryStepOutcome(rolloutAt(2), { ...idle, ...(analysisPhase ? { analysisPhase } : {}), analysisMessage: 'error rate 7%' }, 0);
    expect(outcome('Successful')).toEqual({ kind: 'advance' });
    expect(outcome('Inconclusive')).toEqual({ kind: 'pause', reason: 'InconclusiveAnalysis' });
    expect(outcome('Failed')).toEqual({ kind: 'abort', message: 'error rate 7%' });
    expect(outcome('Error')).toEqual({ kind: 'abort', message: 'error rate 7%' });
    expect(outcome('Running')).toEqual({ kind: 'wait' });
    expect(outcome(undefined)).toEqual({ kind: 'wait' });
  });

  it('advances a setCanaryScale step once replicas are at target', () => {
    expect(canaryStepOutcome(rolloutAt(4), { ...idle, atDesiredReplicaCounts: true }, 0)).toEqual({ kind: 'advance' });
  });

  it('reports done past the last step and holds everything while spec.paused is set', () => {
    expect(canaryStepOutcome(rolloutAt(steps.length), idle, 0)).toEqual({ kind: 'done' });
    expect(canaryStepOutcome(rolloutAt(0), { ...idle, atDesiredReplicaCounts: true, specPaused: true }, 0)).toEqual({ kind: 'wait' });
  });
});

describe('blue-green promotion', () => {
  it('promotes at once when auto-promotion is on without delay', () => {
    const p = { controllerPaused: false };
    expect(blueGreenNeedsPause(p)).toBe(false);
    expect(blueGreenPauseCompleted(p, 0)).toBe(true);
  });

  it('auto-promotes strictly after autoPromotionSeconds from the pause', () => {
    const p = { autoPromotionSeconds: 30, controllerPaused: true, pausedAt: 10 * SECOND };
    expect(blueGreenPauseCompleted(p, 40 * SECOND)).toBe(false);
    expect(blueGreenPauseCompleted(p, 40 * SECOND + 1)).toBe(true);
    expect(blueGreenAutoPromotionAt(p)).toBe(40 * SECOND + 1);
  });

  it('never promotes in the reconcile that added the pause, nor before the pause exists', () => {
    expect(blueGreenPauseCompleted({ autoPromotionSeconds: 30, controllerPaused: true, pausedAt: 0, pauseAddedNow: true }, MINUTE)).toBe(false);
    expect(blueGreenPauseCompleted({ autoPromotionSeconds: 30, controllerPaused: false }, MINUTE)).toBe(false);
  });

  it('with auto-promotion off, waits for a human to remove the pause condition', () => {
    const p = { autoPromotionEnabled: false, controllerPaused: true, pausedAt: 0 };
    expect(blueGreenPauseCompleted(p, 99 * MINUTE)).toBe(false);
    expect(blueGreenAutoPromotionAt(p)).toBeUndefined();
    expect(blueGreenPauseCompleted({ autoPromotionEnabled: false, controllerPaused: true }, 0)).toBe(true);
  });

  it('treats the scale-up-preview checkpoint as already promoted', () => {
    expect(blueGreenPauseCompleted({ autoPromotionEnabled: false, controllerPaused: true, pausedAt: 0, scaleUpPreviewCheckPoint: true }, 0)).toBe(true);
  });
});

describe('scale-down delay', () => {
  it('delays blue-green and traffic-routed canaries 30 s by default and basic canaries not at all', () => {
    expect(scaleDownDelay({ strategy: 'blueGreen' })).toBe(30 * SECOND);
    expect(scaleDownDelay({ strategy: 'canary', trafficRouting: true })).toBe(30 * SECOND);
    expect(scaleDownDelay({ strategy: 'canary', trafficRouting: false, scaleDownDelaySeconds: 60 })).toBe(0);
    expect(scaleDownDelay({ strategy: 'blueGreen', scaleDownDelaySeconds: 5 })).toBe(5 * SECOND);
  });

  it('keeps the old ReplicaSet until the deadline, then reports nothing left to wait', () => {
    const deadline = scaleDownDeadline(100 * SECOND, 30 * SECOND);
    expect(scaleDownTimeRemaining(deadline, 120 * SECOND)).toBe(10 * SECOND);
    expect(scaleDownTimeRemaining(deadline, 130 * SECOND)).toBeUndefined();
    expect(scaleDownTimeRemaining(undefined, 0)).toBeUndefined();
  });
});
