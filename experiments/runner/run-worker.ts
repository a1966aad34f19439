import { rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startWorker } from './worker-thread.js';
import { ControllerCrash } from '../../sim/controller-crash.js';
import { ConfigError } from '../schema/config-error.js';
import type { CostLimits } from './cost.js';
import type { PropertyViolation } from '../../sim/properties/property.js';
import type { RunOutcome } from './run-experiment.js';

/** What the CLI's `run` hands the worker: everything needed to load and run the file again there. */
export interface RunJob {
  /** The experiment file. */
  readonly file: string;
  /** Output directory. */
  readonly out: string;
  /** Replace ctrlsim output there. */
  readonly force: boolean;
  /** The seed. */
  readonly seed: number;
  /** Budgets. */
  readonly limits: CostLimits;
  /** Show progress on stderr (decided by the CLI, which sees whether stderr is a terminal). */
  readonly progress: boolean;
}

/** A finished run: where it was written, its outcome, and the properties it violated. */
export interface RunResult {
  readonly dir: string;
  readonly outcome: RunOutcome;
  readonly violations: readonly PropertyViolation[];
}

/** An error as it crosses from the worker: enough to rebuild what the CLI reports. */
interface SentError {
  readonly name: string;
  readonly message: string;
  readonly config?: { path: string; expected: string; received: string; hint?: string; where?: string };
  readonly code?: string;
  readonly syscall?: string;
  readonly path?: string;
  /** A controller crash: who, when, which seed, and what it threw (message and the controller's stack). */
  readonly crash?: { controller: string; at: number; seed: string; message: string; stack?: string };
}

type Reply = { readonly ok: RunResult } | { readonly error: SentError };

/**
 * Runs an experiment to its directory on a worker thread, so the main thread
 * stays free to handle SIGINT and SIGTERM: on either, the worker is stopped
 * mid-run, its staging directory and lock are removed, and the process exits
 * with 130 or 143. (A run is one synchronous computation; on the main thread
 * no signal handler could run until it ended.)
 */
export function runInWorker(job: RunJob): Promise<RunResult> {
  const worker = startWorker(new URL(import.meta.url), { workerData: job });
  const abs = resolve(job.out);
  const staging = join(dirname(abs), `.${basename(abs)}.staging-${process.pid}`);
  const lock = join(dirname(abs), `.${basename(abs)}.lock`);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    void worker.terminate().finally(() => {
      rmSync(staging, { recursive: true, force: true });
      rmSync(lock, { force: true });
      process.stderr.write(`\nctrlsim: interrupted (${signal}); nothing written to ${job.out}\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return new Promise((resolvePromise, reject) => {
    worker.once('message', (reply: Reply) => {
      if ('ok' in reply) resolvePromise(reply.ok);
      else reject(rebuild(reply.error));
    });
    worker.once('error', reject);
    worker.once('exit', () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Once interrupted, the signal handler exits the process; the run has no result to report.
      if (!interrupted) reject(new Error('the run worker exited without a result'));
    });
  });
}

function rebuild(e: SentError): Error {
  if (e.crash) {
    const cause = new Error(e.crash.message);
    cause.stack = e.crash.stack ?? '';
    return new ControllerCrash(e.crash.controller, e.crash.at, e.crash.seed, cause);
  }
  if (e.config) return new ConfigError(e.config.path, e.config.expected, e.config.received, e.config.hint, e.config.where);
  const err = new Error(e.message) as Error & { code?: string; syscall?: string; path?: string };
  Object.defineProperty(err, 'name', { value: e.name });
  if (e.code !== undefined) err.code = e.code;
  if (e.syscall !== undefined) err.syscall = e.syscall;
  if (e.path !== undefined) err.path = e.path;
  return err;
}

function send(e: unknown): SentError {
  if (e instanceof ConfigError) {
    return {
      name: e.name,
      message: e.message,
      config: {
        path: e.path,
        expected: e.expected,
        received: e.received,
        ...(e.hint !== undefined ? { hint: e.hint } : {}),
        ...(e.where !== undefined ? { where: e.where } : {}),
      },
    };
  }
  if (e instanceof ControllerCrash) {
    const cause = e.cause instanceof Error ? e.cause : undefined;
    return {
      name: e.name,
      message: e.message,
      crash: {
        controller: e.controller,
        at: e.at,
        seed: e.seed,
        message: cause?.message ?? String(e.cause),
        ...(cause?.stack !== undefined ? { stack: cause.stack } : {}),
      },
    };
  }
  const err = e as NodeJS.ErrnoException;
  return {
    name: err?.name ?? 'Error',
    message: err?.message ?? String(e),
    ...(typeof err?.code === 'string' ? { code: err.code } : {}),
    ...(typeof err?.syscall === 'string' ? { syscall: err.syscall } : {}),
    ...(typeof err?.path === 'string' ? { path: err.path } : {}),
  };
}

async function work(job: RunJob): Promise<Reply> {
  try {
    const [{ loadExperimentFile }, { loadControllerModules }, { runToDirectory }, { experimentChecks }, { RunProgress }] = await Promise.all([
      import('../config/load.js'),
      import('./controller-factory.js'),
      import('./write-run.js'),
      import('./property-checks.js'),
      import('./run-progress.js'),
    ]);
    const loaded = loadExperimentFile(job.file);
    const modules = await loadControllerModules(loaded.experiment, job.file);
    // Property checks and progress watch the rows as they stream, so they live where the run runs.
    const checks = await experimentChecks(loaded.experiment, job.file, job.seed);
    const progress = job.progress ? new RunProgress(process.stderr, loaded.experiment.name, loaded.experiment.horizon) : undefined;
    const { dir, outcome } = runToDirectory(loaded, {
      out: job.out,
      force: job.force,
      seed: job.seed,
      modules,
      limits: job.limits,
      observer: checks.observer,
      ...(progress ? { progress } : {}),
    });
    return { ok: { dir, outcome, violations: checks.violations(outcome) } };
  } catch (e) {
    return { error: send(e) };
  }
}

if (!isMainThread && parentPort && (workerData as RunJob | undefined)?.file !== undefined) {
  const port = parentPort;
  void work(workerData as RunJob).then((reply) => port.postMessage(reply));
}
