import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND, type Micros } from '../../lib/time.js';
import {
  applyRateLimits,
  clampLegacy,
  generateScaleDownRules,
  generateScaleUpRules,
  normalizeLegacy,
  normalizeWithBehavior,
  replicasChangeInPeriod,
  resolveBehavior,
  scaleDownLimit,
  scaleUpLimit,
  stabilizeLegacy,
  stabilizeWithBehavior,
  storeScaleEvent,
  EMPTY_HPA_HISTORY,
  UPSTREAM_TEST_HPA_CONFIG,
  type ScaleEvent,
  type ScalingPolicy,
  type ScalingRules,
  type SelectPolicy,
  type TimestampedRecommendation,
} from '../../lib/hpa/index.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/hpa/${name}`, import.meta.url), 'utf8')) as T;
}

const NOW: Micros = 1_000_000 * SECOND;
const ago = (seconds: number): Micros => NOW - seconds * SECOND;
const events = (raw: { replicaChange: number; ageSeconds: number; outdated?: boolean }[] | undefined): ScaleEvent[] =>
  (raw ?? []).map((e) => ({ replicaChange: e.replicaChange, timestamp: ago(e.ageSeconds), outdated: e.outdated ?? false }));
const recs = (raw: { recommendation: number; ageSeconds: number }[]): TimestampedRecommendation[] =>
  raw.map((r) => ({ recommendation: r.recommendation, timestamp: ago(r.ageSeconds) }));

interface RulesCase {
  test: string;
  currentReplicas: number;
  prenormalizedDesiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  scaleUpRules?: ScalingRules;
  scaleDownRules?: ScalingRules;
  scaleUpEvents?: { replicaChange: number; ageSeconds: number }[];
  scaleDownEvents?: { replicaChange: number; ageSeconds: number }[];
  expected: { replicas: number; condition: string };
}

describe('behavior rate limits replay TestScalingWithRules', () => {
  const { cases } = fixture<{ cases: RulesCase[] }>('scaling-with-rules.json');
  it('has the transcribed vectors', () => expect(cases.length).toBe(42));
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const got = applyRateLimits({
      currentReplicas: c.currentReplicas,
      desiredReplicas: c.prenormalizedDesiredReplicas,
      minReplicas: c.minReplicas,
      maxReplicas: c.maxReplicas,
      scaleUpBehavior: generateScaleUpRules(c.scaleUpRules),
      scaleDownBehavior: generateScaleDownRules(c.scaleDownRules),
      scaleUpEvents: events(c.scaleUpEvents),
      scaleDownEvents: events(c.scaleDownEvents),
      now: NOW,
    });
    expect(got).toEqual({ replicas: c.expected.replicas, reason: c.expected.condition });
  });
});

interface LimitCase {
  test: string;
  direction: 'up' | 'down';
  currentReplicas: number;
  rules: { selectPolicy: SelectPolicy; policies: ScalingPolicy[] };
  expected: number;
}

describe('policy limits replay TestCalculateScale{Up,Down}Limit*', () => {
  const { cases } = fixture<{ cases: LimitCase[] }>('scale-limits.json');
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const f = c.direction === 'up' ? scaleUpLimit : scaleDownLimit;
    expect(f({ currentReplicas: c.currentReplicas, scaleUpEvents: [], scaleDownEvents: [], scalingRules: c.rules, now: NOW })).toBe(c.expected);
  });

  it('disables scaling in a direction whose selectPolicy is Disabled', () => {
    const rules = { selectPolicy: 'Disabled' as const, policies: [{ type: 'Pods' as const, value: 100, periodSeconds: 15 }] };
    expect(scaleUpLimit({ currentReplicas: 7, scaleUpEvents: [], scaleDownEvents: [], scalingRules: rules, now: NOW })).toBe(7);
    expect(
      applyRateLimits({
        currentReplicas: 7,
        desiredReplicas: 2,
        minReplicas: 1,
        maxReplicas: 10,
        scaleUpBehavior: generateScaleUpRules(undefined),
        scaleDownBehavior: rules,
        scaleUpEvents: [],
        scaleDownEvents: [],
        now: NOW,
      }),
    ).toEqual({ replicas: 7, reason: 'ScaleDownLimit' });
  });

  it('rounds a Percent scale-up up and a Percent scale-down down', () => {
    const pct = (value: number) => ({ selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value, periodSeconds: 60 }] });
    const at3 = (scalingRules: ReturnType<typeof pct>) => ({ currentReplicas: 3, scaleUpEvents: [], scaleDownEvents: [], scalingRules, now: NOW });
    expect(scaleUpLimit(at3(pct(10)))).toBe(4); // ceil(3.3)
    expect(scaleDownLimit(at3(pct(10)))).toBe(2); // trunc(2.7)
  });
});

