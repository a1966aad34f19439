import { describe, expect, it } from 'vitest';
import { HOUR } from '../../lib/time.js';
import { PROGRESS_AFTER_MS, RunProgress, progressLine } from '../../experiments/runner/run-progress.js';
import { cli } from './cli-helpers.js';

function terminal() {
  const written: string[] = [];
  return { isTTY: true, write: (s: string) => written.push(s), written };
}

describe('single-run progress', () => {
  it('says how much virtual time is done, the event rate and an ETA', () => {
    expect(progressLine('day', 6 * HOUR, 24 * HOUR, 10_000, 20_000_000)).toBe('day: virtual 6:00:00 of 24:00:00 (25%), 2.0 M events/s, ETA 0:30');
  });

  it('shows nothing for a run shorter than two seconds, then redraws at most five times a second, and erases itself at the end', () => {
    let now = 0;
    const tty = terminal();
    const p = new RunProgress(tty, 'day', 24 * HOUR, () => now);
    p.attach({ processed: 1000 });
    const rows = p.watch({ write: () => {} });
    for (let t = 10; now < PROGRESS_AFTER_MS - 10; t += 10, now += 5) rows.write({ time_s: t });
    expect(tty.written).toEqual([]);
    now = PROGRESS_AFTER_MS;
    rows.write({ time_s: 3600 });
    now += 50;
    rows.write({ time_s: 3610 });
    expect(tty.written).toHaveLength(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the progress line starts with the terminal's erase-line escape
    expect(tty.written[0]).toMatch(/^\r\x1b\[Kday: virtual 1:00:00 of 24:00:00 \(4%\), 500 events\/s, ETA 0:46$/);
    p.finish();
    expect(tty.written[1]).toBe('\r\x1b[K');
  });

  it('is off when stderr is not a terminal or with --no-progress', () => {
    expect(RunProgress.wanted(true, { isTTY: false, write: () => {} })).toBe(false);
    expect(RunProgress.wanted(false, terminal())).toBe(false);
    expect(RunProgress.wanted(true, terminal())).toBe(true);
  });

  it("leaves a piped run's stderr empty", () => {
    const r = cli(['run', 'experiments/examples/step-load.yaml', '--out', `/tmp/ctrlsim-progress-${process.pid}`, '--force']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
