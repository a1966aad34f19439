/**
 * Validation of policy options.
 *
 * Every policy applies its options over a defaults object and validates the
 * result at once; a bad option fails construction with a message that names
 * the policy, the field, the valid range, and the value and type received.
 */

/** A policy option outside its valid range; the message says which, what is valid, and what was received. */
export class PolicyConfigError extends Error {
  override readonly name = 'PolicyConfigError';

  constructor(
    /** The policy being configured, e.g. `ItemExponentialFailureRateLimiter`. */
    readonly policy: string,
    /** The option that is out of range. */
    readonly field: string,
    /** A human description of the valid range. */
    readonly range: string,
    /** The value received. */
    readonly received: unknown,
  ) {
    super(`${policy}: ${field} must be ${range}; received ${String(received)} (${typeof received})`);
  }
}

/** The valid range of a numeric option. */
export interface NumberRange {
  /** Smallest valid value (inclusive); omit for no lower bound. */
  readonly min?: number;
  /** Whether the value must be an integer. */
  readonly integer?: boolean;
  /** Whether +Infinity is valid (it stands for "unlimited" in some options). */
  readonly allowInfinity?: boolean;
}

/** Returns `value` if it is a number within `range`, else throws a PolicyConfigError naming `policy` and `field`. */
export function requireNumber(policy: string, field: string, value: unknown, range: NumberRange = {}): number {
  const parts: string[] = [range.integer === true ? 'an integer' : 'a number'];
  if (range.min !== undefined) parts.push(`>= ${range.min}`);
  parts.push(range.allowInfinity === true ? '(Infinity allowed)' : 'and finite');
  const fail = (): never => {
    throw new PolicyConfigError(policy, field, parts.join(' '), value);
  };
  if (typeof value !== 'number' || Number.isNaN(value)) return fail();
  if (value === Number.POSITIVE_INFINITY) return range.allowInfinity === true ? value : fail();
  if (!Number.isFinite(value)) return fail();
  if (range.integer === true && !Number.isInteger(value)) return fail();
  if (range.min !== undefined && value < range.min) return fail();
  return value;
}
