import { describe, expect, it } from 'vitest';
import { SECOND } from '../../lib/time.js';
import { dataProperty } from '../../sim/properties/data-property.js';
import { holds, parseExpectation } from '../../sim/properties/expression.js';
import { PropertyMonitor } from '../../sim/properties/monitor.js';
import { validateExperiment } from '../../experiments/config/load.js';
import { experimentMonitor, runMetrics } from '../../experiments/properties/run-properties.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';
import { ConfigError } from '../../experiments/schema/config-error.js';

const row = (t: number, load: number, capacity: number) => ({ time_s: t, service: 'web', load_rps: load, capacity_rps: capacity });

const base = {
  name: 'props',
  horizon: '20m',
  services: [{ name: 'web', initialReplicas: 4, capacity: { rpsPerInstance: 100 }, load: [{ shape: 'constant', rps: 300 }] }],
  controllers: { scaler: { kind: 'target-utilization', service: 'web', target: 0.6, minReplicas: 2, maxReplicas: 6 } },
};

describe('property expressions', () => {
  it('compare a metric with a number or a scaled metric', () => {
    const e = parseExpectation('capacity_rps >= 0.9 * load_rps')!;
    expect(holds(e, (n) => ({ capacity_rps: 90, load_rps: 100 })[n])).toBe(true);
    expect(holds(e, (n) => ({ capacity_rps: 80, load_rps: 100 })[n])).toBe(false);
    expect(holds(e, () => '')).toBeUndefined();
    expect(parseExpectation('1 < 2')).toBeUndefined();
    expect(parseExpectation('latency is fine')).toBeUndefined();
  });
});

describe('a liveness property', () => {
  const live = () => dataProperty({ name: 'back', kind: 'liveness', expect: parseExpectation('capacity_rps >= load_rps')!, within: 60 * SECOND });

  it('tolerates a failing stretch while a fault is active and for its bound after the fault heals', () => {
    const m = new PropertyMonitor([live()], { seed: 1, horizon: 600 * SECOND, faults: [{ start: 10 * SECOND, end: 100 * SECOND }] });
    for (let t = 10; t <= 160; t += 10) m.timeseries.write(row(t, 200, 100));
    expect(m.violations()).toEqual([]);
  });

  it('is violated at the first sample past the bound', () => {
    const m = new PropertyMonitor([live()], { seed: 1, horizon: 600 * SECOND, faults: [{ start: 10 * SECOND, end: 100 * SECOND }] });
    for (let t = 10; t <= 200; t += 10) m.timeseries.write(row(t, 200, 100));
    expect(m.violations().map((v) => [v.property, v.at])).toEqual([['back', 170 * SECOND]]);
  });
});

describe('an experiment run', () => {
  it('is checked against its file’s properties and the built-in autoscaler ones', () => {
    const exp = validateExperiment({ ...base, properties: [{ name: 'tiny-budget', kind: 'budget', expect: 'instance_hours <= 0.1' }] });
    const monitor = experimentMonitor(exp, 1);
    expect(monitor.properties.map((p) => p.name)).toEqual(['scaler.replicas-within-bounds', 'web.capacity-recovers', 'tiny-budget']);
    const outcome = runExperiment(exp, 1, { timeseries: monitor.timeseries, events: monitor.events });
    const violations = monitor.finish(runMetrics(outcome));
    expect(violations.map((v) => [v.property, v.kind, v.at])).toEqual([['tiny-budget', 'budget', 20 * 60 * SECOND]]);
  });

  it('refuses a liveness property without a bound, naming the field', () => {
    expect(() => validateExperiment({ ...base, properties: [{ name: 'x', kind: 'liveness', expect: 'ready >= 1' }] })).toThrow(ConfigError);
    expect(() => validateExperiment({ ...base, properties: [{ name: 'x', kind: 'liveness', expect: 'ready >= 1' }] })).toThrow(/properties\[0\]\.within/);
  });
});

