import type { Micros } from '../../lib/time.js';
import { ConfigError, closest, describeValue } from './config-error.js';
import { DURATION_FORM, DURATION_PATTERN, parseDuration } from '../../lib/duration.js';

/** A JSON Schema fragment. */
export type JsonSchema = Record<string, unknown>;

/**
 * A schema: parses an untrusted value into a typed one (throwing a
 * `ConfigError` that names the path) and describes itself as JSON Schema.
 * The experiment format is written once with these builders; validation,
 * TypeScript types and the shipped JSON Schema all come from it.
 */
export interface Schema<T> {
  /** Parses `value` found at `path`. */
  parse(value: unknown, path: string): T;
  /** The JSON Schema of accepted input. */
  json(): JsonSchema;
  /** One phrase naming the expected form, for error messages. */
  readonly expected: string;
  /** Present when the field may be left out; the value used then. */
  readonly fallback?: { readonly value: T };
  /** One sentence for editors' hover text. */
  readonly description?: string;
}

/** The parsed type of a schema. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

function fail(path: string, expected: string, value: unknown, hint?: string): never {
  throw new ConfigError(path, expected, describeValue(value), hint);
}

/** Attaches a description shown by editors. */
export function describe<T>(schema: Schema<T>, description: string): Schema<T> {
  return { ...schema, description, json: () => ({ ...schema.json(), description }) };
}

/** A number, optionally an integer, within bounds. */
export function number(opts: { min?: number; max?: number; exclusiveMin?: number; integer?: boolean } = {}): Schema<number> {
  const parts: string[] = [opts.integer ? 'an integer' : 'a number'];
  if (opts.exclusiveMin !== undefined) parts.push(`> ${opts.exclusiveMin}`);
  if (opts.min !== undefined && opts.max !== undefined) parts.push(`in [${opts.min}, ${opts.max}]`);
  else if (opts.min !== undefined) parts.push(`≥ ${opts.min}`);
  else if (opts.max !== undefined) parts.push(`≤ ${opts.max}`);
  const expected = parts.join(' ');
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, expected, value);
      if (opts.integer && !Number.isInteger(value)) fail(path, expected, value);
      // Past 2^53 a double cannot hold every integer: 12345678901234567890 would silently run as …67000.
      if (opts.integer && !Number.isSafeInteger(value))
        fail(path, `${expected}, at most ${Number.MAX_SAFE_INTEGER} (2^53 − 1; larger integers lose digits)`, value);
      if (opts.min !== undefined && value < opts.min) fail(path, expected, value);
      if (opts.max !== undefined && value > opts.max) fail(path, expected, value);
      if (opts.exclusiveMin !== undefined && value <= opts.exclusiveMin) fail(path, expected, value);
      return value;
    },
    json: () => ({
      type: opts.integer ? 'integer' : 'number',
      ...(opts.min !== undefined ? { minimum: opts.min } : {}),
      ...(opts.max !== undefined ? { maximum: opts.max } : {}),
      ...(opts.exclusiveMin !== undefined ? { exclusiveMinimum: opts.exclusiveMin } : {}),
    }),
  };
}

/** A string, optionally matching a pattern. */
export function string(opts: { minLength?: number; pattern?: RegExp; form?: string } = {}): Schema<string> {
  const expected = opts.form ?? (opts.minLength ? 'a non-empty string' : 'a string');
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'string') fail(path, expected, value);
      if (opts.minLength !== undefined && value.length < opts.minLength) fail(path, expected, value);
      if (opts.pattern && !opts.pattern.test(value)) fail(path, expected, value);
      return value;
    },
    json: () => ({ type: 'string', ...(opts.minLength ? { minLength: opts.minLength } : {}), ...(opts.pattern ? { pattern: opts.pattern.source } : {}) }),
  };
}

/** A boolean. */
export function boolean(): Schema<boolean> {
  return {
    expected: 'true or false',
    parse(value, path) {
      if (typeof value !== 'boolean') fail(path, 'true or false', value);
      return value;
    },
    json: () => ({ type: 'boolean' }),
  };
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
      const guess = typeof value === 'string' ? closest(value, values) : undefined;
      return fail(path, expected, value, guess ? `did you mean "${guess}"?` : undefined);
    },
    json: () => ({ enum: [...values] }),
  };
}

/** A duration string ("30s", "5m", "2h"), parsed to integer µs, within bounds. */
export function duration(opts: { min?: Micros; max?: Micros; positive?: boolean } = {}): Schema<Micros> {
  let expected = DURATION_FORM;
  if (opts.positive) expected += ', greater than 0';
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'string') fail(path, expected, value);
      const t = parseDuration(value.trim());
      if (t === undefined) fail(path, expected, value);
      if (opts.positive && t <= 0) fail(path, expected, value);
      if (opts.min !== undefined && t < opts.min) fail(path, `${expected}, at least ${opts.min / 1e6}s`, value);
      if (opts.max !== undefined && t > opts.max) fail(path, `${expected}, at most ${opts.max / 1e6}s`, value);
      return t;
    },
    json: () => ({ type: 'string', pattern: DURATION_PATTERN }),
  };
}