interface LegacyFixture {
  convertDesiredReplicasWithRules: {
    test: string;
    currentReplicas: number;
    desiredReplicas: number;
    minReplicas: number;
    maxReplicas: number;
    expected: { replicas: number; condition: string };
  }[];
  stabilizeRecommendation: {
    test: string;
    recommendations: { recommendation: number; ageSeconds: number }[];
    prenormalizedDesiredReplicas: number;
    expected: { stabilized: number; logLength: number };
  }[];
}

describe('legacy normalization replays TestConvertDesiredReplicasWithRules and TestNormalizeDesiredReplicas', () => {
  const f = fixture<LegacyFixture>('legacy-normalization.json');
  const { scaleUpLimitFactor, scaleUpLimitMinimum, downscaleStabilizationWindow } = UPSTREAM_TEST_HPA_CONFIG;
  it.each(f.convertDesiredReplicasWithRules.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const got = clampLegacy({
      currentReplicas: c.currentReplicas,
      desiredReplicas: c.desiredReplicas,
      minReplicas: c.minReplicas,
      maxReplicas: c.maxReplicas,
      scaleUpLimitFactor,
      scaleUpLimitMinimum,
    });
    expect(got).toEqual({ replicas: c.expected.replicas, reason: c.expected.condition });
  });
  it.each(f.stabilizeRecommendation.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const input = recs(c.recommendations);
    const got = stabilizeLegacy({
      recommendations: input,
      prenormalizedDesiredReplicas: c.prenormalizedDesiredReplicas,
      downscaleStabilizationWindow,
      now: NOW,
    });
    expect(got.stabilized).toBe(c.expected.stabilized);
    expect(got.recommendations).toHaveLength(c.expected.logLength);
    expect(input).toEqual(recs(c.recommendations)); // the caller's history is untouched
  });

  it('caps a scale-up at twice the current count, or 4, with production defaults', () => {
    const production = { desiredReplicas: 100, minReplicas: 1, maxReplicas: 50, scaleUpLimitFactor: 2, scaleUpLimitMinimum: 4 };
    expect(clampLegacy({ ...production, currentReplicas: 3 })).toEqual({ replicas: 6, reason: 'ScaleUpLimit' });
    expect(clampLegacy({ ...production, currentReplicas: 1 })).toEqual({ replicas: 4, reason: 'ScaleUpLimit' });
  });

  it('holds a scale-down at the highest recommendation of the last five minutes', () => {
    const history = [
      { recommendation: 8, timestamp: NOW - 4 * MINUTE },
      { recommendation: 9, timestamp: NOW - 6 * MINUTE },
    ];
    const got = normalizeLegacy({
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 3,
      minReplicas: 1,
      maxReplicas: 20,
      recommendations: history,
      downscaleStabilizationWindow: 5 * MINUTE,
      scaleUpLimitFactor: 2,
      scaleUpLimitMinimum: 4,
      now: NOW,
    });
    expect(got).toMatchObject({ desiredReplicas: 8, stabilization: 'ScaleDownStabilized', limit: 'DesiredWithinRange', limited: false });
    expect(got.recommendations).toEqual([history[0], { recommendation: 3, timestamp: NOW }]);
  });
});

interface StabilizeCase {
  test: string;
  recommendations: { recommendation: number; ageSeconds: number }[];
  currentReplicas: number;
  prenormalizedDesiredReplicas: number;
  scaleUpWindowSeconds: number;
  scaleDownWindowSeconds: number;
  expected: { stabilized: number; recommendations?: number[] };
}

describe('behavior stabilization replays TestNormalizeDesiredReplicasWithBehavior', () => {
  const { cases } = fixture<{ cases: StabilizeCase[] }>('stabilize-with-behavior.json');
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const got = stabilizeWithBehavior({
      currentReplicas: c.currentReplicas,
      desiredReplicas: c.prenormalizedDesiredReplicas,
      scaleUpBehavior: { stabilizationWindowSeconds: c.scaleUpWindowSeconds },
      scaleDownBehavior: { stabilizationWindowSeconds: c.scaleDownWindowSeconds },
      recommendations: recs(c.recommendations),
      now: NOW,
    });
    expect(got.recommendation).toBe(c.expected.stabilized);
    if (c.expected.recommendations !== undefined) {
      expect(got.recommendations.map((r) => r.recommendation)).toEqual(c.expected.recommendations);
    }
  });
});

