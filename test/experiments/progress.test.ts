import { describe, expect, it } from 'vitest';
import { streamProgress } from '../../experiments/sweep/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (t: string) => writes.push(t) } };
}

describe('sweep progress', () => {
  it('prints a plain line at each new 5% step, at most one every 2 s, and a last line, off a terminal', () => {
    const { writes, stream } = fakeStream(false);
    let now = 0;
    const p = streamProgress(stream, 'ctrlsim: sweep x', () => now);
    p.start(100, 0);
    for (let i = 0; i < 100; i++) {
      now += 100; // 0.1 s per run: 5% every 0.5 s, so the 2 s limit decides
      p.advance();
    }
    p.finish();
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(writes.length).toBe(5);
    expect(writes[0]).toBe('ctrlsim: sweep x: 20/100 runs (20%), ETA 0:08\n');
    expect(writes.at(-1)).toBe('ctrlsim: sweep x: 100/100 runs (100%), done in 0:10\n');
  });

  it('says how many runs a resumed sweep had already done, and bases its ETA on the runs done now', () => {
    const { writes, stream } = fakeStream(false);
    let now = 0;
    const p = streamProgress(stream, 'ctrlsim: sweep x', () => now);
    p.start(10, 6);
    now += 3000;
    p.advance();
    expect(writes).toEqual(['ctrlsim: sweep x: resuming, 6 of 10 runs already done\n', 'ctrlsim: sweep x: 7/10 runs (70%), ETA 0:09\n']);
  });

  it('redraws one bar in place on a terminal, at most ten times a second', () => {
    const { writes, stream } = fakeStream(true);
    let now = 0;
    const p = streamProgress(stream, 'ctrlsim: sweep x', () => now);
    p.start(50, 0);
    for (let i = 0; i < 50; i++) {
      now += 20;
      p.advance();
    }
    p.finish();
    expect(writes.every((w) => w.startsWith('\r\x1b[K'))).toBe(true);
    expect(writes.length).toBeLessThanOrEqual(1 + 10 + 1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the progress line starts with the terminal's erase-line escape
    expect(writes.at(-1)).toMatch(/^\r\x1b\[Kctrlsim: sweep x \[#+\] 50\/50 100% {2}50\.0 runs\/s {2}in 0:01\n$/);
  });
});