describe('a named check', () => {
  it('catches the target-utilization autoscaler scaling down while hung instances read as idle, under the load it had', async () => {
    // The finding explore shrank from experiments/examples/explore/target-utilization-faults.yaml (run 7, 4 faults → 4 shorter ones):
    // ⌈ready × utilization / target⌉ counts hung instances as ready and idle. (Its first finding, counting only the
    // survivors of a crash, was fixed in the controller; this one remains.)
    const { loadExperimentFile } = await import('../../experiments/config/load.js');
    const loaded = loadExperimentFile('experiments/examples/explore/target-utilization-faults.yaml');
    const exp = validateExperiment({
      ...(loaded.raw as object),
      horizon: '4250s',
      seed: 305410733,
      scenario: [
        { at: '6m', action: 'scale-load', service: 'web', factor: 2.47, for: '6s' },
        { at: '57m', action: 'hang', service: 'web', fraction: 0.49, for: '11m31s' },
        { at: '1h9m', action: 'crash', service: 'web', fraction: 0.13, for: '1s' },
        { at: '1h10m', action: 'crash', service: 'web', fraction: 0.56, for: '1s' },
      ],
    });
    const monitor = experimentMonitor(exp, 305410733);
    const outcome = runExperiment(exp, 305410733, { timeseries: monitor.timeseries, events: monitor.events });
    const v = monitor.finish(runMetrics(outcome)).find((x) => x.property === 'autoscaler.scale-down-keeps-capacity');
    expect(v?.at).toBe(4230 * SECOND);
    expect(v?.explanation).toMatch(/scaled web 35 → 8/);
  });

  it('needs a controller that exists', () => {
    const exp = validateExperiment({ ...base, properties: [{ name: 'x', kind: 'safety', check: 'scale-down-keeps-capacity', controller: 'nobody' }] });
    expect(() => experimentMonitor(exp, 1)).toThrow(/properties\[0\]\.controller/);
  });
});

describe('leader-after-heal', () => {
  const lead = (t: number, identity: string, leading: boolean) => ({ type: 'leadership', at_s: t, identity, leading: String(leading) });

  it('allows a leaderless gap until its bound after the faults active in it heal', async () => {
    const { leaderAfterHeal } = await import('../../experiments/properties/study-properties.js');
    const m = new PropertyMonitor([leaderAfterHeal(60 * SECOND)], { seed: 1, horizon: 600 * SECOND, faults: [{ start: 100 * SECOND, end: 200 * SECOND }] });
    for (const r of [lead(1, 'a', true), lead(110, 'a', false), lead(255, 'b', true)]) m.events.write(r);
    expect(m.finish({})).toEqual([]);
  });

  it('is violated when no replica leads again within the bound, even at the end of the run', async () => {
    const { leaderAfterHeal } = await import('../../experiments/properties/study-properties.js');
    const closed = new PropertyMonitor([leaderAfterHeal(60 * SECOND)], {
      seed: 1,
      horizon: 600 * SECOND,
      faults: [{ start: 100 * SECOND, end: 200 * SECOND }],
    });
    for (const r of [lead(1, 'a', true), lead(110, 'a', false), lead(300, 'b', true)]) closed.events.write(r);
    expect(closed.finish({}).map((v) => [v.property, v.at])).toEqual([['leader-after-heal', 260 * SECOND]]);
    const open = new PropertyMonitor([leaderAfterHeal(60 * SECOND)], { seed: 1, horizon: 600 * SECOND, faults: [] });
    for (const r of [lead(1, 'a', true), lead(110, 'a', false)]) open.events.write(r);
    expect(open.finish({}).map((v) => v.at)).toEqual([170 * SECOND]);
  });

  it('sees the leader-election study hand leadership over', async () => {
    const { loadStudyFile, runStudy } = await import('../../experiments/studies/run-study.js');
    const result = runStudy(loadStudyFile('experiments/examples/studies/leader-election.yaml').study);
    expect(result.events?.filter((r) => r['leading'] === true).length).toBeGreaterThan(1);
  });
});

