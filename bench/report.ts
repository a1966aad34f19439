import { performance } from 'node:perf_hooks';
import { vendorScripts } from '../reports/html.js';
import { syntheticSweep } from '../test/support/sample-report-data.js';
import { renderSvg } from '../reports/svg.js';
import { SWEEP_REPORT_LIMITS, sweepReportHtml, sweepReportSpecs } from '../reports/sweep-report.js';
import { numberArg } from './args.js';

/** Median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall time (ms) of `repeat` calls of `fn`, after one warm-up call, and the last result. */
function timed<T>(repeat: number, fn: () => T): { ms: number; result: T } {
  let result = fn();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    result = fn();
    times.push(performance.now() - start);
  }
  return { ms: Math.round(median(times) * 10) / 10, result };
}

/**
 * Sweep report generation: time and HTML size for a synthetic sweep of
 * `--points` (default 50) × `--seeds` (default 20) = 1,000 runs, and for a
 * 10,000-run sweep (500 × 20) against the stated size bound; plus the time
 * to render the sweep's charts to static SVG in Node. Options: --points,
 * --seeds, --repeat (default 5; the median is reported, after a warm-up;
 * `generate_cold_ms` is the first call, which also reads the vendored libraries).
 * The data is built outside the timed region: only report generation is timed.
 */
export async function run(argv: string[]): Promise<Record<string, unknown>> {
  const points = numberArg(argv, 'points', 50);
  const seeds = numberArg(argv, 'seeds', 20);
  const repeat = numberArg(argv, 'repeat', 5);
  const sweep = syntheticSweep({ points, seeds });
  // The first report of a process also reads Vega, Vega-Lite and vega-embed from node_modules (then cached).
  const coldStart = performance.now();
  sweepReportHtml(sweep);
  const coldMs = performance.now() - coldStart;
  const small = timed(repeat, () => sweepReportHtml(sweep));
  const big = syntheticSweep({ points: 500, seeds: 20 });
  const large = timed(repeat, () => sweepReportHtml(big));
  const specs = sweepReportSpecs(sweep);
  const svgStart = performance.now();
  let svgBytes = 0;
  for (const spec of Object.values(specs)) svgBytes += Buffer.byteLength(await renderSvg(spec));
  const svgMs = performance.now() - svgStart;
  const vendorBytes = Buffer.byteLength(vendorScripts());
  return {
    benchmark: 'report',
    runs: sweep.runs.length,
    points: sweep.points.length,
    generate_cold_ms: Math.round(coldMs * 10) / 10,
    generate_ms: small.ms,
    html_bytes: Buffer.byteLength(small.result),
    data_bytes: Buffer.byteLength(small.result) - vendorBytes,
    vendor_bytes: vendorBytes,
    runs_10k: big.runs.length,
    generate_10k_ms: large.ms,
    html_10k_bytes: Buffer.byteLength(large.result),
    bound_bytes: SWEEP_REPORT_LIMITS.bytes,
    svg_ms: Math.round(svgMs),
    svg_bytes: svgBytes,
  };
}
