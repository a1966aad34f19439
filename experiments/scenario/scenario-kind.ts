/**
 * One pipeline: what every command asks of a scenario file, whatever its
 * kind. An experiment (services and controllers) and a study (a scripted
 * coordination scenario) each implement `ScenarioKind` once; `run`,
 * `validate`, `sweep`, `replay`, `report` and the golden check go through it
 * and never ask which kind they hold. `registry.ts` picks the kind of a
 * document.
 */
import type { Divergence } from '../../sim/engine/fingerprint.js';
import type { CostLimits, RunCost } from '../runner/cost.js';
import type { Golden } from '../runner/golden.js';
import type { PointValues } from '../sweep/design.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { RunnerSpec } from '../sweep/point-runner.js';
import type { RunRecord } from '../sweep/run-store.js';

/** A scenario document as read: where it came from, its text and what it parsed to. */
export interface ScenarioSource {
  /** The file it came from (bring-your-own modules and traces resolve against it; errors are located in it). */
  readonly file: string;
  /** The document as written (for a manifest, or a sweep's knob paths). */
  readonly raw: unknown;
  /** The file's text, to locate errors found after parsing; absent when the document came from elsewhere (a sweep directory's config). */
  readonly text?: string;
}

/** A property a run broke: which, of what kind, when (virtual µs) and why. */
export interface ScenarioViolation {
  /** The property's name. */
  readonly property: string;
  /** Safety, liveness or budget. */
  readonly kind: string;
  /** Virtual time of the violation, µs. */
  readonly at: number;
  /** One sentence on what happened. */
  readonly explanation: string;
}

/** How `Scenario.run` runs. */
export interface ScenarioRunOptions {
  /** The seed (the command's `--seed`, else the file's). */
  readonly seed: number;
  /** Event and output budgets. */
  readonly limits: CostLimits;
  /** Where to write the run directory; absent, the run is checked in memory and nothing is written (a golden check without `--out`). */
  readonly write?: {
    /** Output directory. */
    readonly out: string;
    /** Replace ctrlsim output there. */
    readonly force: boolean;
    /** Also render the charts to SVG, for a kind that draws charts. */
    readonly svg: boolean;
    /** Progress on stderr, for a kind that reports it. */
    readonly progress: boolean;
  };
}

/** What one run gave, as a command needs it. */
export interface ScenarioRun {
  /** What the command prints about the run, line by line (what ran, its metrics, what was written); none when nothing was written. */
  readonly lines: readonly string[];
  /** What a golden file pins of the run: name, seed, fingerprint, events and metrics. */
  readonly golden: Golden;
  /** The properties the run broke, first first. */
  readonly violations: readonly ScenarioViolation[];
}

/** Result of replaying a run directory. */
export interface ReplayResult {
  /** Fingerprint pinned in the manifest. */
  readonly expected: string;
  /** Fingerprint of the rerun. */
  readonly actual: string;
  /** Whether the fingerprints agree. */
  readonly matches: boolean;
  /** Where the traces first differ, when they do and the run kept checkpoints (a study run keeps none). */
  readonly divergence?: Divergence;
}

/** The manifest fields every run directory has, which a replay reads. */
export interface ReplayManifest {
  /** The document as written. */
  readonly config: unknown;
  /** The seed of the run. */
  readonly seed: number;
  /** The fingerprint the run pinned. */
  readonly fingerprint: string;
}

/** Runs one sweep point with a seed and returns its record. */
export type PointRun = (seed: number) => RunRecord;

/** A scenario file validated: everything a command does with it. */
export interface Scenario {
  /** The kind it is. */
  readonly kind: ScenarioKind;
  /** Where it came from. */
  readonly source: ScenarioSource;
  /** The run's name (the default output directory is out/<name>). */
  readonly name: string;
  /** The file's seed. */
  readonly seed: number;
  /** Whether the document has a sweep section. */
  readonly hasSweep: boolean;
  /** Estimates one run's cost and refuses it past `limits` before anything runs (a `ConfigError`, located in the file, exit 2). */
  checkCost(limits: CostLimits): RunCost;
  /** Loads what the document names outside itself (bring-your-own controller modules), so a bad path is bad input before any run. */
  loadModules(): Promise<void>;
  /** Expands and checks the sweep section (with `limits`, each point's cost too). Throws `ConfigError` when there is none or a point is invalid. */
  planSweep(limits?: CostLimits): SweepPlan;
  /** What `validate` says of it after `<file>: ok (`: its shape, `sweep` (", sweep of …" or ""), and the estimated cost. */
  describe(cost: RunCost, sweep: string): string;
  /** Runs it once: to a run directory (summary.csv, its rows or time series, manifest.json with the fingerprint), or in memory. */
  run(options: ScenarioRunOptions): Promise<ScenarioRun>;
}

/** A kind of scenario file: how to validate one, replay its runs and run its sweep points. */
export interface ScenarioKind {
  /** The kind's name ("experiment", "study"). */
  readonly name: string;
  /** Whether its run directories have a report page that `ctrlsim report` can rebuild (a study run's CSVs and manifest are its whole output). */
  readonly runReport: boolean;
  /** Validates a parsed document of this kind; a `ConfigError` names the field, led by `file:line:col` when the text is known. */
  load(source: ScenarioSource): Scenario;
  /** Reruns a run directory (already verified) from its manifest and compares fingerprints. */
  replay(manifest: ReplayManifest): Promise<ReplayResult>;
  /**
   * Prepares to run a sweep's points (loading bring-your-own modules once):
   * returns, for a point's index and knob values, the function that runs it
   * with a seed. A point is validated once and reused for its seeds.
   */
  sweepPoints(spec: RunnerSpec): Promise<(point: number, values: PointValues) => PointRun>;
}
