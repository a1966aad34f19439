/**
 * The `properties:` section of experiment and study files: properties
 * written as data (see sim/properties/data-property.ts for what each kind
 * checks).
 *
 * ```yaml
 * properties:
 *   - { name: slo-budget, kind: budget, expect: "slo_violation_s <= 600" }
 *   - { name: never-empty, kind: safety, expect: "ready >= 1", service: web }
 *   - { name: capacity-back, kind: liveness, expect: "capacity_rps >= load_rps", service: web, within: 5m }
 * ```
 */
import type { PropertySpec } from '../../sim/properties/data-property.js';
import { EXPECTATION_FORM, parseExpectation } from '../../sim/properties/expression.js';
import { PROPERTY_KINDS } from '../../sim/properties/property.js';
import { ConfigError, describeValue } from '../schema/config-error.js';
import type { Infer, Schema } from '../schema/schema.js';
import { array, describe, duration, join, object, oneOf, optional, refine, string } from '../schema/schema.js';
import { NAMED_CHECKS } from './named-checks.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const entry = refine(
  object({
    name: describe(string({ pattern: NAME, form: 'a name of letters, digits, ".", "_" or "-"' }), 'Name of the property, printed when it is violated.'),
    kind: describe(
      oneOf(PROPERTY_KINDS),
      'safety: must hold at every sample; liveness: must hold again within `within` after faults heal; budget: must hold on the run metrics at the end.',
    ),
    expect: describe(optional(string({ minLength: 1 })), 'The comparison that must hold, e.g. "slo_violation_s <= 600" or "capacity_rps >= 0.9 * load_rps".'),
    check: describe(optional(oneOf(NAMED_CHECKS)), 'Instead of expect: a named safety check in code, e.g. scale-down-keeps-capacity (needs controller).'),
    controller: describe(optional(string({ pattern: NAME, form: 'a controller name' })), 'The controller a named check watches.'),
    service: describe(
      optional(string({ pattern: NAME, form: 'a service name' })),
      'Safety and liveness: the service whose time-series rows are checked (default: every service).',
    ),
    within: describe(optional(duration({ positive: true })), 'Liveness only: the bound after faults heal.'),
    description: describe(optional(string()), 'One sentence saying what must hold.'),
  }),
  (p, path) => {
    if (p.check !== undefined) {
      if (p.expect !== undefined)
        return new ConfigError(join(path, 'expect'), 'nothing beside check (a property is either a comparison or a named check)', describeValue(p.expect));
      if (p.kind !== 'safety') return new ConfigError(join(path, 'kind'), `"safety" for the named check ${p.check}`, describeValue(p.kind));
      if (p.controller === undefined) return new ConfigError(join(path, 'controller'), `the name of the controller ${p.check} watches`, 'nothing');
      return undefined;
    }
    if (p.expect === undefined) return new ConfigError(join(path, 'expect'), `${EXPECTATION_FORM}, or check: <named check>`, 'nothing');
    if (!parseExpectation(p.expect)) return new ConfigError(join(path, 'expect'), EXPECTATION_FORM, describeValue(p.expect));
    if (p.kind === 'liveness' && p.within === undefined)
      return new ConfigError(join(path, 'within'), 'a duration for a liveness property (how soon after faults heal it must hold)', 'nothing');
    if (p.kind !== 'liveness' && p.within !== undefined)
      return new ConfigError(join(path, 'within'), `nothing for a ${p.kind} property (only liveness properties have a bound)`, describeValue(p.within));
    if (p.kind === 'budget' && p.service !== undefined)
      return new ConfigError(
        join(path, 'service'),
        'nothing for a budget property (it reads run metrics; name <service>.<metric> instead)',
        describeValue(p.service),
      );
    return undefined;
  },
);

/** The `properties:` section: a list of data properties with unique names. */
export const propertiesSchema: Schema<Infer<typeof entry>[]> = refine(array(entry), (list, path) => {
  const seen = new Set<string>();
  for (const [i, p] of list.entries()) {
    if (seen.has(p.name)) return new ConfigError(`${path}[${i}].name`, 'a name no other property has', describeValue(p.name));
    seen.add(p.name);
  }
  return undefined;
});

/** One validated `properties:` entry as written. */
export type PropertyEntry = Infer<typeof entry>;

/** A validated comparison entry (one without `check`) as a data property. */
export function toPropertySpec(p: PropertyEntry): PropertySpec {
  return { name: p.name, kind: p.kind, expect: parseExpectation(p.expect!)!, service: p.service, within: p.within, description: p.description };
}
