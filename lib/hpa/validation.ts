/**
 * Validation of an HPA spec against the autoscaling/v2 API rules, with errors
 * that name the field path, the expected form and the value received.
 */
import type { HpaBehavior, ScalingRules } from './behavior.js';
import type { HpaSpec } from './hpa-spec.js';
import type { MetricSpec } from './metric-spec.js';
import { checkObject, checkString } from './argument-checks.js';

/** Largest allowed scaling policy period, seconds (API `MaxPeriodSeconds`). */
export const MAX_PERIOD_SECONDS = 1800;
/** Largest allowed stabilization window, seconds (API `MaxStabilizationWindowSeconds`). */
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

/** One validation failure. */
export interface HpaValidationError {
  /** Field path, e.g. `spec.behavior.scaleUp.policies[0].value`. */
  readonly field: string;
  /** The valid form, e.g. `an integer > 0`. */
  readonly expected: string;
  /** The offending value as given. */
  readonly received: unknown;
  /** One line joining the three, for logs. */
  readonly message: string;
}

/** Options for rules that depend on feature gates. */
export interface HpaValidationOptions {
  /** Allow `minReplicas: 0` (HPAScaleToZero gate, alpha, off by default). */
  readonly allowScaleToZero?: boolean;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' && !Number.isFinite(v)) return `${v} (number)`;
  return `${JSON.stringify(v)} (${Array.isArray(v) ? 'array' : typeof v})`;
}

class Collector {
  readonly errors: HpaValidationError[] = [];
  add(field: string, expected: string, received: unknown): void {
    this.errors.push({ field, expected, received, message: `${field}: must be ${expected}; got ${describeValue(received)}` });
  }
  /** Checks an integer in [min, max]. */
  int(field: string, v: unknown, min: number, max: number, expected: string): boolean {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.add(field, expected, v);
      return false;
    }
    return true;
  }
  positive(field: string, v: unknown): void {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) this.add(field, 'a positive quantity (> 0)', v);
  }
}

const INT32_MAX = 2147483647;

function validateRules(c: Collector, rules: ScalingRules | undefined, path: string): void {
  if (rules === undefined) return;
  if (rules.stabilizationWindowSeconds !== undefined) {
    c.int(
      `${path}.stabilizationWindowSeconds`,
      rules.stabilizationWindowSeconds,
      0,
      MAX_STABILIZATION_WINDOW_SECONDS,
      `an integer in [0, ${MAX_STABILIZATION_WINDOW_SECONDS}]`,
    );
  }
  if (rules.selectPolicy !== undefined && !['Max', 'Min', 'Disabled'].includes(rules.selectPolicy)) {
    c.add(`${path}.selectPolicy`, 'one of "Disabled", "Max", "Min"', rules.selectPolicy);
  }
  if (rules.tolerance !== undefined && (typeof rules.tolerance !== 'number' || !Number.isFinite(rules.tolerance) || rules.tolerance < 0)) {
    c.add(`${path}.tolerance`, 'greater or equal to zero', rules.tolerance);
  }
  // An absent list is filled with defaults by the API; an explicit empty list is an error.
  if (rules.policies === undefined) return;
  if (!Array.isArray(rules.policies) || rules.policies.length === 0) {
    c.add(`${path}.policies`, 'a list that specifies at least one Policy', rules.policies);
    return;
  }
  rules.policies.forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    if (p.type !== 'Pods' && p.type !== 'Percent') c.add(`${pp}.type`, 'one of "Percent", "Pods"', p.type);
    c.int(`${pp}.value`, p.value, 1, INT32_MAX, 'an integer greater than zero');
    c.int(`${pp}.periodSeconds`, p.periodSeconds, 1, MAX_PERIOD_SECONDS, `an integer in (0, ${MAX_PERIOD_SECONDS}]`);
  });
}

/**
 * Validates `spec.behavior`; returns every error found (empty when valid).
 * A `behavior` that is not an object at all is a TypeError, not a finding.
 */
