/**
 * The same HPA controller, for real: a real Prometheus server (Debian's
 * package, started here on loopback, never the systemd service), worker
 * processes serving HTTP with prom-client metrics, ctrlsim's seeded
 * open-loop load following a step, and `ctrlsim live` scaling the pool;
 * then `ctrlsim calibrate` fits the simulator to the run and the gap
 * between simulated and live is held to stated bounds. About 3 minutes.
 * Skipped, saying why, only where no prometheus binary exists (.ci/run
 * installs it).
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CLI, cliAsync, csvRows } from '../experiments/cli-helpers.js';

const EXAMPLE = 'experiments/examples/live/process-pool.yaml';
const WORKER = resolve('experiments/examples/live/worker.mjs');

function prometheusBinary(): string | undefined {
  for (const p of ['/usr/bin/prometheus', '/usr/local/bin/prometheus']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const PROMETHEUS = prometheusBinary();
if (!PROMETHEUS) {
  console.warn("live end-to-end test SKIPPED: no prometheus binary (install Debian's package: apt-get install -y prometheus; .ci/run does)");
}

/** Binds a loopback port and frees it again; false if something holds it. */
function bindable(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

/**
 * The first of `count` consecutive loopback ports nobody listens on now,
 * below the kernel's ephemeral range: outgoing connections (Prometheus'
 * scrapes, the load generator's requests) take their local ports from that
 * range, and a worker told to listen on one of those fails with EADDRINUSE.
 */
async function freePorts(count: number): Promise<number> {
  const range = existsSync('/proc/sys/net/ipv4/ip_local_port_range') ? readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8') : '32768 60999';
  const lowestEphemeral = Number(range.trim().split(/\s+/)[0]);
  const top = Math.min(lowestEphemeral, 65000) - count;
  for (let base = 20000 + (process.pid % 400) * 20; base < top; base += count) {
    const free = await Promise.all(Array.from({ length: count }, (_, i) => bindable(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free loopback ports between 20000 and ${top}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True while something accepts connections on the port. */
async function listening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!PROMETHEUS)('a live run against a real Prometheus and worker processes', () => {
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let experiment: string;
  let portBase: number;
  const live = () => join(dir, 'live');
  const calibrated = () => join(dir, 'calibrated');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ctrlsim-live-'));
    // Prometheus on the first port; the rest leave room for maxReplicas workers and a few ports given up after a crash.
    const promPort = await freePorts(17);
    portBase = promPort + 1;
    const targets = join(dir, 'web-targets.json');
    writeFileSync(targets, '[]\n');
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '2s', evaluation_interval: '2s' },
        scrape_configs: [{ job_name: 'web', file_sd_configs: [{ files: [targets], refresh_interval: '2s' }] }],
      }),
    );
    prometheus = spawn(
      PROMETHEUS!,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--web.listen-address=127.0.0.1:${promPort}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`],
      { stdio: 'ignore' },
    );
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${promPort}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 100) throw new Error('prometheus did not become ready in 20 s');
      await sleep(200);
    }
    // The shipped example, pointed at this test's server, ports and temp files.
    // biome-ignore lint/suspicious/noExplicitAny: a YAML document edited in place
    const doc = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, any>;
    doc['live'].observe.url = `http://127.0.0.1:${promPort}`;
    doc['live'].actuate.services.web = { ...doc['live'].actuate.services.web, command: [process.execPath, WORKER], portBase, targetsFile: targets };
    experiment = join(dir, 'experiment.yaml');
    writeFileSync(experiment, stringify(doc));
  });

  afterAll(() => {
    prometheus?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scales the worker pool up after the load step and back down after it, with the HPA-exact controller', async () => {
    const started = performance.now();
    const r = await cliAsync(['live', experiment, '--out', live()]);
    const wall = (performance.now() - started) / 1000;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    console.info(`live e2e: ctrlsim live took ${wall.toFixed(1)} s of wall time`);

    for (const f of ['timeseries.csv', 'events.csv', 'summary.csv', 'report.html', 'manifest.json', 'observed.csv'])
      expect(existsSync(join(live(), f)), f).toBe(true);
    const manifest = JSON.parse(readFileSync(join(live(), 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ mode: 'live', ended: 'duration' });
    expect(manifest).not.toHaveProperty('fingerprint');
    expect(manifest['startedAt']).toMatch(/^\d{4}-\d\d-\d\dT/);

    const rows = csvRows(join(live(), 'timeseries.csv'));
    expect(rows.length).toBeGreaterThanOrEqual(70);
    const desiredAt = (t: number) => Number(rows.filter((x) => Number(x['time_s']) <= t).at(-1)!['desired']);
    expect(desiredAt(28)).toBe(2);
    expect(desiredAt(105)).toBeGreaterThanOrEqual(4);
    const events = csvRows(join(live(), 'events.csv'));
    const scales = events.filter((e) => e['type'] === 'action' && e['action'] === 'scale');
    expect(scales.every((e) => e['controller'] === 'autoscaler')).toBe(true);
    expect(scales.some((e) => Number(e['time_s']) > 30 && Number(e['to']) > Number(e['from']) && /above target/.test(e['reason']!))).toBe(true);
    expect(scales.some((e) => Number(e['time_s']) > 110 && Number(e['to']) < Number(e['from']))).toBe(true);
    // Workers really started: each scale-up created processes that became ready.
    expect(events.filter((e) => e['type'] === 'lifecycle' && e['action'] === 'ready').length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e['type'] === 'error' && e['action']!.endsWith('terminal'))).toEqual([]);
    // Clients were served through the whole run.
    const served = rows.reduce((a, x) => a + Number(x['served']), 0);
    const arrived = rows.reduce((a, x) => a + Number(x['arrived']), 0);
    expect(served / arrived).toBeGreaterThan(0.95);
    // Prometheus fed the controller per-worker utilization.
    expect(csvRows(join(live(), 'observed.csv')).some((o) => o['metric'] === 'cpu_utilization' && o['instance']!.startsWith('web-'))).toBe(true);
    // Every worker stopped with the run.
    for (let i = 0; i < 8; i++) expect(await listening(portBase + i), `port ${portBase + i}`).toBe(false);
  }, 240_000);

  it('calibrates the simulator from the live run and keeps the sim-versus-real gap within the stated bounds', async () => {
    const r = await cliAsync(['calibrate', live(), '--out', calibrated()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const gap = JSON.parse(readFileSync(join(calibrated(), 'gap.json'), 'utf8')) as {
      replicasWithinOne: number;
      decisions: Array<{ time_s: number; direction: 'up' | 'down'; gapS: number | null }>;
      syncPeriodS: number;
      liveScaleActions: number;
      simScaleActions: number;
      liveMeanLatencyMs: number;
      simMeanLatencyMs: number;
      calibration: { web: { serviceTimeEvidence: { meanMs: number }; startupSamples: number[]; metricLag: { lagS: number } } };
    };
    console.info(`live e2e: sim vs real ${JSON.stringify({ ...gap, calibration: undefined, decisions: undefined })}`);
    // The stated gap (README, "Run it for real"): replica counts within ±1 for at least 85%
    // of the run; every live scale action matched by a simulated one in the same direction;
    // the decisions the load forces (the first scale-up after the step at 30 s, the last
    // scale-down after the drop at 110 s) within three sync periods. A scale-up between them
    // is decided by noise, not by the load: at 4 or 5 workers utilization sits near the edge
    // of the HPA's 10% tolerance, so whether and when another action comes is a coin flip at
    // each sync, live and simulated alike (within 9.7 s over the first six runs; later runs
    // had one 55 s and one 40 s off). Both still peak within one replica of each other.
    expect(gap.replicasWithinOne).toBeGreaterThanOrEqual(0.85);
    const ups = gap.decisions.filter((d) => d.direction === 'up');
    const downs = gap.decisions.filter((d) => d.direction === 'down');
    expect(ups.length).toBeGreaterThanOrEqual(1);
    expect(downs.length).toBeGreaterThanOrEqual(1);
    for (const d of gap.decisions) expect(d.gapS, `${d.direction} at ${d.time_s} s`).not.toBeNull();
    for (const d of [ups[0]!, downs[downs.length - 1]!]) {
      expect(d.gapS!, `${d.direction} at ${d.time_s} s`).toBeLessThanOrEqual(3 * gap.syncPeriodS);
    }
    const peak = (file: string) =>
      Math.max(
        ...csvRows(file)
          .filter((e) => e['type'] === 'action' && e['action'] === 'scale')
          .map((e) => Number(e['to'])),
      );
    expect(Math.abs(peak(join(live(), 'events.csv')) - peak(join(calibrated(), 'sim', 'events.csv')))).toBeLessThanOrEqual(1);
    // The fits recover what the worker was configured with (100 ms median lognormal service time, 2 s start-up plus process launch).
    const c = gap.calibration.web;
    expect(c.serviceTimeEvidence.meanMs).toBeGreaterThan(80);
    expect(c.serviceTimeEvidence.meanMs).toBeLessThan(130);
    expect(Math.min(...c.startupSamples)).toBeGreaterThanOrEqual(2);
    expect(c.metricLag.lagS).toBeGreaterThan(0);
    expect(readFileSync(join(calibrated(), 'comparison.html'), 'utf8')).toContain('overlay-replicas');
    expect(existsSync(join(calibrated(), 'sim', 'report.html'))).toBe(true);
  }, 60_000);

  it('ends early and cleanly on Ctrl-C, still writing the run and stopping every worker', async () => {
    const child = spawn(process.execPath, [CLI, 'live', experiment, '--out', join(dir, 'interrupted'), '--duration', '2m']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await sleep(15_000);
    child.kill('SIGINT');
    const status = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'interrupted', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['ended']).toBe('interrupted');
    expect(Number(manifest['seconds'])).toBeLessThan(30);
    for (let i = 0; i < 8; i++) expect(await listening(portBase + i), `port ${portBase + i}`).toBe(false);
  }, 60_000);
});
