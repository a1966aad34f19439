/**
 * The comparison a data property states: `<side> <op> <side>`, where a side
 * is a number, a metric or column name, or `<number> * <name>`, e.g.
 * `slo_violation_s <= 600` or `capacity_rps >= 0.9 * load_rps`.
 */

/** Comparison operators. */
export const COMPARISONS = ['<=', '<', '>=', '>', '=='] as const;

/** One of `COMPARISONS`. */
export type Comparison = (typeof COMPARISONS)[number];

/** One side: `factor × value of name` (name undefined: the constant `factor`). */
export interface Operand {
  /** Multiplier, or the constant itself when `name` is undefined. */
  readonly factor: number;
  /** Metric or column name. */
  readonly name?: string;
}

/** A parsed comparison. */
export interface Expectation {
  /** Left side. */
  readonly left: Operand;
  /** Operator. */
  readonly op: Comparison;
  /** Right side. */
  readonly right: Operand;
  /** The text it was parsed from, normalized. */
  readonly text: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_.-]*';
const NUMBER = '-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?';
const SIDE = `(?:${NUMBER}\\s*\\*\\s*${NAME}|${NAME}|${NUMBER})`;
const FORM = new RegExp(`^\\s*(${SIDE})\\s*(<=|>=|==|<|>)\\s*(${SIDE})\\s*$`);

function operand(text: string): Operand {
  const t = text.replace(/\s+/g, '');
  const star = t.indexOf('*');
  if (star >= 0) return { factor: Number(t.slice(0, star)), name: t.slice(star + 1) };
  return new RegExp(`^${NUMBER}$`).test(t) ? { factor: Number(t) } : { factor: 1, name: t };
}

/** The form an expectation must have, for error messages. */
export const EXPECTATION_FORM =
  'a comparison "<metric> <op> <number or metric>" with op one of <=, <, >=, >, == (a side may be "<number> * <metric>"), e.g. "slo_violation_s <= 600"';

/** Parses an expectation, or returns undefined when the text does not have the form. */
export function parseExpectation(text: string): Expectation | undefined {
  const m = FORM.exec(text);
  if (!m) return undefined;
  const left = operand(m[1]!);
  const right = operand(m[3]!);
  if (left.name === undefined && right.name === undefined) return undefined;
  return { left, op: m[2] as Comparison, right, text: `${m[1]!.trim()} ${m[2]} ${m[3]!.trim()}` };
}

/** The names an expectation reads. */
export function namesOf(e: Expectation): string[] {
  return [e.left.name, e.right.name].filter((n): n is string => n !== undefined);
}

/** The value of one side, or undefined when its name has no numeric value. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: a module-level function, never a method, so Object.prototype.valueOf is not shadowed where it matters
export function valueOf(o: Operand, lookup: (name: string) => unknown): number | undefined {
  if (o.name === undefined) return o.factor;
  const v = lookup(o.name);
  return typeof v === 'number' && Number.isFinite(v) ? o.factor * v : undefined;
}

/**
 * Evaluates an expectation: true when it holds, false when it fails, and
 * undefined when a side has no value (an empty cell, a metric that never
 * had one), which a property treats as "nothing to check".
 */
export function holds(e: Expectation, lookup: (name: string) => unknown): boolean | undefined {
  const a = valueOf(e.left, lookup);
  const b = valueOf(e.right, lookup);
  if (a === undefined || b === undefined) return undefined;
  switch (e.op) {
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '==':
      return a === b;
  }
}

/** "slo_violation_s = 812 > 600": the values that broke an expectation, for an explanation. */
export function describeFailure(e: Expectation, lookup: (name: string) => unknown): string {
  const side = (o: Operand): string => {
    const v = valueOf(o, lookup);
    const shown = v === undefined ? '?' : String(Math.round(v * 1000) / 1000);
    return o.name === undefined ? shown : `${o.factor === 1 ? o.name : `${o.factor} * ${o.name}`} = ${shown}`;
  };
  return `expected ${e.text}, got ${side(e.left)} vs ${side(e.right)}`;
}