/** A list of items, with a minimum length. */
export function array<T>(item: Schema<T>, opts: { minItems?: number } = {}): Schema<T[]> {
  const expected = `a list of ${item.expected}${opts.minItems ? ` (at least ${opts.minItems})` : ''}`;
  return {
    expected,
    parse(value, path) {
      if (!Array.isArray(value)) fail(path, expected, value);
      if (opts.minItems !== undefined && value.length < opts.minItems) fail(path, expected, value);
      return value.map((v, i) => item.parse(v, `${path}[${i}]`));
    },
    json: () => ({ type: 'array', items: item.json(), ...(opts.minItems ? { minItems: opts.minItems } : {}) }),
  };
}

/** Makes a field optional; absent means `undefined`. */
export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return { ...schema, fallback: { value: undefined }, parse: (v, p) => schema.parse(v, p) };
}

/** Makes a field optional with a default, which is returned as is (not re-parsed). */
export function withDefault<T>(schema: Schema<T>, value: T, shownDefault?: unknown): Schema<T> {
  return {
    ...schema,
    fallback: { value },
    json: () => ({ ...schema.json(), default: shownDefault ?? value }),
  };
}

type Shape = Record<string, Schema<unknown>>;
/** The keys of a shape whose schema may yield `undefined` (made with `optional`). */
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
/**
 * The parsed object: `object().parse` leaves a key out when its field was
 * absent and its fallback is `undefined`, so such keys are optional, never
 * present with the value `undefined`.
 */
type ObjectOf<S extends Shape> = {
  [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]>;
} & {
  [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>;
} extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

/**
 * An object with known keys. Missing required keys and unknown keys are
 * errors; an unknown key close to a known one gets a "did you mean" hint.
 */
export function object<S extends Shape>(shape: S, opts: { form?: string } = {}): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const expected = opts.form ?? `an object with keys ${keys.join(', ')}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, expected, value);
      const input = value as Record<string, unknown>;
      for (const k of Object.keys(input)) {
        if (!(k in shape)) {
          const guess = closest(k, keys);
          throw new ConfigError(join(path, k), `one of the keys ${keys.join(', ')}`, `an unknown key`, guess ? `did you mean ${guess}?` : undefined);
        }
      }
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const field = shape[k]!;
        const v = input[k];
        if (v === undefined || v === null) {
          if (!field.fallback) throw new ConfigError(join(path, k), field.expected, 'nothing (the key is required)');
          if (field.fallback.value !== undefined) out[k] = field.fallback.value;
          continue;
        }
        out[k] = field.parse(v, join(path, k));
      }
      return out as ObjectOf<S>;
    },
    json: () => ({
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(keys.map((k) => [k, shape[k]!.json()])),
      required: keys.filter((k) => !shape[k]!.fallback),
    }),
  };
}

/** A map from free-form names to values of one schema. */
export function record<T>(value: Schema<T>, opts: { keyPattern?: RegExp } = {}): Schema<Record<string, T>> {
  const expected = `an object mapping names to ${value.expected}`;
  return {
    expected,
    parse(input, path) {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) fail(path, expected, input);
      const out: Record<string, T> = {};
      for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
        if (opts.keyPattern && !opts.keyPattern.test(k)) throw new ConfigError(join(path, k), `a name matching ${opts.keyPattern.source}`, describeValue(k));
        out[k] = value.parse(v, join(path, k));
      }
      return out;
    },
    json: () => ({ type: 'object', additionalProperties: value.json() }),
  };
}

/**
 * A union told apart by a string tag field (e.g. `kind` or `shape`): the tag
 * picks the variant, whose own schema then parses the whole object.
 */
export function tagged<const K extends string, V extends Record<string, Schema<unknown>>>(tag: K, variants: V): Schema<Infer<V[keyof V]>> {
  const names = Object.keys(variants);
  const expected = `an object with ${tag}: ${names.join(' | ')}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, expected, value);
      const t = (value as Record<string, unknown>)[tag];
      const variant = typeof t === 'string' ? variants[t] : undefined;
      if (!variant) {
        const guess = typeof t === 'string' ? closest(t, names) : undefined;
        throw new ConfigError(
          join(path, tag),
          `one of ${names.map((n) => JSON.stringify(n)).join(', ')}`,
          describeValue(t),
          guess ? `did you mean "${guess}"?` : undefined,
        );
      }
      return variant.parse(value, path) as Infer<V[keyof V]>;
    },
    json: () => ({ oneOf: names.map((n) => variants[n]!.json()) }),
  };
}

/** The literal tag of a tagged variant (parses only that exact string). */
export function tag<const T extends string>(value: T): Schema<T> {
  return {
    expected: JSON.stringify(value),
    parse(v, path) {
      if (v !== value) fail(path, JSON.stringify(value), v);
      return value;
    },
    json: () => ({ const: value }),
  };
}

/** Post-validates a parsed value (cross-field rules); `check` returns an error or undefined. */
export function refine<T>(schema: Schema<T>, check: (value: T, path: string) => ConfigError | undefined): Schema<T> {
  return {
    ...schema,
    parse(value, path) {
      const parsed = schema.parse(value, path);
      const err = check(parsed, path);
      if (err) throw err;
      return parsed;
    },
  };
}

/** Joins a path and a key as `a.b` (or `b` at the top). */
export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
