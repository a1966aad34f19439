/**
 * Argument checks for the public HPA functions (internal: not re-exported).
 *
 * JavaScript would otherwise carry a wrong argument through silently: a
 * string replica count concatenates, `undefined` turns every comparison
 * false, a positional call of an object-argument function reads fields of a
 * number. A wrong type is a TypeError and a value out of range a RangeError;
 * both name the function, the argument, what it accepts and what it got.
 * The checks are shallow (scalars, and that containers are containers) so
 * they cost O(1) on every sync.
 */
import { shownValue } from '../shown-value.js';
import type { ScalingPolicy, SelectPolicy } from './behavior.js';

/** Largest replica count upstream can represent (int32); the same value as `MAX_INT32` in replica-result.ts. */
const INT32_MAX = 2147483647;

/** Throws a TypeError unless `value` is a plain object (not null, not an array); `fields` lists what it should hold. */
export function checkObject(fn: string, name: string, value: unknown, fields?: string): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const wanted = fields === undefined ? 'an object' : `an object {${fields}}`;
    throw new TypeError(`${fn}: ${name} must be ${wanted}; got ${shownValue(value)}`);
  }
}

/** Throws a TypeError unless `value` is an array. */
export function checkArray(fn: string, name: string, value: unknown): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${fn}: ${name} must be an array; got ${shownValue(value)}`);
}

/** Throws a TypeError unless `value` is a string. */
export function checkString(fn: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${fn}: ${name} must be a string; got ${shownValue(value)}`);
}

function checkNumber(fn: string, name: string, value: unknown, expected: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${fn}: ${name} must be a number, ${expected}; got ${shownValue(value)}`);
}

/** Throws a TypeError unless `value` is a `Map` (a `PodMetricsInfo` or a requests map). */
export function checkMap(fn: string, name: string, value: unknown): asserts value is ReadonlyMap<unknown, unknown> {
  if (!(value instanceof Map)) throw new TypeError(`${fn}: ${name} must be a Map keyed by pod name; got ${shownValue(value)}`);
}

/** Throws a TypeError unless `value` is a number; NaN and infinities pass (a ratio may be either, as upstream's float64). */
export function checkRatio(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${fn}: ${name} must be a number; got ${shownValue(value)}`);
}

/** Throws unless `value` is a finite number (a usage, which an External metric may report below zero). */
export function checkFinite(fn: string, name: string, value: unknown): asserts value is number {
  checkNumber(fn, name, value, 'finite');
  if (!Number.isFinite(value)) throw new RangeError(`${fn}: ${name} must be finite; got ${value}`);
}

/** Throws unless `value` is an integer in [min, max]: TypeError for a non-number, RangeError otherwise. */
export function checkInteger(fn: string, name: string, value: unknown, min: number, max: number): asserts value is number {
  const expected = max === INT32_MAX ? `an integer in [${min}, 2^31 - 1]` : `an integer in [${min}, ${max}]`;
  checkNumber(fn, name, value, expected);
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${fn}: ${name} must be ${expected}; got ${value}`);
}

/** Throws unless `value` is a replica count: an integer in [0, 2^31 - 1], as upstream's int32. */
export function checkReplicas(fn: string, name: string, value: unknown): asserts value is number {
  checkInteger(fn, name, value, 0, INT32_MAX);
}

/** Throws unless `value` is an integer in [1, 2^31 - 1] (a utilization percentage, a policy's value or period). */
export function checkPositiveInt32(fn: string, name: string, value: unknown): asserts value is number {
  checkInteger(fn, name, value, 1, INT32_MAX);
}

/** Throws unless `value` is an instant in microseconds: a finite number. */
export function checkInstant(fn: string, name: string, value: unknown): asserts value is number {
  checkNumber(fn, name, value, 'a finite instant in microseconds');
  if (!Number.isFinite(value)) throw new RangeError(`${fn}: ${name} must be a finite instant in microseconds; got ${value}`);
}

/** Throws unless `value` is a duration in microseconds: a finite number >= 0. */
export function checkDuration(fn: string, name: string, value: unknown): asserts value is number {
  checkNumber(fn, name, value, 'a duration in microseconds (finite, >= 0)');
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${fn}: ${name} must be a duration in microseconds (finite, >= 0); got ${value}`);
}

