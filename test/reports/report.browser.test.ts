/**
 * Opens generated reports in real headless Chromium (Debian's package, driven
 * by playwright-core) from file:// with the network off, and checks that they
 * render: no console errors, marks in every chart, `data-rendered="true"`.
 * Screenshots go to test-artifacts/reports/. With CTRLSIM_UPDATE_README_IMAGES=1
 * the test also rewrites the README's images in docs/images/: the run reports
 * of zone-outage and registry-partition down to their last controller panel,
 * the autoscaler's observed-vs-true panel zoomed to the outage with a
 * decision's tooltip, and the sweep and comparison reports.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { runToDirectory } from '../../experiments/runner/write-run.js';
import { compareReportHtml } from '../../reports/compare-report.js';
import type { RunReportData } from '../../reports/run-report.js';
import { runReportHtml } from '../../reports/run-report.js';
import { syntheticRun, syntheticSweep } from '../support/sample-report-data.js';
import { sweepReportHtml } from '../../reports/sweep-report.js';
import { launchChromium } from '../browser.js';

const ARTIFACTS = resolve('test-artifacts/reports');
const README_IMAGES = resolve('docs/images');
const XSS = '<script>alert(1)</script>';
/** Window width of the real run reports the README shows. */
const RUN_IMAGE_WIDTH = 1100;

let browser: Browser | undefined;
let launchError: Error | undefined;

/** The browser, or a failure that says how to get one: a missing Chromium must fail the suite, never skip it. */
function requireBrowser(): Browser {
  if (!browser) throw launchError ?? new Error('Chromium did not launch');
  return browser;
}

/** What opening a report showed. */
interface Opened {
  readonly page: Page;
  readonly errors: string[];
  readonly dialogs: string[];
  readonly offsite: string[];
  readonly rendered: string | null;
  readonly ms: number;
  readonly charts: Array<{ id: string; svg: boolean; marks: number }>;
}

/** Opens a report from file:// with networking blocked, in a window `width` px wide, and waits until every chart has settled. */
async function open(file: string, width = 1000): Promise<Opened> {
  const context = await requireBrowser().newContext({ viewport: { width, height: 1300 }, deviceScaleFactor: 1 });
  await context.setOffline(true);
  const offsite: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const start = performance.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-rendered]', { timeout: 30_000 });
  const ms = performance.now() - start;
  const rendered = await page.getAttribute('body', 'data-rendered');
  const charts = await page.$$eval('[data-chart]', (els) =>
    els.map((el) => ({ id: el.id, svg: el.querySelector('svg') !== null, marks: el.querySelectorAll('svg g.role-mark > *').length })),
  );
  return { page, errors, dialogs, offsite, rendered, ms, charts };
}

async function close(o: Opened): Promise<void> {
  await o.page.context().close();
}

/** Asserts a report rendered cleanly: no errors, no dialogs, no network, marks in every chart. */
function expectRendered(o: Opened, charts: readonly string[]): void {
  expect(o.errors).toEqual([]);
  expect(o.dialogs).toEqual([]);
  expect(o.offsite).toEqual([]);
  expect(o.rendered).toBe('true');
  expect(o.charts.map((c) => c.id)).toEqual(charts);
  for (const c of o.charts) expect({ id: c.id, svg: c.svg, hasMarks: c.marks > 0 }).toEqual({ id: c.id, svg: true, hasMarks: true });
}