describe('no-overlapping-lease-terms', () => {
  const tenure = (t: number, holder: string, token: number, renewed: number) => ({ type: 'tenure', at_s: t, holder, token, renewed_at_s: renewed });

  it('lets a successor acquire as early as the lease duration × the drift spread before the previous term ends, and no earlier', async () => {
    const { noOverlappingLeaseTerms } = await import('../../experiments/properties/study-properties.js');
    // a's term ends at 100 + 15 = 115 s; 15 s × 0.1 lets b in from 113.5 s.
    const at = (acquired: number) => {
      const m = new PropertyMonitor([noOverlappingLeaseTerms(15 * SECOND, 0.1)], { seed: 1, horizon: 600 * SECOND, faults: [] });
      for (const r of [tenure(0, 'a', 1, 100), tenure(acquired, 'b', 2, 300)]) m.events.write(r);
      return m.finish({});
    };
    expect(at(113.5)).toEqual([]);
    const [v] = at(113.4);
    expect([v?.property, v?.kind, v?.at]).toEqual(['no-overlapping-lease-terms', 'safety', 113.4 * SECOND]);
    expect(v?.explanation).toBe(
      "b acquired the lease (token 2) at 113.4s, 1.6s before a's term (token 1) ended at 115s, more than the 1.5s clock-drift tolerance (15s × 0.1)",
    );
  });

  it('holds on every built-in leader-election study file and sweep point, the slow-clock first leader included', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { loadStudyFile, runStudy } = await import('../../experiments/studies/run-study.js');
    const { parseStudyDocument } = await import('../../experiments/studies/study-schema.js');
    const { checkStudy } = await import('../../experiments/properties/study-properties.js');
    const files = ['experiments/examples', 'experiments/examples/studies', 'experiments/examples/explore']
      .flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.yaml'))
          .map((f) => `${dir}/${f}`),
      )
      .filter((f) => /^study: leader-election$/m.test(readFileSync(f, 'utf8')));
    expect(files).toEqual(
      expect.arrayContaining([
        'experiments/examples/studies/leader-election.yaml',
        'experiments/examples/explore/leader-election-fenced.yaml',
        'experiments/examples/explore/leader-election-unfenced.yaml',
      ]),
    );
    const overlaps: string[] = [];
    for (const file of files) {
      const { study, raw } = loadStudyFile(file);
      const { sweep: _sweep, explore: _explore, ...rest } = raw as Record<string, unknown>;
      const params = rest['params'] as Record<string, unknown>;
      // The sweep of leader-election.yaml slows the first leader's clock by up to 40 %, with and without fencing.
      const points = [
        study,
        ...[false, true].flatMap((fencing) =>
          [0, -0.2, -0.3, -0.4].map((firstLeaderDrift) => parseStudyDocument({ ...rest, params: { ...params, fencing, firstLeaderDrift } })),
        ),
      ];
      for (const doc of points)
        for (const seed of [doc.seed, 1, 2, 3, 4, 5]) {
          const result = runStudy(doc, seed);
          expect(result.events?.some((r) => r['type'] === 'tenure')).toBe(true);
          for (const v of checkStudy(doc, result)) if (v.property === 'no-overlapping-lease-terms') overlaps.push(`${file} seed ${seed}: ${v.explanation}`);
        }
    }
    expect(overlaps).toEqual([]);
  }, 120_000);

  it('is violated when a successor’s clock runs fast beyond the declared drift spread', async () => {
    const { loadStudyFile, runStudy } = await import('../../experiments/studies/run-study.js');
    const { parseStudyDocument } = await import('../../experiments/studies/study-schema.js');
    const { checkStudy } = await import('../../experiments/properties/study-properties.js');
    const { sweep: _sweep, ...rest } = loadStudyFile('experiments/examples/studies/leader-election.yaml').raw as Record<string, unknown>;
    // The scripted partition at 2 min hands the lease from replica-0 to replica-2; cutting replica-2's zone off at 200 s hands it back.
    const run = (firstLeaderDrift: number) => {
      const doc = parseStudyDocument({
        ...rest,
        params: { ...(rest['params'] as object), horizon: '5m', firstLeaderDrift, faults: [{ at: '200s', duration: '1m', zone: 'leader' }] },
      });
      return checkStudy(doc, runStudy(doc)).filter((v) => v.property === 'no-overlapping-lease-terms');
    };
    expect(run(0)).toEqual([]);
    // replica-0's clock runs 50 % fast, far beyond clockDriftSpread 0.01: it counts replica-2's 15 s lease out in 10 s.
    const [v] = run(0.5);
    expect(v?.kind).toBe('safety');
    expect(v?.at).toBe(211.875476 * SECOND);
    expect(v?.explanation).toBe(
      "replica-0 acquired the lease (token 3) at 211.875476s, 2.573146s before replica-2's term (token 2) ended at 214.448622s, more than the 0.15s clock-drift tolerance (15s × 0.01)",
    );
  });
});
