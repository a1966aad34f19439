import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

function findPackage(): { root: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ctrlsim' && pkg.version) return (cached = { root: dir, version: pkg.version });
    } catch {
      // not here; keep walking up
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find ctrlsim package.json above ' + fileURLToPath(import.meta.url));
}

/** ctrlsim's version, from the package.json above this module (works from source and from dist/). */
export function ctrlsimVersion(): string {
  return findPackage().version;
}

/** The installed package's root directory (holds experiments/ with the built-in experiments). */
export function packageRoot(): string {
  return findPackage().root;
}
