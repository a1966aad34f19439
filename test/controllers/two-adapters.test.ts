import { describe, expect, it } from 'vitest';
import { TargetUtilizationAutoscaler } from '../../controllers/autoscalers/target-utilization.js';
import type { Action, InstanceView, ObservedState, RealWorld } from '../../controllers/port/index.js';
import { ControllerLoop, RealTimeRuntime, SECOND } from '../../controllers/port/index.js';
import { RandomStream, Simulation, VirtualRuntime } from '../../sim/index.js';

/**
 * A scripted world: the n-th observation returns the n-th scripted
 * utilization, whatever the clock says, and every applied action is
 * recorded. Both adapters see exactly the same sequence of observations.
 */
function scriptedWorld(utilizations: readonly number[]) {
  let n = 0;
  let desired = 4;
  const actions: Action[] = [];
  const world: RealWorld = {
    observe(now): ObservedState {
      const u = utilizations[Math.min(n++, utilizations.length - 1)]!;
      const instances: InstanceView[] = Array.from({ length: desired }, (_, i) => ({
        id: `web-${i}`,
        service: 'web',
        zone: 'z',
        version: 'v1',
        state: 'ready',
        createdAt: 0,
        readyAt: 0,
      }));
      const cpu = { name: 'cpu_utilization', value: u, measuredAt: now };
      return {
        now,
        services: new Map([['web', { name: 'web', desiredReplicas: desired, instances, metrics: { cpu_utilization: cpu }, instanceMetrics: {} }]]),
      };
    },
    apply(_controller, action) {
      actions.push(action);
      if (action.kind === 'scale') desired = action.replicas;
      return 'applied';
    },
    log() {},
  };
  return { world, actions };
}

const SCRIPT = [0.5, 0.9, 0.9, 0.3, 0.3, 0.3, 0.3, 0.2, 0.8, 0.5];

function controller() {
  // Cooldowns of 0 so that decisions depend only on the scripted observations, not on clock jitter.
  return new TargetUtilizationAutoscaler({
    name: 'as',
    service: 'web',
    metric: 'cpu_utilization',
    target: 0.5,
    tolerance: 0.1,
    minReplicas: 1,
    maxReplicas: 50,
    scaleUpCooldown: 0,
    scaleDownCooldown: 0,
  });
}

describe('one controller class, two runtimes', () => {
  it('emits the same actions under the virtual clock and under real Node timers', async () => {
    const virtual = scriptedWorld(SCRIPT);
    const sim = new Simulation();
    const loopV = new ControllerLoop(controller(), new VirtualRuntime(sim, virtual.world, RandomStream.root(1), 'ctl'), 15 * SECOND);
    loopV.start();
    sim.run({ until: 15 * SECOND * SCRIPT.length });
    loopV.stop();

    const real = scriptedWorld(SCRIPT);
    // 15 s sync period at 1000× speed: a reconcile every 15 ms of real time.
    const loopR = new ControllerLoop(controller(), new RealTimeRuntime(real.world, { timeScale: 1000 }), 15 * SECOND);
    loopR.start();
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (real.actions.length >= virtual.actions.length) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    loopR.stop();

    expect(virtual.actions.length).toBeGreaterThan(2);
    expect(real.actions.slice(0, virtual.actions.length)).toEqual(virtual.actions);
  });
});
