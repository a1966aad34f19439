import { writeFileSync } from 'node:fs';
import type { Micros } from '../lib/time.js';
import type { Cell, Section } from './html.js';
import { renderPage } from './html.js';

/** A fault as the report draws it. */
interface ReportFault {
  /** Fault kind. */
  readonly kind: string;
  /** Start (µs). */
  readonly at: Micros;
  /** Duration (µs). */
  readonly duration: Micros;
  /** What it hit. */
  readonly target: string;
  /** Severity in (0, 1]. */
  readonly severity: number;
}

/** What the explore report shows. */
export interface ExploreReportData {
  /** Name of the explored file's run (user text). */
  readonly name: string;
  /** Target family. */
  readonly family: string;
  /** Explore seed. */
  readonly seed: number;
  /** Runs played. */
  readonly runs: number;
  /** Runs with at least one violation. */
  readonly failingRuns: number;
  /** The bounds, shown as written. */
  readonly bounds: {
    readonly kinds: readonly string[];
    readonly maxFaults: number;
    readonly startMin: Micros;
    readonly startMax: Micros;
    readonly durationMin: Micros;
    readonly durationMax: Micros;
  };
  /** Violating runs by fault kind present in the schedule and property violated. */
  readonly counts: ReadonlyArray<{ readonly kind: string; readonly property: string; readonly runs: number }>;
  /** Seconds from the latest fault start to each violation (null: no fault before it). */
  readonly delays: ReadonlyArray<{ readonly property: string; readonly run: number; readonly seconds: number | null }>;
  /** Each distinct violation, shrunk. */
  readonly findings: ReadonlyArray<{
    readonly property: string;
    readonly kind: string;
    readonly runs: number;
    readonly firstRun: number;
    readonly steps: number;
    readonly before: { readonly faults: number; readonly faultSeconds: number; readonly horizonSeconds: number };
    readonly after: { readonly faults: number; readonly faultSeconds: number; readonly horizonSeconds: number };
    readonly violationAt: Micros;
    readonly faults: readonly ReportFault[];
    readonly explanation: string;
  }>;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const s = (t: Micros): number => t / 1_000_000;

/** The Vega-Lite specs of the explore report, by chart id (only charts with data). */
export function exploreReportSpecs(d: ExploreReportData): Record<string, unknown> {
  const specs: Record<string, unknown> = {};
  if (d.counts.length > 0) {
    specs['kinds-by-property'] = {
      $schema: SCHEMA,
      description: 'violating runs by fault kind and property',
      datasets: { counts: d.counts.map((c) => ({ ...c })) },
      data: { name: 'counts' },
      width: { step: 70 },
      height: { step: 28 },
      layer: [
        {
          mark: 'rect',
          encoding: {
            x: { field: 'property', type: 'nominal', title: 'property' },
            y: { field: 'kind', type: 'nominal', title: 'fault kind in the schedule' },
            color: { field: 'runs', type: 'quantitative', title: 'violating runs', scale: { scheme: 'reds' } },
            tooltip: [{ field: 'kind' }, { field: 'property' }, { field: 'runs' }],
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: { x: { field: 'property', type: 'nominal' }, y: { field: 'kind', type: 'nominal' }, text: { field: 'runs', type: 'quantitative' } },
        },
      ],
    };
  }
  const delays = d.delays.filter((x) => x.seconds !== null);
  if (delays.length > 0) {
    specs['fault-to-violation'] = {
      $schema: SCHEMA,
      description: 'seconds from the latest fault start to the violation',
      datasets: { delays: delays.map((x) => ({ ...x })) },
      data: { name: 'delays' },
      width: 700,
      height: 180,
      mark: 'bar',
      encoding: {
        x: { field: 'seconds', type: 'quantitative', bin: { maxbins: 40 }, title: 'seconds from the latest fault start to the violation' },
        y: { aggregate: 'count', type: 'quantitative', title: 'violations' },
        color: { field: 'property', type: 'nominal' },
        tooltip: [{ field: 'property' }, { aggregate: 'count', title: 'violations' }],
      },
    };
  }
  if (d.findings.length > 0) {
    const bars = d.findings.flatMap((f) =>
      f.faults.map((x, i) => ({
        lane: `${f.property} · ${i + 1}. ${x.kind} ${x.target}`,
        property: f.property,
        kind: x.kind,
        start_s: s(x.at),
        end_s: s(x.at + Math.max(x.duration, 1_000_000)),
        severity: x.severity,
      })),
    );
    const marks = d.findings.map((f) => ({ lane: `${f.property} · violation`, property: f.property, at_s: s(f.violationAt), explanation: f.explanation }));
    const lanes = [...bars.map((b) => b.lane), ...marks.map((m) => m.lane)];
    specs['shrunk-timelines'] = {
      $schema: SCHEMA,
      description: 'shrunk fault schedules as Gantt rows, with the violation',
      datasets: { bars, marks },
      width: 700,
      height: { step: 22 },
      layer: [
        {
          data: { name: 'bars' },
          mark: { type: 'bar', cornerRadius: 2 },
          encoding: {
            y: { field: 'lane', type: 'nominal', sort: lanes, title: null },
            x: { field: 'start_s', type: 'quantitative', title: 'virtual time (s)' },
            x2: { field: 'end_s' },
            color: { field: 'kind', type: 'nominal', title: 'fault kind' },
            tooltip: [{ field: 'lane' }, { field: 'start_s' }, { field: 'end_s' }, { field: 'severity' }],
          },
        },
        {
          data: { name: 'marks' },
          mark: { type: 'point', shape: 'diamond', size: 140, color: '#b00020', filled: true },
          encoding: {
            y: { field: 'lane', type: 'nominal', sort: lanes },
            x: { field: 'at_s', type: 'quantitative' },
            tooltip: [{ field: 'property' }, { field: 'at_s', title: 'violated at (s)' }, { field: 'explanation' }],
          },
        },
      ],
    };
  }
  return specs;
}

/** The explore report page. */
export function exploreReportHtml(d: ExploreReportData): string {
  const specs = exploreReportSpecs(d);
  const b = d.bounds;
  const sections: Section[] = [
    {
      kind: 'stats',
      title: 'exploration',
      stats: [
        { label: 'runs', value: String(d.runs) },
        { label: 'runs with a violation', value: String(d.failingRuns) },
        { label: 'distinct violations', value: String(d.findings.length), hint: 'one per property' },
      ],
    },
    {
      kind: 'text',
      title: 'fault bounds',
      text: `kinds: ${b.kinds.join(', ')}; up to ${b.maxFaults} faults a run, each run enabling a random subset of the kinds; starts in [${s(b.startMin)}s, ${s(b.startMax)}s]; durations in [${s(b.durationMin)}s, ${s(b.durationMax)}s]; explore seed ${d.seed}.`,
    },
  ];
  if (d.findings.length === 0) sections.push({ kind: 'text', title: 'findings', text: `No property was violated in ${d.runs} runs within these bounds.` });
  else {
    const rows: Cell[][] = d.findings.map((f) => [
      f.property,
      f.kind,
      f.runs,
      f.firstRun,
      `${f.before.faults} → ${f.after.faults}`,
      `${f.before.faultSeconds} → ${f.after.faultSeconds}`,
      `${f.before.horizonSeconds} → ${f.after.horizonSeconds}`,
      f.steps,
      s(f.violationAt),
    ]);
    sections.push({
      kind: 'table',
      title: 'distinct violations, shrunk',
      note: 'Each reproducer is failures/<property>.yaml; `ctrlsim run` on it exits 1 naming the property.',
      columns: ['property', 'kind', 'violating runs', 'first run', 'faults', 'fault-seconds', 'horizon (s)', 'shrink steps', 'violated at (s)'],
      rows,
    });
  }
  if (specs['kinds-by-property'])
    sections.push({
      kind: 'chart',
      id: 'kinds-by-property',
      title: 'fault kinds × properties',
      note: 'Violating runs whose schedule had each fault kind. Swarm testing enables a random subset of kinds per run, so a kind that is never present when a property fails is unlikely to be needed for it.',
    });
  if (specs['fault-to-violation'])
    sections.push({
      kind: 'chart',
      id: 'fault-to-violation',
      title: 'time from fault to violation',
      note: 'Seconds from the latest fault that had started to the violation.',
    });
  if (specs['shrunk-timelines'])
    sections.push({
      kind: 'chart',
      id: 'shrunk-timelines',
      title: 'shrunk schedules',
      note: 'Each distinct violation’s minimal schedule: one bar per fault (start to heal), the diamond when the property failed.',
    });
  return renderPage({ title: `explore: ${d.name}`, subtitle: `${d.family}, ${d.runs} random fault schedules, explore seed ${d.seed}`, sections, specs });
}

/** Writes the explore report. */
export function writeExploreReport(file: string, d: ExploreReportData): void {
  writeFileSync(file, exploreReportHtml(d));
}
