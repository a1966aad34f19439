/**
 * What every `ctrlsim` command shares: its exit codes, how it prints, how an
 * error it throws reaches the user, and the shape yargs takes it in.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { BudgetExceededError, InvariantViolation } from '../../../sim/engine/errors.js';
import { ControllerCrash } from '../../../sim/controller-crash.js';
import { ConfigError } from '../../schema/config-error.js';
import { MergeConflict, SweepRunFailed } from '../../sweep/errors.js';
import { RUN_FAILURE_NAMES } from '../../output/run-failures.js';
import { describeControllerCrash } from '../controller-crash-report.js';
import { fileSystemError } from '../fs-errors.js';

/** Exit codes: 0 ok, 1 a run failed (an invariant, a budget, a mismatch), 2 bad input. */
export const EXIT = { ok: 0, runFailed: 1, badInput: 2 } as const;

/** Prints one line on stdout. */
export function print(line: string): void {
  process.stdout.write(line + '\n');
}

/** Prints an error the way users should see it: one line, no stack trace, the right exit code. */
function reportError(e: unknown): number {
  if (e instanceof ConfigError) {
    process.stderr.write(`ctrlsim: error: ${e.message}\n`);
    return EXIT.badInput;
  }
  if (e instanceof ControllerCrash) {
    process.stderr.write(describeControllerCrash(e, process.argv.slice(2)));
    return EXIT.runFailed;
  }
  if (e instanceof BudgetExceededError || e instanceof InvariantViolation || e instanceof SweepRunFailed || e instanceof MergeConflict) {
    process.stderr.write(`ctrlsim: run failed: ${e.message}\n`);
    return EXIT.runFailed;
  }
  if (e instanceof Error && (RUN_FAILURE_NAMES.has(e.name) || e.name === 'BudgetExceededError' || e.name === 'InvariantViolation')) {
    process.stderr.write(`ctrlsim: run failed: ${e.message}\n`);
    return EXIT.runFailed;
  }
  const fs = fileSystemError(e);
  if (fs) {
    process.stderr.write(`ctrlsim: error: ${fs.message}\n`);
    return fs.exit;
  }
  const err = e as Error;
  process.stderr.write(`ctrlsim: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env['CTRLSIM_DEBUG']) process.stderr.write(`${err?.stack ?? ''}\n`);
  return EXIT.runFailed;
}

/** Runs a command and sets the exit code: its own, 0 when it returns none, or that of the error it threw (printed as one line). */
export async function guard(fn: () => number | void | Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await fn()) ?? EXIT.ok;
  } catch (e) {
    process.exitCode = reportError(e);
  }
}

/** A directory name made from a run or sweep name (the default under out/). */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** A command as yargs takes it, its handler's arguments typed by its builder. */
export function defineCommand<U>(command: {
  readonly command: string;
  readonly describe: string;
  readonly builder: (y: Argv) => Argv<U>;
  readonly handler: (argv: ArgumentsCamelCase<U>) => Promise<void>;
  // biome-ignore lint/complexity/noBannedTypes: yargs spells "no options inherited from the parent command" as {}
}): CommandModule<{}, U> {
  return command;
}