interface StoreCase {
  test: string;
  replicaChange: number;
  prevScaleEvents: { replicaChange: number; ageSeconds: number; outdated: boolean }[];
  scalingRules: ScalingRules | null;
  expected: { replicasChangeIn60s: number; newScaleEvents: { replicaChange: number; outdated: boolean }[] };
}

describe('scale-event storage replays TestStoreScaleEvents', () => {
  const { cases } = fixture<{ cases: StoreCase[] }>('store-scale-events.json');
  for (const direction of ['up', 'down'] as const) {
    it.each(cases.map((c) => [c.test, c] as const))(`%s (${direction})`, (_name, c) => {
      const prev = events(c.prevScaleEvents);
      expect(replicasChangeInPeriod({ periodSeconds: 60, scaleEvents: prev, now: NOW })).toBe(c.expected.replicasChangeIn60s);
      const rules = c.scalingRules ?? undefined;
      const behavior = rules === undefined ? undefined : direction === 'up' ? { scaleUp: rules } : { scaleDown: rules };
      const history = direction === 'up' ? { ...EMPTY_HPA_HISTORY, scaleUpEvents: prev } : { ...EMPTY_HPA_HISTORY, scaleDownEvents: prev };
      const next = storeScaleEvent({
        history,
        behavior,
        prevReplicas: 10,
        newReplicas: direction === 'up' ? 10 + c.replicaChange : 10 - c.replicaChange,
        now: NOW,
      });
      const stored = direction === 'up' ? next.scaleUpEvents : next.scaleDownEvents;
      expect(stored.map((e) => ({ replicaChange: e.replicaChange, outdated: e.outdated }))).toEqual(c.expected.newScaleEvents);
      expect(direction === 'up' ? next.scaleDownEvents : next.scaleUpEvents).toEqual([]);
    });
  }
});

interface DefaultsCase {
  test: string;
  rules: ScalingRules;
  expected: { policies: ScalingPolicy[]; stabilizationWindowSeconds: number | null; selectPolicy: SelectPolicy };
}

describe('behavior defaults replay TestGenerateScale{Up,Down}Rules', () => {
  const f = fixture<{ scaleUp: DefaultsCase[]; scaleDown: DefaultsCase[] }>('behavior-defaults.json');
  it.each(f.scaleUp.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const got = generateScaleUpRules(c.rules);
    expect(got.policies).toEqual(c.expected.policies);
    expect(got.stabilizationWindowSeconds).toBe(c.expected.stabilizationWindowSeconds);
    expect(got.selectPolicy).toBe(c.expected.selectPolicy);
  });
  it.each(f.scaleDown.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const got = generateScaleDownRules(c.rules);
    expect(got.policies).toEqual(c.expected.policies);
    expect(got.stabilizationWindowSeconds ?? null).toBe(c.expected.stabilizationWindowSeconds);
    expect(got.selectPolicy).toBe(c.expected.selectPolicy);
  });

  it('fills an unset scale-down window from the controller (300 s in production)', () => {
    expect(resolveBehavior({}, 5 * MINUTE).scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(resolveBehavior({ scaleDown: { stabilizationWindowSeconds: 60 } }, 5 * MINUTE).scaleDown.stabilizationWindowSeconds).toBe(60);
  });

  it('truncates a controller window that is not whole seconds, as int32(window.Seconds()) does', () => {
    expect(resolveBehavior({}, 90 * SECOND + 999_999).scaleDown.stabilizationWindowSeconds).toBe(90);
  });
});

describe('behavior normalization end to end', () => {
  it('limits a burst by the pods added earlier in the policy period', () => {
    // 10 -> 14 happened 30 s ago; Pods 4 / 60 s allows 10 + 4 = 14 now, so no further growth.
    const behavior = resolveBehavior({ scaleUp: { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] } }, 5 * MINUTE);
    const got = normalizeWithBehavior({
      currentReplicas: 14,
      prenormalizedDesiredReplicas: 30,
      minReplicas: 1,
      maxReplicas: 100,
      behavior,
      history: { recommendations: [], scaleUpEvents: [{ replicaChange: 4, timestamp: NOW - 30 * SECOND, outdated: false }], scaleDownEvents: [] },
      now: NOW,
    });
    expect(got).toMatchObject({ desiredReplicas: 14, limit: 'ScaleUpLimit', limited: true, stabilization: 'ReadyForNewScale' });
  });
});
