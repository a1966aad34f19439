import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The folders of leader election, consensus, coordination and the studies. */
const FOLDERS = ['controllers/leader-election/', 'sim/consensus/', 'sim/coordination/', 'experiments/studies/'];

const sources = FOLDERS.flatMap((folder) => {
  const dir = new URL(`../../${folder}`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${folder}${f}`, text: readFileSync(new URL(f, dir), 'utf8') }));
});

/** Source with comments removed, so prose that names a forbidden API does not count. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('leader election, consensus, coordination and studies stay deterministic', () => {
  it.each(sources)('$file reads no clock, timer or ambient randomness', ({ text }) => {
    expect(code(text)).not.toMatch(/\b(?:Math\.random|Date\.now|new Date|performance\.now|setTimeout|setInterval|setImmediate|process\.hrtime)\b/);
  });

  it.each(sources.filter((s) => s.file.endsWith('/index.ts')))('$file only re-exports (its doc comment aside)', ({ text }) => {
    const lines = code(text)
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(lines.every((l) => /^export \* from '(?:\.\/|\.\.\/port\/)[a-z-]+\.js';$/.test(l))).toBe(true);
  });

  it.each(sources)('$file documents every exported symbol', ({ file, text }) => {
    const lines = text.split('\n');
    const undocumented = lines.flatMap((line, i) => {
      if (!/^export (?:const|function|class|interface|type|abstract class)\b/.test(line)) return [];
      let j = i - 1;
      while (j >= 0 && lines[j]!.trim() === '') j--;
      return lines[j]!.trim().endsWith('*/') ? [] : [`${file}:${i + 1}: ${line}`];
    });
    expect(undocumented).toEqual([]);
  });
});
