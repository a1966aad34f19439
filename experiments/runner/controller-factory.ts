import { existsSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HpaController } from '../../controllers/autoscalers/hpa-controller.js';
import { StepScalingAutoscaler } from '../../controllers/autoscalers/step-scaling.js';
import { TargetUtilizationAutoscaler } from '../../controllers/autoscalers/target-utilization.js';
import type { HpaBehavior } from '../../lib/hpa/behavior.js';
import { PRODUCTION_HPA_CONFIG } from '../../lib/hpa/controller-config.js';
import type { ActionPolicies } from '../../controllers/governed/governed-controller.js';
import { GovernedController } from '../../controllers/governed/governed-controller.js';
import type { ActionGovernor } from '../../lib/policies/action-governor.js';
import { ALLOW } from '../../lib/policies/action-governor.js';
import { AllOfGovernor } from '../../lib/policies/all-of-governor.js';
import { SelfHealingController } from '../../controllers/self-healing/self-healing-controller.js';
import { CooldownGovernor } from '../../lib/policies/cooldown-governor.js';
import { BackoffManagerGovernor } from '../../lib/policies/backoff-manager-governor.js';
import { RandomStream } from '../../lib/random.js';
import { HysteresisGovernor } from '../../lib/policies/hysteresis-governor.js';
import { ThrottleGovernor } from '../../lib/policies/throttle-governor.js';
import { TokenBucket } from '../../lib/policies/token-bucket.js';
import type { Controller } from '../../controllers/port/controller.js';
import { HashringController, type TableChoice } from '../../controllers/hashring/hashring-controller.js';
import { BlueGreenController } from '../../controllers/rollout/blue-green-controller.js';
import { CanaryController } from '../../controllers/rollout/canary-controller.js';
import type { CanaryControllerStep } from '../../controllers/rollout/canary-controller-steps.js';
import { RollingUpdateController } from '../../controllers/rollout/rolling-update-controller.js';
import type { Micros } from '../../lib/time.js';
import type { GovernorConfig } from '../config/controller-schema.js';
import type { Experiment, ExperimentController } from '../config/experiment-schema.js';
import { moduleImportDeadlineMs, withDeadline } from './import-deadline.js';
import { ConfigError } from '../schema/config-error.js';

/** A controller built from config, with how often its loop runs. */
export interface BuiltController {
  readonly controller: Controller;
  readonly syncPeriod: Micros;
}

/** What a bring-your-own controller module's default export is called with. */
export interface ControllerFactoryContext {
  /** The controller's name in the experiment. */
  readonly name: string;
  /** The service named in its config entry. */
  readonly service: string;
}

/** The default export of a bring-your-own controller module. */
export type ControllerFactory = (options: Record<string, unknown>, context: ControllerFactoryContext) => Controller;

/** Loaded bring-your-own modules, by controller name. */
export type ControllerModules = ReadonlyMap<string, ControllerFactory>;

/**
 * Imports the modules named by `kind: module` controllers, resolved relative
 * to the experiment file. JavaScript modules are imported as they are;
 * TypeScript modules go through tsx, so they may import other TypeScript
 * files. Bad paths and bad exports are `ConfigError`s naming the field.
 */
