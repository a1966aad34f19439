import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTraceCsv } from '../../sim/world/load-trace.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the world and the network', () => {
  it("never touch the host's randomness, clock or timers: everything comes from seeded streams and the virtual clock", () => {
    const offenders = [...files('sim/world'), ...files('sim/network'), 'sim/virtual-runtime.ts'].filter((f) =>
      /\bMath\.random\b|\bDate\b|\bsetTimeout\b|\bsetInterval\b|\bperformance\.now\b|\bprocess\.hrtime\b/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('parse ISO 8601 trace timestamps without Date, zones included', () => {
    const t = parseTraceCsv('timestamp,rps\n2024-02-28T23:59:00+01:00,1\n2024-02-29T00:00:30Z,2\n2024-03-01T00:00:00.5Z,3\n', 'iso.csv');
    expect(t.points.map((p) => p.at)).toEqual([0, 3_690_000_000, (Date.UTC(2024, 2, 1, 0, 0, 0, 500) - Date.UTC(2024, 1, 28, 22, 59)) * 1000]);
  });
});
