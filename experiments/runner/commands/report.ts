/** `ctrlsim report`: rebuild a run's or sweep's report in place, or compare several directories on one page. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../schema/config-error.js';
import { defineCommand, guard, print } from './command.js';

/**
 * `ctrlsim report`: one run or sweep directory gets its report.html (and
 * chart specs) rebuilt in place; several directories get a comparison page.
 */
async function rebuildReport(argv: { dirs: string[]; out?: string | undefined; force: boolean; svg: boolean }): Promise<void> {
  const [{ reportFromDirs }, { writeFileAtomic }] = await Promise.all([import('../from-dirs.js'), import('../../sweep/atomic-file.js')]);
  if (argv.svg && (argv.dirs.length !== 1 || argv.out !== undefined))
    throw new ConfigError(
      '--svg',
      'one directory and no --out (the SVGs go beside its report)',
      `${argv.dirs.length} director${argv.dirs.length === 1 ? 'y' : 'ies'}${argv.out !== undefined ? ' and --out' : ''}`,
    );
  for (const dir of argv.dirs) await requireRunReport(dir);
  const report = reportFromDirs(argv.dirs);
  if (argv.dirs.length === 1 && argv.out === undefined) {
    const dir = argv.dirs[0]!;
    for (const [id, spec] of Object.entries(report.specs)) writeFileAtomic(join(dir, `${id}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    writeFileAtomic(join(dir, 'report.html'), report.html);
    const svgs = argv.svg ? await (await import('../../../reports/svg.js')).writeSvgFiles(dir, report.specs) : [];
    print(`wrote ${join(dir, 'report.html')} (${report.kind} report)${svgs.length ? ` and ${svgs.join(', ')}` : ''}`);
    return;
  }
  const out = argv.out ?? 'compare.html';
  if (existsSync(out) && !argv.force)
    throw new ConfigError('--out', 'a file that does not exist yet (or pass --force to replace it)', `${JSON.stringify(out)} (exists)`);
  writeFileAtomic(out, report.html);
  print(`wrote ${out} (${report.kind} report of ${argv.dirs.length} director${argv.dirs.length === 1 ? 'y' : 'ies'})`);
}
/**
 * Refuses a run directory whose scenario kind draws no report page (the
 * kind of the config its manifest records), before its files are mistaken
 * for a sweep's. Anything else (a sweep, a missing or unreadable manifest)
 * is left to the report's own checks.
 */
async function requireRunReport(dir: string): Promise<void> {
  let manifest: { fingerprint?: unknown; config?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return;
  }
  // A run's manifest pins a fingerprint; a sweep's does not.
  if (typeof manifest?.fingerprint !== 'string') return;
  const kind = (await import('../../scenario/registry.js')).scenarioKindOf(manifest.config);
  if (!kind.runReport)
    throw new ConfigError(
      dir,
      'a run directory with a report, or a sweep directory',
      `a ${kind.name} run directory (its CSVs and manifest.json are its whole output)`,
    );
}

/** The `report` command as yargs takes it: arguments, options, examples and handler. */
export const reportCommand = defineCommand({
  command: 'report <dirs...>',
  describe: 'Rebuild the report of a run or sweep directory, or compare several directories on one page',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Run or sweep directories' })
      .option('out', { type: 'string', describe: 'HTML file to write (default: <dir>/report.html for one directory, compare.html for several)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing --out file' })
      .option('svg', { type: 'boolean', default: false, describe: 'With one directory: also render each chart to <dir>/<chart>.svg' })
      .example('$0 report out/step-load', 'Rebuild out/step-load/report.html from its CSVs')
      .example('$0 report out/hpa', "Rebuild a sweep's report.html")
      .example('$0 report out/target-0.5 out/target-0.7 --out compare.html', 'Compare two runs (or sweeps) side by side'),
  handler: (argv) => guard(() => rebuildReport(argv)),
});