export function validateBehavior(behavior: HpaBehavior | undefined, path = 'spec.behavior'): readonly HpaValidationError[] {
  if (behavior !== undefined) checkObject('validateBehavior', 'behavior', behavior, 'scaleUp?, scaleDown?');
  checkString('validateBehavior', 'path', path);
  const c = new Collector();
  validateRules(c, behavior?.scaleUp, `${path}.scaleUp`);
  validateRules(c, behavior?.scaleDown, `${path}.scaleDown`);
  return c.errors;
}

function validateMetric(c: Collector, m: MetricSpec, path: string): void {
  switch (m.type) {
    case 'Resource':
    case 'ContainerResource':
      if (m.resource === '') c.add(`${path}.${m.type === 'Resource' ? 'resource' : 'containerResource'}.name`, 'a resource name', m.resource);
      if (m.type === 'ContainerResource' && m.container === '') c.add(`${path}.containerResource.container`, 'a container name', m.container);
      if (m.target.type === 'Utilization') {
        c.int(`${path}.target.averageUtilization`, m.target.averageUtilization, 1, INT32_MAX, 'an integer greater than 0');
      } else if (m.target.type === 'AverageValue') {
        c.positive(`${path}.target.averageValue`, m.target.averageValue);
      } else {
        c.add(`${path}.target.type`, 'either Utilization or AverageValue', (m.target as { type: unknown }).type);
      }
      return;
    case 'Pods':
      if (m.metricName === '') c.add(`${path}.pods.metric.name`, 'a metric name', m.metricName);
      c.positive(`${path}.target.averageValue`, m.target.averageValue);
      return;
    case 'Object':
    case 'External':
      if (m.metricName === '') c.add(`${path}.metric.name`, 'a metric name', m.metricName);
      if (m.target.type === 'Value') c.positive(`${path}.target.value`, m.target.value);
      else if (m.target.type === 'AverageValue') c.positive(`${path}.target.averageValue`, m.target.averageValue);
      else c.add(`${path}.target.type`, 'either Value or AverageValue', (m.target as { type: unknown }).type);
      return;
    default:
      c.add(`${path}.type`, 'one of "ContainerResource", "External", "Object", "Pods", "Resource"', (m as { type: unknown }).type);
  }
}

/**
 * Validates an HPA spec: replica bounds, metrics and behavior, as the API
 * server does after defaulting. Returns every error found (empty when valid).
 * A `spec` or `options` that is not an object at all is a TypeError.
 */
export function validateHpaSpec(spec: HpaSpec, options: HpaValidationOptions = {}): readonly HpaValidationError[] {
  checkObject('validateHpaSpec', 'spec', spec, 'minReplicas?, maxReplicas, metrics, behavior?');
  checkObject('validateHpaSpec', 'options', options, 'allowScaleToZero?');
  const c = new Collector();
  const lower = options.allowScaleToZero === true ? 0 : 1;
  if (spec.minReplicas !== undefined) {
    c.int('spec.minReplicas', spec.minReplicas, lower, INT32_MAX, `an integer greater than or equal to ${lower}`);
  }
  const maxOk = c.int('spec.maxReplicas', spec.maxReplicas, 1, INT32_MAX, 'an integer greater than 0');
  if (maxOk && spec.minReplicas !== undefined && spec.maxReplicas < spec.minReplicas) {
    c.add('spec.maxReplicas', `greater than or equal to minReplicas (${spec.minReplicas})`, spec.maxReplicas);
  }
  if (!Array.isArray(spec.metrics)) {
    c.add('spec.metrics', 'a list of metric sources', spec.metrics);
    c.errors.push(...validateBehavior(spec.behavior));
    return c.errors;
  }
  spec.metrics.forEach((m, i) => {
    if (typeof m !== 'object' || m === null) c.add(`spec.metrics[${i}]`, 'a metric source object', m);
    else validateMetric(c, m, `spec.metrics[${i}]`);
  });
  if (spec.minReplicas === 0 && !spec.metrics.some((m) => m.type === 'Object' || m.type === 'External')) {
    c.add('spec.metrics', 'a list with at least one Object or External metric to support scaling to zero replicas', spec.metrics);
  }
  c.errors.push(...validateBehavior(spec.behavior));
  return c.errors;
}
