import type { Micros } from '../../controllers/port/time.js';

/**
 * A deterministic load shape: offered requests per second as a function of
 * virtual time. Shapes compose by summing (`sumOf`); stochastic noise is
 * layered on top by the data plane, from its own random stream.
 */
export type LoadShapeSpec =
  | { readonly shape: 'constant'; readonly rps: number }
  | { readonly shape: 'step'; readonly steps: readonly { readonly at: Micros; readonly rps: number }[] }
  | { readonly shape: 'ramp'; readonly from: number; readonly to: number; readonly start: Micros; readonly duration: Micros }
  | { readonly shape: 'diurnal'; readonly mean: number; readonly amplitude: number; readonly period: Micros; readonly phase: Micros }
  | { readonly shape: 'spike'; readonly at: Micros; readonly rps: number; readonly rise: Micros; readonly hold: Micros; readonly decay: Micros };

/** The load shape kinds. */
export const LOAD_SHAPES = ['constant', 'step', 'ramp', 'diurnal', 'spike'] as const;

/** Offered load in requests per second at time t. */
export type LoadFunction = (t: Micros) => number;

/** Compiles one shape to a function of time. */
export function loadFunction(spec: LoadShapeSpec): LoadFunction {
  switch (spec.shape) {
    case 'constant': {
      const rps = spec.rps;
      return () => rps;
    }
    case 'step': {
      const steps = [...spec.steps].sort((a, b) => a.at - b.at);
      return (t) => {
        let rps = 0;
        for (const s of steps) {
          if (s.at > t) break;
          rps = s.rps;
        }
        return rps;
      };
    }
    case 'ramp': {
      const { from, to, start, duration } = spec;
      return (t) => (t <= start ? from : t >= start + duration ? to : from + ((to - from) * (t - start)) / duration);
    }
    case 'diurnal': {
      const { mean, amplitude, period, phase } = spec;
      return (t) => Math.max(0, mean + amplitude * Math.sin((2 * Math.PI * (t - phase)) / period));
    }
    case 'spike': {
      const { at, rps, rise, hold, decay } = spec;
      return (t) => {
        if (t < at) return 0;
        if (t < at + rise) return (rps * (t - at)) / rise;
        if (t < at + rise + hold) return rps;
        if (t < at + rise + hold + decay) return rps * (1 - (t - at - rise - hold) / decay);
        return 0;
      };
    }
  }
}

/** Sum of several shapes. */
export function sumOf(specs: readonly LoadShapeSpec[]): LoadFunction {
  const fns = specs.map(loadFunction);
  return (t) => {
    let total = 0;
    for (const f of fns) total += f(t);
    return total;
  };
}
