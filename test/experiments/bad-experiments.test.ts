import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliMany } from './cli-helpers.js';

/**
 * The corpus of bad experiment files: each `X` has a sibling `X.expected.txt`
 * holding the exact line `ctrlsim validate X` must print on stderr. A `…` in
 * an expected line stands for any text; it is used only where the message
 * lists alternatives that grow as the format does (the keys of an object, the
 * controller kinds) or quotes a JSON parser's wording, so adding a field
 * elsewhere does not break an unrelated case.
 */
const DIR = 'test/fixtures/bad-experiments';
const cases = readdirSync(DIR)
  .filter((f) => !f.endsWith('.expected.txt'))
  .sort();

function pattern(expected: string): RegExp {
  return new RegExp(
    `^${expected
      .split('…')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+?')}$`,
  );
}

describe('the bad experiment corpus', () => {
  const results = new Map<string, { status: number | null; stdout: string; stderr: string }>();

  beforeAll(async () => {
    const out = await cliMany(cases.map((f) => ['validate', join(DIR, f)]));
    cases.forEach((f, i) => results.set(f, out[i]!));
  });

  it('holds at least 30 files, YAML and JSON, each with its expected message', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.some((f) => f.endsWith('.json'))).toBe(true);
    expect(cases.some((f) => f.endsWith('.yaml'))).toBe(true);
    for (const f of cases) expect(readdirSync(DIR)).toContain(`${f}.expected.txt`);
  });

  it.each(cases)('rejects %s with exit code 2 and exactly its expected one-line message, without a stack trace', (f) => {
    const r = results.get(f)!;
    const expected = readFileSync(join(DIR, `${f}.expected.txt`), 'utf8').trimEnd();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(pattern(expected));
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  });
});
