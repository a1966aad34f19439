/**
 * The headless Chromium that browser tests drive through playwright-core.
 *
 * The browser comes from the lockfile: `@sparticuz/chromium` ships a Chromium
 * binary inside its npm package (decompressed to the temp folder on first
 * use), so `npm install && npm test` needs no system browser and nothing
 * downloaded at install time. `CTRLSIM_CHROMIUM=/path/to/chromium` picks
 * another binary; if the bundled one cannot be unpacked, Debian's
 * `/usr/bin/chromium` is the fallback.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium, used when the bundled binary is unavailable. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags every launch uses: no sandbox (tests run as root in CI), no GPU, no background traffic on a closed network. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the browser binary is and where it came from, or why none was found. */
export interface BrowserBinary {
  readonly path: string;
  readonly source: 'CTRLSIM_CHROMIUM' | '@sparticuz/chromium' | 'system';
}

/** Finds a Chromium binary: the environment override, then the lockfile's, then the system's. Throws with what was tried. */
export async function findChromium(): Promise<BrowserBinary> {
  const override = process.env['CTRLSIM_CHROMIUM'];
  if (override) {
    if (!existsSync(override)) throw new Error(`CTRLSIM_CHROMIUM=${override} does not exist`);
    return { path: override, source: 'CTRLSIM_CHROMIUM' };
  }
  let bundledError = '';
  try {
    const bundled = (await import('@sparticuz/chromium')).default;
    return { path: await bundled.executablePath(), source: '@sparticuz/chromium' };
  } catch (e) {
    bundledError = (e as Error).message;
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  throw new Error(
    `no Chromium for the browser tests: @sparticuz/chromium failed (${bundledError}) and ${SYSTEM_CHROMIUM} does not exist; run npm install, or set CTRLSIM_CHROMIUM`,
  );
}

/** Launches headless Chromium for a test file. */
export async function launchChromium(): Promise<Browser> {
  const binary = await findChromium();
  return chromium.launch({ executablePath: binary.path, args: ARGS });
}