export async function loadControllerModules(exp: Experiment, experimentFile: string): Promise<ControllerModules> {
  const modules = new Map<string, ControllerFactory>();
  for (const [name, spec] of Object.entries(exp.controllers)) {
    if (spec.kind !== 'module') continue;
    const path = `controllers.${name}.module`;
    const file = resolve(dirname(experimentFile), spec.module);
    if (!existsSync(file))
      throw new ConfigError(path, 'a path to an existing module, relative to the experiment file', `${JSON.stringify(spec.module)} (no file at ${file})`);
    let mod: { default?: unknown };
    const ms = moduleImportDeadlineMs();
    try {
      const importing = (async () => {
        if (['.ts', '.mts', '.cts'].includes(extname(file))) {
          const { tsImport } = await import('tsx/esm/api');
          return (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
        }
        return (await import(pathToFileURL(file).href)) as { default?: unknown };
      })();
      mod = await withDeadline(
        importing,
        ms,
        () =>
          new ConfigError(
            path,
            `a module that finishes loading within ${ms / 1000}s (CTRLSIM_MODULE_TIMEOUT raises it)`,
            `${JSON.stringify(spec.module)} (still loading: a top-level await that never settles?)`,
          ),
      );
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError(path, 'a module that loads', `${JSON.stringify(spec.module)} (${(e as Error).message.split('\n')[0]})`);
    }
    // A .ts file outside an ESM package is compiled as CommonJS, which nests the default export.
    const nested = (mod.default as { default?: unknown } | undefined)?.default;
    if (typeof mod.default !== 'function' && typeof nested === 'function') mod = { default: nested };
    if (typeof mod.default !== 'function')
      throw new ConfigError(
        path,
        'a module whose default export is a function (options, context) => Controller',
        `${JSON.stringify(spec.module)} (default export is ${typeof mod.default})`,
      );
    modules.set(name, mod.default as ControllerFactory);
  }
  return modules;
}

/** Builds the controller an experiment's `controllers.<name>` entry describes, wrapped in its governor if it has one. */
export function buildController(name: string, spec: ExperimentController, modules: ControllerModules = new Map()): BuiltController {
  const built = buildBareController(name, spec, modules);
  const governor = 'governor' in spec ? spec.governor : undefined;
  return governor ? { ...built, controller: new GovernedController(built.controller, actionPolicies(governor, name)) } : built;
}

/**
 * Turns a `governor` config into policies: rate limit, cooldown and backoff
 * all apply per action. A backoff's jitter draws from a stream named after the
 * controller, the same at every seed and point (common random numbers).
 */
function actionPolicies(g: GovernorConfig, controller = 'controller'): ActionPolicies {
  const perAction: ActionGovernor<string>[] = [];
  if (g.backoff) {
    const rng = RandomStream.root(`governor/${controller}`).fork('backoff');
    perAction.push(new BackoffManagerGovernor({ ...g.backoff, random: () => rng.next() }));
  }
  if (g.rateLimit) perAction.push(new ThrottleGovernor(new TokenBucket({ limit: g.rateLimit.qps, burst: g.rateLimit.burst })));
  if (g.cooldown !== undefined) perAction.push(new CooldownGovernor({ gap: g.cooldown }));
  return {
    ...(perAction.length ? { perAction: perAction.length === 1 ? perAction[0]! : new AllOfGovernor(perAction) } : {}),
    ...(g.hysteresis ? { hysteresis: new HysteresisGovernor(g.hysteresis) } : {}),
  };
}

function buildBareController(name: string, spec: ExperimentController, modules: ControllerModules): BuiltController {
  switch (spec.kind) {
    case 'target-utilization':
      return { controller: new TargetUtilizationAutoscaler({ name, ...spec }), syncPeriod: spec.syncPeriod };
    case 'hpa':
      return {
        controller: new HpaController({
          name,
          service: spec.service,
          spec: {
            minReplicas: spec.minReplicas,
            maxReplicas: spec.maxReplicas,
            metrics: spec.metrics,
            ...(spec.behavior ? { behavior: spec.behavior as HpaBehavior } : {}),
          },
          config: {
            ...PRODUCTION_HPA_CONFIG,
            tolerance: spec.tolerance,
            downscaleStabilizationWindow: spec.downscaleStabilization,
            cpuInitializationPeriod: spec.cpuInitializationPeriod,
            delayOfInitialReadinessStatus: spec.initialReadinessDelay,
          },
        }),
        syncPeriod: spec.syncPeriod,
      };
    case 'step-scaling':
      return { controller: new StepScalingAutoscaler({ name, ...spec }), syncPeriod: spec.syncPeriod };
    case 'rolling-update':
      return { controller: new RollingUpdateController({ name, ...spec }), syncPeriod: spec.syncPeriod };
    case 'canary': {
      const { steps, analysis, ...rest } = spec;
      return {
        controller: new CanaryController({ name, ...rest, steps: steps.map(canaryStep), ...(analysis ? { analysis } : {}) }),
        syncPeriod: spec.syncPeriod,
      };
    }
    case 'blue-green': {
      const { prePromotionAnalysis, postPromotionAnalysis, ...rest } = spec;
      return {
        controller: new BlueGreenController({
          name,
          ...rest,
          ...(prePromotionAnalysis ? { prePromotionAnalysis: prePromotionAnalysis.metrics } : {}),
          ...(postPromotionAnalysis ? { postPromotionAnalysis: postPromotionAnalysis.metrics } : {}),
        }),
        syncPeriod: spec.syncPeriod,
      };
    }
    case 'hashring': {
      const { algorithm, hash, vnodes, tableSize, capacityFactor, sampleKeys, maxMovedFraction, budgetPeriod, service } = spec;
      const table: TableChoice = {
        algorithm,
        ...(hash ? { hash } : {}),
        ...(vnodes ? { vnodes } : {}),
        ...(tableSize ? { tableSize } : {}),
        ...(capacityFactor ? { capacityFactor } : {}),
      };
      return {
        controller: new HashringController({
          name,
          service,
          table,
          sampleKeys,
          budgetPeriod,
          syncPeriod: spec.syncPeriod,
          ...(maxMovedFraction !== undefined ? { maxMovedFraction } : {}),
        }),
        syncPeriod: spec.syncPeriod,
      };
    }
    case 'self-healing':
      return {
        controller: new SelfHealingController({
          name,
          service: spec.service,
          probeFailureThreshold: spec.probeFailureThreshold,
          ...(spec.outlierDetection.enabled ? { outlierDetection: spec.outlierDetection } : {}),
          maxUnavailableFraction: spec.maxUnavailableFraction,
          // Pacing comes from the optional `governor` block, which wraps every controller alike.
          governor: { request: () => ALLOW, record: () => {} },
        }),
        syncPeriod: spec.syncPeriod,
      };
    case 'module': {
      const factory = modules.get(name);
      if (!factory)
        throw new ConfigError(`controllers.${name}.module`, 'a module loaded before the run (call loadControllerModules)', JSON.stringify(spec.module));
      const controller = factory(spec.options, { name, service: spec.service });
      if (!controller || typeof controller.reconcile !== 'function') {
        throw new ConfigError(`controllers.${name}.module`, 'a factory returning an object with reconcile(observed, random)', describeReturned(controller));
      }
      return { controller, syncPeriod: spec.syncPeriod };
    }
  }
}

/** One canary step of an experiment file (exactly one key set, checked by the schema) as the controller's step. */
function canaryStep(step: Extract<ExperimentController, { kind: 'canary' }>['steps'][number]): CanaryControllerStep {
  if (step.setWeight !== undefined) return { kind: 'setWeight', weight: step.setWeight };
  if (step.pause !== undefined) return { kind: 'pause', ...(step.pause.duration !== undefined ? { duration: step.pause.duration } : {}) };
  if (step.analysis !== undefined) return { kind: 'analysis', metrics: step.analysis.metrics };
  return { kind: 'setCanaryScale', ...step.setCanaryScale };
}

function describeReturned(v: unknown): string {
  return v === null || v === undefined ? String(v) : `an object with keys ${Object.keys(v as object).join(', ') || '(none)'}`;
}
