import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../controllers/rollout-controllers/', import.meta.url);
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, dir), 'utf8') }));

/** Source with comments removed, so prose that names a forbidden API does not count. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('controllers/rollout-controllers stays deterministic and inside controllers/', () => {
  it.each(sources)('$file reads no clock, timer or ambient randomness', ({ text }) => {
    expect(code(text)).not.toMatch(/\b(?:Math\.random|Date\.now|new Date|performance\.now|setTimeout|setInterval|setImmediate|process\.hrtime)\b/);
  });

  it.each(sources)('$file imports nothing from the simulator or the experiment layer', ({ text }) => {
    expect(text).not.toMatch(/from '\.\.\/\.\.\/(?:sim|experiments)|from '\.\.\/(?:sim|experiments)/);
  });

  it('index.ts only re-exports', () => {
    const index = sources.find((s) => s.file === 'index.ts')?.text ?? '';
    expect(code(index).trim().split('\n').every((line) => line.startsWith('export * from'))).toBe(true);
  });
});
