/**
 * Prints the fidelity table the README quotes: `npx tsx test/world/fidelity-table-print.ts`.
 * Request level runs three seeds (mean and range); fluid is deterministic without noise
 * and one seed with it.
 */
import { LAYOUTS, RHOS, exactLatencyMs, measure } from './fidelity-table.js';

const pct = (a: number, b: number) => `${a >= b ? '+' : '−'}${((Math.abs(a - b) / b) * 100).toFixed(1)}%`;
console.log('| instances | ρ | Erlang C (ms) | fluid, no noise | fluid, `noise: poisson` | request level (3 seeds: mean, range) |');
console.log('|---|---|---|---|---|---|');
for (const l of LAYOUTS) {
  for (const rho of RHOS) {
    const exact = exactLatencyMs(l, rho);
    const f0 = measure(l, rho, 'fluid', 'none').latencyMs;
    const f1 = measure(l, rho, 'fluid', 'poisson').latencyMs;
    const r = ['1', '2', '3'].map((seed) => measure(l, rho, 'request', 'none', seed).latencyMs);
    const m = r.reduce((a, b) => a + b, 0) / r.length;
    console.log(
      `| ${l.name} | ${rho} | ${exact.toFixed(1)} | ${f0.toFixed(1)} (${pct(f0, exact)}) | ${f1.toFixed(1)} (${pct(f1, exact)}) | ${m.toFixed(1)} (${pct(m, exact)}; ${Math.min(...r).toFixed(1)}–${Math.max(...r).toFixed(1)}) |`,
    );
  }
}
