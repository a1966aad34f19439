import { readFileSync, readdirSync } from 'node:fs';
// Which layer may import which is enforced by dependency-cruiser: test/architecture/layers.test.ts.
import { describe, expect, it } from 'vitest';
import {
  CooldownGovernor,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  PolicyConfigError,
  TokenBucket,
  makeBackoff,
} from '../../lib/policies/index.js';

const dir = new URL('../../lib/policies/', import.meta.url);
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, dir), 'utf8') }));

/** Source with comments removed, so prose that names a forbidden API does not count. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('policies stay deterministic and inside lib/', () => {
  it.each(sources)('$file reads no clock, timer or ambient randomness', ({ text }) => {
    expect(code(text)).not.toMatch(/\b(?:Math\.random|Date\.now|new Date|performance\.now|setTimeout|setInterval|setImmediate|process\.hrtime)\b/);
  });

  it('index.ts only re-exports (its doc comment aside)', () => {
    const index = sources.find((s) => s.file === 'index.ts')?.text ?? '';
    const lines = code(index)
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(lines.every((l) => /^export \* from '\.\/[a-z-]+\.js';$/.test(l))).toBe(true);
  });
});

describe('policy options are validated at construction', () => {
  it('names the policy, field, range, and the value and type received', () => {
    expect(() => new ItemExponentialFailureRateLimiter({ baseDelay: -1 })).toThrow(
      'ItemExponentialFailureRateLimiter: baseDelay must be a number >= 0 and finite; received -1 (number)',
    );
  });

  it('rejects a fractional burst, a string delay and a NaN gap', () => {
    expect(() => new TokenBucket({ limit: 1, burst: 1.5 })).toThrow(PolicyConfigError);
    expect(() => new ItemFastSlowRateLimiter({ fastDelay: '5' as unknown as number, slowDelay: 1, maxFastAttempts: 1 })).toThrow(
      /fastDelay .* received 5 \(string\)/,
    );
    expect(() => new CooldownGovernor({ gap: Number.NaN })).toThrow(/gap/);
  });

  it('accepts an infinite token rate but not an infinite backoff duration', () => {
    expect(() => new TokenBucket({ limit: Number.POSITIVE_INFINITY, burst: 0 })).not.toThrow();
    expect(() => makeBackoff({ duration: Number.POSITIVE_INFINITY })).toThrow(/Backoff: duration/);
  });

  it('accepts negative Steps and Jitter, which upstream gives a meaning', () => {
    expect(makeBackoff({ steps: -1, jitter: -1 })).toMatchObject({ steps: -1, jitter: -1 });
  });
});