/** A rectangle in CSS pixels: from the top of the document for a full-page screenshot, of the viewport otherwise. */
interface Clip {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The page-coordinate box of the `<section>` holding `selector` (a chart's card: its title, note and chart). */
async function sectionBox(page: Page, selector: string): Promise<Clip> {
  return pageBox(page, page.locator('section', { has: page.locator(selector) }).last());
}

/** The page-coordinate box of what `locator` finds. */
async function pageBox(page: Page, locator: Locator): Promise<Clip> {
  const b = (await locator.boundingBox())!;
  const scrollY = Number(await page.evaluate('window.scrollY'));
  return { x: b.x, y: b.y + scrollY, width: b.width, height: b.height };
}

/** The page from its top down to the bottom of the section holding `selector`, the page's full width: a README image that ends with that chart. */
async function pageThrough(page: Page, selector: string): Promise<Clip> {
  const section = await sectionBox(page, selector);
  return { x: 0, y: 0, width: page.viewportSize()!.width, height: Math.ceil(section.y + section.height + 16) };
}

/** Writes a full-page screenshot to the artifacts, and with CTRLSIM_UPDATE_README_IMAGES=1 the README image `readme`, clipped to `clip` (the first 1000 × 1300 px when not given). */
async function screenshot(o: Opened, name: string, readme?: string, clip?: Clip): Promise<void> {
  await o.page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (readme && process.env['CTRLSIM_UPDATE_README_IMAGES'] === '1') {
    mkdirSync(README_IMAGES, { recursive: true });
    await o.page.screenshot({ path: join(README_IMAGES, readme), fullPage: true, clip: clip ?? { x: 0, y: 0, width: 1000, height: 1300 } });
  }
}

/** Writes a screenshot of `clip`, in viewport coordinates, to the artifacts and (with CTRLSIM_UPDATE_README_IMAGES=1) to the README image `readme`, without resizing the page, so a tooltip on screen stays in the picture. */
async function viewportScreenshot(o: Opened, name: string, readme: string, clip: Clip): Promise<void> {
  await o.page.screenshot({ path: join(ARTIFACTS, `${name}.png`), clip });
  if (process.env['CTRLSIM_UPDATE_README_IMAGES'] === '1') {
    mkdirSync(README_IMAGES, { recursive: true });
    await o.page.screenshot({ path: join(README_IMAGES, readme), clip });
  }
}

/** The viewport x of a time label (such as "0:30") on a chart's x axis: where that time is drawn. */
async function timeX(page: Page, chart: string, label: string): Promise<number> {
  const text = page.locator(`#${chart} g.role-axis-label text`, { hasText: new RegExp(`^${label}$`) }).first();
  const b = (await text.boundingBox())!;
  return b.x + b.width / 2;
}

function write(name: string, html: string): string {
  const file = join(ARTIFACTS, name);
  writeFileSync(file, html);
  return file;
}

/** Matches a chart label that shows `full`, or its first 18 or more characters and an ellipsis where the mark's width limit cut it. */
function shownAs(full: string) {
  return expect.toSatisfy((text: string) => text === full || (text.endsWith('…') && text.length >= 19 && full.startsWith(text.slice(0, -1))));
}

describe('reports in headless Chromium, offline from file://', () => {
  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    try {
      browser = await launchChromium();
    } catch (e) {
      launchError = e as Error;
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('launches Chromium from the lockfile (or the system) without any browser installed by hand', () => {
    requireBrowser();
  });

  it('renders a real run report whose experiment is named <script>alert(1)</script> as text, with no dialog', async () => {
    const loaded = loadExperimentFile('experiments/examples/step-load.yaml');
    const evil = {
      ...loaded,
      experiment: { ...loaded.experiment, name: XSS, description: '</script><img src=x onerror=alert(2)>' },
      raw: { ...(loaded.raw as object), name: XSS },
    };
    const { dir } = runToDirectory(evil, { out: join(ARTIFACTS, 'run-xss'), force: true });
    const o = await open(join(dir, 'report.html'));
    try {
      expectRendered(o, ['time-brush', 'load-vs-capacity', 'replicas', 'latency', 'panel-autoscaler-observed-cpu-utilization-vs-truth']);
      expect(await o.page.title()).toBe(`ctrlsim run: ${XSS}`);
      expect(await o.page.textContent('h1')).toBe(`ctrlsim run: ${XSS}`);
      expect(await o.page.textContent('header p')).toContain('</script><img src=x onerror=alert(2)>');
      expect(await o.page.$$eval('img', (imgs) => imgs.length)).toBe(0);
      await screenshot(o, 'run-xss');
    } finally {
      await close(o);
    }
  });

  it('renders a run report with percentiles, faults, flaps and controller panels, and shows a scale action’s reason on hover', async () => {
    const data: RunReportData = syntheticRun('step-load (synthetic)');
    const o = await open(write('run.html', runReportHtml(data)));
    try {
      expectRendered(o, ['time-brush', 'load-vs-capacity', 'replicas', 'latency', 'panel-registry-registry-health', 'panel-autoscaler-leader']);
      const dot = o.page.locator('#replicas g.mark-symbol.role-mark path').first();
      await dot.hover({ force: true });
      await o.page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5000 });
      expect(await o.page.textContent('#vg-tooltip-element')).toMatch(/reason.*cpu_utilization=/s);
      await o.page.mouse.move(0, 0);
      await screenshot(o, 'run');
    } finally {
      await close(o);
    }
  });

  // Regression: real run reports drew no fault bands and no per-controller panels (the README screenshot came from synthetic data).
  it('draws a real zone-outage run with its fault band, the autoscaler’s observed value beside the truth, and a brush that zooms every time chart', async () => {
    const PANEL = 'panel-autoscaler-observed-cpu-utilization-vs-truth';
    const { dir } = runToDirectory(loadExperimentFile('experiments/examples/zone-outage.yaml'), { out: join(ARTIFACTS, 'run-zone-outage'), force: true });
    // Wide enough that the panel's legend ("observed cpu_utilization") is not cut off in the README images.
    const o = await open(join(dir, 'report.html'), RUN_IMAGE_WIDTH);
    try {
      expectRendered(o, ['time-brush', 'load-vs-capacity', 'replicas', 'latency', 'panel-autoscaler-observed-cpu-utilization-vs-truth']);
      expect((await o.page.locator('#load-vs-capacity g.mark-text.role-mark text').allTextContents()).some((l) => l.startsWith('zone-outage zone-b'))).toBe(
        true,
      );
      const dot = o.page.locator(`#${PANEL} g.mark-symbol.role-mark path`).nth(130);
      await dot.hover({ force: true });
      await o.page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5000 });
      expect(await o.page.textContent('#vg-tooltip-element')).toMatch(/age \(s\).*reason.*cpu_utilization=/s);
      await o.page.mouse.move(0, 0);
      const ticks = () => o.page.locator('#latency g.role-axis-label text').allTextContents();
      expect(await ticks()).toContain('2:00');
      await o.page.evaluate('window.scrollTo(0, 0)');
      const strip = (await o.page.locator('#time-brush svg').boundingBox())!;
      await o.page.mouse.move(strip.x + 300, strip.y + 20);
      await o.page.mouse.down();
      await o.page.mouse.move(strip.x + 450, strip.y + 20, { steps: 5 });
      await o.page.mouse.up();
      await o.page.waitForTimeout(300);
      expect(await ticks()).not.toContain('2:00');
      await o.page.mouse.click(strip.x + 700, strip.y + 20);
      await o.page.waitForTimeout(300);
      expect(await ticks()).toContain('2:00');
      await screenshot(o, 'run-zone-outage', 'run-report-zone-outage.png', await pageThrough(o.page, `#${PANEL}`));
      // Zoomed to the outage: after scaling down, the autoscaler still sees the 30-second-old 0.40 and would scale down again; only its cooldown stops it.
      const from = await timeX(o.page, 'time-brush', '0:25');
      const to = await timeX(o.page, 'time-brush', '0:45');
      await o.page.mouse.move(from, strip.y + 20);
      await o.page.mouse.down();
      await o.page.mouse.move(to, strip.y + 20, { steps: 5 });
      await o.page.mouse.up();
      await o.page.waitForTimeout(300);
      expect(await o.page.locator(`#${PANEL} g.role-axis-label text`).allTextContents()).toContain('0:35');
      const panel = await sectionBox(o.page, `#${PANEL}`);
      await o.page.evaluate(`window.scrollTo(0, ${panel.y - 20})`);
      const dots = o.page.locator(`#${PANEL} g.mark-symbol.role-mark path`);
      let found = false;
      // From outside the chart each time: moving straight from one dot to the next does not always raise the tooltip.
      for (let i = 140; i < 155 && !found; i++) {
        const c = (await dots.nth(i).boundingBox())!;
        await o.page.mouse.move(0, 0);
        await o.page.mouse.move(c.x + c.width / 2, c.y + c.height / 2 + 1, { steps: 3 });
        await o.page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5000 });
        found = /would scale 15 → 9/.test((await o.page.textContent('#vg-tooltip-element')) ?? '');
      }
      expect(found).toBe(true);
      expect(await o.page.textContent('#vg-tooltip-element')).toMatch(
        /value0\.402age \(s\)30reasoncooldown: cpu_utilization=0\.402 \(30s old\) vs target 0\.7: would scale 15 → 9/,
      );
      const card = (await o.page
        .locator('section', { has: o.page.locator(`#${PANEL}`) })
        .last()
        .boundingBox())!;
      const tip = (await o.page.locator('#vg-tooltip-element').boundingBox())!;
      const top = Math.max(0, Math.min(card.y, tip.y) - 8);
      const bottom = Math.max(card.y + card.height, tip.y + tip.height) + 8;
      await viewportScreenshot(o, 'run-zone-outage-observed', 'run-report-observed-vs-true.png', {
        x: 0,
        y: top,
        width: o.page.viewportSize()!.width,
        height: bottom - top,
      });
    } finally {
      await close(o);
    }
  });

  it('draws a real registry-partition run with partition and eviction bands and the registry’s endpoints', async () => {
    const { dir } = runToDirectory(loadExperimentFile('experiments/examples/registry-partition.yaml'), {
      out: join(ARTIFACTS, 'run-registry-partition'),
      force: true,
    });
    const o = await open(join(dir, 'report.html'), RUN_IMAGE_WIDTH);
    try {
      expectRendered(o, [
        'time-brush',
        'load-vs-capacity',
        'replicas',
        'latency',
        'panel-autoscaler-observed-cpu-utilization-vs-truth',
        'panel-registry-endpoints',
      ]);
      const labels = await o.page.locator('#load-vs-capacity g.mark-text.role-mark text').allTextContents();
      // Band labels are cut to 160 px with an ellipsis, and how much fits depends on the machine's sans-serif
      // font (DejaVu Sans is wider than Liberation Sans): each label shows its start, the count included.
      for (const label of ['partition [registry] ↔ [lb]', 'partition [zone-a] ↔ [registry]', 'registry evicted 3 live instance(s)']) {
        expect(labels, label).toContainEqual(shownAs(label));
      }
      await o.page.evaluate('window.scrollTo(0, 0)');
      await screenshot(o, 'run-registry-partition', 'run-report-registry-partition.png', await pageThrough(o.page, '#panel-registry-endpoints'));
    } finally {
      await close(o);
    }
  });

  it('renders a 1,000-run sweep report with the trade-off scatter and heatmaps', async () => {
    const o = await open(write('sweep.html', sweepReportHtml(syntheticSweep())));
    try {
      expectRendered(o, ['tradeoff', 'pick', 'heatmaps']);
      expect(await o.page.locator('tr.hl').count()).toBe(1);
      await screenshot(o, 'sweep', 'sweep-report.png');
    } finally {
      await close(o);
    }
  });

  it('renders a sweep report with small multiples per scenario and a hostile name as text', async () => {
    const o = await open(write('sweep-scenarios.html', sweepReportHtml(syntheticSweep({ points: 24, seeds: 10, scenarios: ['flash-crowd', XSS], name: XSS }))));
    try {
      expectRendered(o, ['tradeoff', 'heatmaps']);
      expect(await o.page.title()).toBe(`ctrlsim sweep: ${XSS}`);
      await screenshot(o, 'sweep-scenarios');
    } finally {
      await close(o);
    }
  });

  it('opens a 10,000-run sweep report in seconds', async () => {
    const o = await open(write('sweep-10k.html', sweepReportHtml(syntheticSweep({ points: 500, seeds: 20 }))));
    try {
      expectRendered(o, ['tradeoff', 'pick', 'heatmaps']);
      expect(o.ms).toBeLessThan(10_000);
      await screenshot(o, 'sweep-10k');
    } finally {
      await close(o);
    }
  });

  it('renders a comparison of two runs and two sweeps side by side', async () => {
    const before = syntheticRun('before');
    const afterBase = syntheticRun('after');
    const after: RunReportData = {
      ...afterBase,
      timeseries: afterBase.timeseries.map((r) => ({ ...r, desired: Number(r['desired']) + 2, capacity_rps: Number(r['capacity_rps']) + 200 })),
      summary: { ...afterBase.summary, flaps_per_hour: 1.5, instance_hours: 24.1 },
    };
    const html = compareReportHtml([
      { kind: 'run', label: 'before', run: before },
      { kind: 'run', label: 'after', run: after },
      { kind: 'sweep', label: 'cooldown sweep', sweep: syntheticSweep({ points: 30, seeds: 10 }) },
      { kind: 'sweep', label: 'wider sweep', sweep: syntheticSweep({ points: 60, seeds: 5, name: 'wider' }) },
    ]);
    const o = await open(write('compare.html', html));
    try {
      expectRendered(o, ['compare-summary', 'compare-replicas', 'compare-load', 'compare-latency', 'compare-frontiers']);
      await screenshot(o, 'compare', 'compare-report.png');
    } finally {
      await close(o);
    }
  });
});
