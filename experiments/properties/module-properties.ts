import { existsSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunProperty } from '../../sim/properties/property.js';
import { PROPERTY_KINDS } from '../../sim/properties/property.js';
import type { Experiment } from '../config/experiment-schema.js';
import { ConfigError } from '../schema/config-error.js';

/** Properties each module controller exports, by controller name. */
export type ModuleProperties = ReadonlyMap<string, readonly RunProperty[]>;

/** What a module may export as `properties`: a list, or a function of the controller's options and context that returns one. */
type Exported = readonly RunProperty[] | ((options: Record<string, unknown>, context: { name: string; service: string }) => readonly RunProperty[]);

function isProperty(p: unknown): p is RunProperty {
  const o = p as Partial<RunProperty> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.name === 'string' &&
    typeof o.description === 'string' &&
    (PROPERTY_KINDS as readonly string[]).includes(String(o.kind))
  );
}

/**
 * Reads the `properties` export of every enabled `kind: module` controller
 * (a list of `RunProperty`, or a function `(options, context) => RunProperty[]`),
 * resolved relative to the experiment file as the controller factory is.
 * Modules without the export contribute none. A malformed export is a
 * `ConfigError` naming the controller's `module` field.
 */
export async function loadModuleProperties(exp: Experiment, experimentFile: string): Promise<ModuleProperties> {
  const out = new Map<string, readonly RunProperty[]>();
  for (const [name, spec] of Object.entries(exp.controllers)) {
    if (spec.kind !== 'module' || !spec.enabled) continue;
    const file = resolve(dirname(experimentFile), spec.module);
    if (!existsSync(file)) continue; // loadControllerModules reports it
    let mod: { properties?: unknown; default?: { properties?: unknown } };
    if (['.ts', '.mts', '.cts'].includes(extname(file))) {
      const { tsImport } = await import('tsx/esm/api');
      mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as typeof mod;
    } else {
      mod = (await import(pathToFileURL(file).href)) as typeof mod;
    }
    // A .ts file outside an ESM package is compiled as CommonJS, which nests named exports under default.
    const exported = (mod.properties ?? mod.default?.properties) as Exported | undefined;
    if (exported === undefined) continue;
    const list = typeof exported === 'function' ? exported(spec.options, { name, service: spec.service }) : exported;
    if (!Array.isArray(list) || !list.every(isProperty)) {
      throw new ConfigError(
        `controllers.${name}.module`,
        'a module whose `properties` export is a list of { name, kind, description, onSample?, onEvent?, finish? } (or a function returning one)',
        JSON.stringify(spec.module),
      );
    }
    out.set(name, list);
  }
  return out;
}
