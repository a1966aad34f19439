/** Named checks a `properties:` entry can switch on with `check:` (they need code, not one comparison). */
export const NAMED_CHECKS = ['scale-down-keeps-capacity'] as const;

/** One of `NAMED_CHECKS`. */
export type NamedCheck = (typeof NAMED_CHECKS)[number];
