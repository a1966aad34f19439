import type { ControllerCrash } from '../../sim/controller-crash.js';

/**
 * What a user sees when their controller throws: the one-line message
 * (controller, virtual time, seed), the stack of the controller's own code
 * (frames up to the loop that called `reconcile`), and the command that
 * replays the run to the failure.
 */
export function describeControllerCrash(e: ControllerCrash, args: readonly string[]): string {
  const lines = [`ctrlsim: run failed: ${e.message}`];
  const stack = e.cause instanceof Error ? e.cause.stack : undefined;
  if (stack) {
    const frames = stack.split('\n').filter((l) => /^\s+at /.test(l));
    const end = frames.findIndex((l) => /controllers[/\\]port[/\\]loop\.[jt]s/.test(l));
    const own = end >= 0 ? frames.slice(0, end) : frames;
    if (own.length > 0) lines.push('controller stack:', ...own);
  }
  lines.push(`reproduce: ${reproduceCommand(args, e.seed)}`);
  return lines.join('\n') + '\n';
}

/** The command line that was run, with `--seed` pinned to the failing run's seed. */
function reproduceCommand(args: readonly string[], seed: string): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--seed') {
      i++;
      continue;
    }
    if (a.startsWith('--seed=')) continue;
    kept.push(a);
  }
  return ['ctrlsim', ...kept, '--seed', seed].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
