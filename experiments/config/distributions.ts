import type { DistributionSpec } from '../../sim/distribution.js';
import { ConfigError, describeValue } from '../schema/config-error.js';
import { DURATION_FORM, parseDuration } from '../../lib/duration.js';
import type { Schema } from '../schema/schema.js';
import { duration, number, object, tag, tagged } from '../schema/schema.js';

const d = duration();
const pos = number({ exclusiveMin: 0 });

const variants = tagged('kind', {
  constant: object({ kind: tag('constant'), value: d }),
  uniform: object({ kind: tag('uniform'), min: d, max: d }),
  exponential: object({ kind: tag('exponential'), mean: d }),
  normal: object({ kind: tag('normal'), mean: d, stddev: d }),
  lognormal: object({ kind: tag('lognormal'), median: duration({ positive: true }), sigma: pos }),
  weibull: object({ kind: tag('weibull'), shape: pos, scale: d }),
  pareto: object({ kind: tag('pareto'), shape: pos, scale: duration({ positive: true }) }),
});

/**
 * A distribution of durations: either a plain duration ("30s", meaning
 * always 30 s) or `{ kind, ... }` with duration-valued parameters.
 */
export const durationDistribution: Schema<DistributionSpec> = {
  expected: `${DURATION_FORM}, or a distribution { kind: constant | uniform | exponential | normal | lognormal | weibull | pareto, ... }`,
  parse(value, path) {
    if (typeof value === 'string') {
      const t = parseDuration(value.trim());
      if (t === undefined) throw new ConfigError(path, this.expected, describeValue(value));
      return { kind: 'constant', value: t };
    }
    const spec = variants.parse(value, path) as DistributionSpec;
    if (spec.kind === 'uniform' && spec.max < spec.min)
      throw new ConfigError(`${path}.max`, `a duration ≥ min`, describeValue(value && (value as { max?: unknown }).max));
    return spec;
  },
  json: () => ({ oneOf: [duration().json(), variants.json()] }),
};