/** Throws unless `value` is a finite number > 0 (a target a usage is divided by). */
export function checkPositive(fn: string, name: string, value: unknown): asserts value is number {
  checkNumber(fn, name, value, 'finite and > 0');
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${fn}: ${name} must be finite and > 0; got ${value}`);
}

/** Throws unless `value` is a finite number >= 0 (a tolerance, a usage, a factor). */
export function checkNonNegative(fn: string, name: string, value: unknown): asserts value is number {
  checkNumber(fn, name, value, 'finite and >= 0');
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${fn}: ${name} must be finite and >= 0; got ${value}`);
}

/** Throws unless `value` is a `Tolerances`: `{scaleDown, scaleUp}`, both finite and >= 0. */
export function checkTolerances(fn: string, name: string, value: unknown): void {
  checkObject(fn, name, value, 'scaleDown, scaleUp');
  const t = value as { scaleDown?: unknown; scaleUp?: unknown };
  checkNonNegative(fn, `${name}.scaleDown`, t.scaleDown);
  checkNonNegative(fn, `${name}.scaleUp`, t.scaleUp);
}

/** Throws unless `value` holds the two readiness durations of a `ReadinessTiming` (an `HpaControllerConfig` does). */
export function checkReadinessTiming(fn: string, name: string, value: unknown): void {
  checkObject(fn, name, value, 'cpuInitializationPeriod, delayOfInitialReadinessStatus');
  const t = value as { cpuInitializationPeriod?: unknown; delayOfInitialReadinessStatus?: unknown };
  checkDuration(fn, `${name}.cpuInitializationPeriod`, t.cpuInitializationPeriod);
  checkDuration(fn, `${name}.delayOfInitialReadinessStatus`, t.delayOfInitialReadinessStatus);
}

const SELECT_POLICIES: readonly SelectPolicy[] = ['Max', 'Min', 'Disabled'];

/**
 * Throws unless `value` holds what the rate limits read: a `selectPolicy` of
 * Max, Min or Disabled and a list of policies, each Pods or Percent with an
 * integer `value` and `periodSeconds` >= 1 (the API's lower bounds).
 */
export function checkRateRules(fn: string, name: string, value: unknown): void {
  checkObject(fn, name, value, 'selectPolicy, policies');
  const r = value as { selectPolicy?: unknown; policies?: unknown };
  checkString(fn, `${name}.selectPolicy`, r.selectPolicy);
  if (!(SELECT_POLICIES as readonly string[]).includes(r.selectPolicy)) {
    throw new RangeError(`${fn}: ${name}.selectPolicy must be one of "Max", "Min", "Disabled"; got ${shownValue(r.selectPolicy)}`);
  }
  checkArray(fn, `${name}.policies`, r.policies);
  r.policies.forEach((p, i) => checkPolicy(fn, `${name}.policies[${i}]`, p));
}

function checkPolicy(fn: string, name: string, value: unknown): asserts value is ScalingPolicy {
  checkObject(fn, name, value, 'type, value, periodSeconds');
  const p = value as { type?: unknown; value?: unknown; periodSeconds?: unknown };
  checkString(fn, `${name}.type`, p.type);
  if (p.type !== 'Pods' && p.type !== 'Percent') throw new RangeError(`${fn}: ${name}.type must be "Pods" or "Percent"; got ${shownValue(p.type)}`);
  checkPositiveInt32(fn, `${name}.value`, p.value);
  checkPositiveInt32(fn, `${name}.periodSeconds`, p.periodSeconds);
}
