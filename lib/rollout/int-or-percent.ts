import { RolloutSpecError } from './errors.js';

/**
 * Kubernetes' IntOrString as used by maxSurge and maxUnavailable: a number is
 * an absolute count, a string is a percentage of some total ("25%").
 */
export type IntOrPercent = number | string;

/**
 * How strings are read. `strict` is Kubernetes' GetScaledValueFromIntOrPercent:
 * the string must end in "%". `lenient` is the deprecated
 * GetValueFromIntOrPercent that Argo Rollouts still calls: every string is a
 * percentage, with or without "%" (so Argo's default "25" means 25%).
 */
export type PercentSyntax = 'strict' | 'lenient';

/** Which way a fractional percentage of the total is rounded. */
export type Rounding = 'up' | 'down';

const STRICT = /^(-?\d+)%$/;
const LENIENT = /^(-?\d+)%?$/;

/**
 * Resolves `value` against `total`: a number is returned as is; a percentage p
 * gives p*total/100 rounded `up` (ceiling) or `down` (floor), computed in exact
 * integer arithmetic. Throws RolloutSpecError naming `field` for a non-integer
 * number or a string that is not a percentage under `syntax`.
 */
export function scaleIntOrPercent(value: IntOrPercent, total: number, rounding: Rounding, field: string, syntax: PercentSyntax = 'strict'): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RolloutSpecError(field, 'an integer or a percentage string', value);
    return value;
  }
  const match = (syntax === 'strict' ? STRICT : LENIENT).exec(value);
  if (match === null) {
    const form = syntax === 'strict' ? 'an integer or a percentage like "25%"' : 'an integer or a percentage like "25%" or "25"';
    throw new RolloutSpecError(field, form, value);
  }
  const product = Number(match[1]) * total;
  return rounding === 'up' ? -floorDiv(-product, 100) : floorDiv(product, 100);
}

function floorDiv(n: number, d: number): number {
  const remainder = ((n % d) + d) % d;
  return (n - remainder) / d;
}
