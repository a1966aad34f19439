import type { ActionGovernor } from '../../lib/policies/action-governor.js';
import type { ChangeProposal } from '../../lib/policies/hysteresis-governor.js';
import type { Action, Decision, ReconcileResult } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { ObservedState } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';

/** The policies that govern a controller's actions. */
export interface ActionPolicies {
  /** Asked for every action, keyed by `actionKey(action)`: rate limits, cooldowns, backoff. */
  readonly perAction?: ActionGovernor<string>;
  /** Asked for every scale action as a change from the current to the desired replica count. */
  readonly hysteresis?: ActionGovernor<ChangeProposal>;
}

/** The key an action is governed under: its kind and what it acts on ("scale:web", "replace:web-3"). */
export function actionKey(action: Action): string {
  return `${action.kind}:${'service' in action ? action.service : action.instance}`;
}

/**
 * Wraps any controller so that its actions pass through policies first: an
 * action a policy holds back is dropped and logged with the policy's reason,
 * and the loop requeues when the policy says the answer may change. The
 * inner controller is level-based, so it proposes the action again next time
 * if it still wants it.
 */
export class GovernedController implements Controller {
  readonly name: string;

  constructor(
    private readonly inner: Controller,
    private readonly policies: ActionPolicies,
  ) {
    this.name = inner.name;
  }

  /** The controller whose actions are governed. */
  get wrapped(): Controller {
    return this.inner;
  }

  reconcile(observed: ObservedState, random: () => number): ReconcileResult {
    const proposed = this.inner.reconcile(observed, random);
    const now = observed.now;
    const actions: Action[] = [];
    const decisions: Omit<Decision, 'controller' | 'at'>[] = [...(proposed.decisions ?? [])];
    let wakeAt: Micros | undefined;
    for (const action of proposed.actions) {
      const key = actionKey(action);
      const change = action.kind === 'scale' ? this.proposal(observed, action.service, action.replicas) : undefined;
      const verdicts = [this.policies.perAction?.request(now, key), change && this.policies.hysteresis?.request(now, change)].filter((v) => v !== undefined);
      const held = verdicts.find((v) => v.verdict !== 'allow');
      if (!held) {
        this.policies.perAction?.record(now, key, 'succeeded');
        if (change) this.policies.hysteresis?.record(now, change, 'succeeded');
        actions.push(action);
        continue;
      }
      decisions.push({
        outcome: held.verdict === 'wait' ? 'governed-wait' : 'governed-deny',
        reason: `${key} held back: ${held.reason} (wanted: ${action.reason})`,
      });
      if (held.verdict === 'wait') wakeAt = Math.min(wakeAt ?? held.until, held.until);
    }
    const requeues = [proposed.requeueAfter, wakeAt !== undefined ? Math.max(0, wakeAt - now) : undefined].filter((r) => r !== undefined);
    return { actions, decisions, ...(requeues.length ? { requeueAfter: Math.min(...requeues) } : {}) };
  }

  private proposal(observed: ObservedState, service: string, desired: number): ChangeProposal {
    return { key: service, current: observed.services.get(service)?.desiredReplicas ?? 0, desired };
  }
}
