import { beforeAll, describe, expect, it } from 'vitest';
import { cliMany } from './cli-helpers.js';

const COMMANDS = ['run', 'sweep', 'merge', 'recommend', 'report', 'validate', 'replay', 'list', 'init', 'schema', 'live', 'calibrate'];

describe('ctrlsim --help', () => {
  let top: { status: number | null; stdout: string };
  const byCommand = new Map<string, { status: number | null; stdout: string }>();

  beforeAll(async () => {
    const out = await cliMany([['--help'], ...COMMANDS.map((c) => [c, '--help'])]);
    top = out[0]!;
    COMMANDS.forEach((c, i) => byCommand.set(c, out[i + 1]!));
  });

  it('lists every command', () => {
    expect(top.status).toBe(0);
    for (const c of COMMANDS) expect(top.stdout).toMatch(new RegExp(`^ {2}ctrlsim ${c}\\b`, 'm'));
  });

  it.each(COMMANDS)('shows examples for %s', (c) => {
    const r = byCommand.get(c)!;
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Examples:\n {2}ctrlsim /m);
  });
});
