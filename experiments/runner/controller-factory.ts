import { TargetUtilizationAutoscaler } from '../../controllers/autoscalers/target-utilization.js';
import type { Controller } from '../../controllers/port/controller.js';
import type { Micros } from '../../controllers/port/time.js';
import type { ExperimentController } from '../config/experiment-schema.js';

/** A controller built from config, with how often its loop runs. */
export interface BuiltController {
  readonly controller: Controller;
  readonly syncPeriod: Micros;
}

/** Builds the controller an experiment's `controllers.<name>` entry describes. */
export function buildController(name: string, spec: ExperimentController): BuiltController {
  switch (spec.kind) {
    case 'target-utilization':
      return {
        controller: new TargetUtilizationAutoscaler({ name, ...spec }),
        syncPeriod: spec.syncPeriod,
      };
  }
}
