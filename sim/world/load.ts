import type { Micros } from '../../lib/time.js';
import type { TracePoint } from './load-trace.js';

/**
 * A deterministic load shape: offered requests per second as a function of
 * virtual time. Shapes compose by summing; stochastic noise (Poisson, MMPP
 * bursts) is layered on top by a `LoadSource`, from its own random stream.
 */
export type LoadShapeSpec =
  | { readonly shape: 'constant'; readonly rps: number }
  | { readonly shape: 'step'; readonly steps: readonly { readonly at: Micros; readonly rps: number }[] }
  | { readonly shape: 'ramp'; readonly from: number; readonly to: number; readonly start: Micros; readonly duration: Micros }
  | { readonly shape: 'diurnal'; readonly mean: number; readonly amplitude: number; readonly period: Micros; readonly phase: Micros }
  | { readonly shape: 'spike'; readonly at: Micros; readonly rps: number; readonly rise: Micros; readonly hold: Micros; readonly decay: Micros }
  | {
      readonly shape: 'trace';
      /** Points of a step function, `at` relative to the trace's start, ascending, the first at 0. */
      readonly points: readonly TracePoint[];
      /** Length of the trace (one loop), µs. */
      readonly length: Micros;
      /** When the trace starts playing. */
      readonly start: Micros;
      /** Replay from the beginning after `length`, else offer nothing after it. */
      readonly loop: boolean;
      /** Multiplier on the trace's rates. */
      readonly scale: number;
    };

/** The load shape kinds. */
export const LOAD_SHAPES = ['constant', 'step', 'ramp', 'diurnal', 'spike', 'trace'] as const;

/** Offered load in requests per second at time t. */
export type LoadFunction = (t: Micros) => number;

/**
 * A compiled shape: its rate, and an exact upper bound of the rate over an
 * interval, which request-level arrivals need for thinning.
 */
export interface LoadShape {
  /** Requests per second at time t. */
  rate(t: Micros): number;
  /** An upper bound (the supremum) of `rate` over [from, to]. */
  maxOver(from: Micros, to: Micros): number;
}

/** Compiles one shape. */
export function compileShape(spec: LoadShapeSpec): LoadShape {
  switch (spec.shape) {
    case 'constant': {
      const rps = spec.rps;
      return { rate: () => rps, maxOver: () => rps };
    }
    case 'step':
      return stepShape(spec.steps);
    case 'ramp': {
      const { from, to, start, duration } = spec;
      const rate = (t: Micros) => (t <= start ? from : t >= start + duration ? to : from + ((to - from) * (t - start)) / duration);
      return { rate, maxOver: (a, b) => Math.max(rate(a), rate(b)) };
    }
    case 'diurnal': {
      const { mean, amplitude, period, phase } = spec;
      const rate = (t: Micros) => Math.max(0, mean + amplitude * Math.sin((2 * Math.PI * (t - phase)) / period));
      const firstPeak = phase + period / 4;
      return {
        rate,
        maxOver(a, b) {
          const k = Math.ceil((a - firstPeak) / period);
          if (firstPeak + k * period <= b) return mean + amplitude;
          return Math.max(rate(a), rate(b));
        },
      };
    }
    case 'spike': {
      const { at, rps, rise, hold, decay } = spec;
      const rate = (t: Micros) => {
        if (t < at) return 0;
        if (t < at + rise) return (rps * (t - at)) / rise;
        if (t < at + rise + hold) return rps;
        if (t < at + rise + hold + decay) return rps * (1 - (t - at - rise - hold) / decay);
        return 0;
      };
      return {
        rate,
        maxOver(a, b) {
          if (b >= at + rise && a <= at + rise + hold) return rps;
          return Math.max(rate(a), rate(b));
        },
      };
    }
    case 'trace':
      return traceShape(spec.points, spec.length, spec.start, spec.loop, spec.scale);
  }
}

/** Compiles one shape to a function of time. */
export function loadFunction(spec: LoadShapeSpec): LoadFunction {
  const s = compileShape(spec);
  return (t) => s.rate(t);
}

/** Sum of several shapes. */
export function sumOf(specs: readonly LoadShapeSpec[]): LoadFunction {
  const shapes = specs.map(compileShape);
  return (t) => {
    let total = 0;
    for (const s of shapes) total += s.rate(t);
    return total;
  };
}

/** Index of the last `at` ≤ t in an ascending array, or -1. */
function lastAtOrBefore(ats: Float64Array, t: number): number {
  let lo = 0;
  let hi = ats.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ats[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function stepShape(steps: readonly { readonly at: Micros; readonly rps: number }[]): LoadShape {
  const sorted = [...steps].sort((a, b) => a.at - b.at);
  const ats = Float64Array.from(sorted, (s) => s.at);
  const rpss = Float64Array.from(sorted, (s) => s.rps);
  const rate = (t: Micros) => {
    const i = lastAtOrBefore(ats, t);
    return i < 0 ? 0 : rpss[i]!;
  };
  return {
    rate,
    maxOver(a, b) {
      const i = lastAtOrBefore(ats, a);
      let m = i < 0 ? 0 : rpss[i]!;
      for (let j = i + 1; j < ats.length && ats[j]! <= b; j++) m = Math.max(m, rpss[j]!);
      return m;
    },
  };
}

function traceShape(points: readonly TracePoint[], length: Micros, start: Micros, loop: boolean, scale: number): LoadShape {
  const ats = Float64Array.from(points, (p) => p.at);
  const rpss = Float64Array.from(points, (p) => p.rps * scale);
  let globalMax = 0;
  for (const r of rpss) globalMax = Math.max(globalMax, r);
  const at = (u: number) => {
    const i = lastAtOrBefore(ats, u);
    return i < 0 ? 0 : rpss[i]!;
  };
  /** Max over trace-relative [u0, u1] with 0 ≤ u0 ≤ u1 < length. */
  const maxIn = (u0: number, u1: number) => {
    const i = lastAtOrBefore(ats, u0);
    let m = i < 0 ? 0 : rpss[i]!;
    for (let j = i + 1; j < ats.length && ats[j]! <= u1; j++) m = Math.max(m, rpss[j]!);
    return m;
  };
  const rate = (t: Micros) => {
    if (t < start) return 0;
    let u = t - start;
    if (loop) u %= length;
    else if (u >= length) return 0;
    return at(u);
  };
  return {
    rate,
    maxOver(a, b) {
      if (b < start) return 0;
      const ua = Math.max(a, start) - start;
      const ub = b - start;
      if (!loop) {
        if (ua >= length) return 0;
        return maxIn(ua, Math.min(ub, length - 1e-9));
      }
      if (ub - ua >= length) return globalMax;
      const wa = ua % length;
      const wb = ub % length;
      return wa <= wb ? maxIn(wa, wb) : Math.max(maxIn(wa, length - 1e-9), maxIn(0, wb));
    },
  };
}
