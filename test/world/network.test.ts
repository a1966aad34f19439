import { describe, expect, it } from 'vitest';
import { MILLISECOND, SECOND } from '../../lib/time.js';
import { decide } from '../../sim/network/delivery.js';
import { Network, UnknownHostError, flatNetwork } from '../../sim/network/index.js';
import type { Link, NetworkSpec } from '../../sim/network/index.js';
import { RandomStream } from '../../lib/random.js';
import { Simulation } from '../../sim/engine/simulation.js';

const HOSTS = { hosts: ['a', 'b', 'c', 'metrics'], groups: { left: ['a', 'b'] } };

function net(spec: Partial<NetworkSpec> = {}) {
  const sim = new Simulation();
  const network = new Network(sim, { ...flatNetwork(HOSTS), ...spec }, RandomStream.root(1).fork('network'));
  const got: string[] = [];
  const send = (from: string, to: string, msg: string) => network.send(from, to, () => got.push(`${msg}@${sim.now}`));
  return { sim, network, got, send };
}

describe('the network', () => {
  it('delivers a message within the sending event on an instant link', () => {
    const { got, send } = net();
    expect(send('a', 'b', 'hi')).toEqual({ kind: 'deliver', delay: 0 });
    expect(got).toEqual(['hi@0']);
  });

  it("delivers after a latency drawn from the link rule, from the link's own stream", () => {
    const { sim, got, send } = net({
      links: [{ from: ['a'], to: ['b'], latency: { kind: 'uniform', min: 10 * MILLISECOND, max: 20 * MILLISECOND }, symmetric: false }],
    });
    send('a', 'b', 'x');
    send('b', 'a', 'y');
    sim.run();
    const at = Number(got.find((g) => g.startsWith('x'))!.split('@')[1]);
    expect(at).toBeGreaterThanOrEqual(10 * MILLISECOND);
    expect(at).toBeLessThan(20 * MILLISECOND);
    expect(got).toContain('y@0');
  });

  it('loses about the configured fraction of messages on a lossy link', () => {
    const { network, got, send } = net({ defaultLoss: 0.3 });
    for (let i = 0; i < 10_000; i++) send('a', 'b', 'm');
    expect(got.length / 10_000).toBeGreaterThan(0.68);
    expect(got.length / 10_000).toBeLessThan(0.72);
    expect(network.stats.dropped).toBe(10_000 - got.length);
  });

  it('drops messages both ways across a partition and delivers again after repair', () => {
    const { network, got, send } = net();
    network.partition(['left'], ['metrics']);
    send('a', 'metrics', 'lost1');
    send('metrics', 'b', 'lost2');
    send('a', 'c', 'kept');
    network.repair(['left'], ['metrics']);
    send('a', 'metrics', 'back');
    expect(got).toEqual(['kept@0', 'back@0']);
  });

  it('drops only the cut direction of a one-way partition', () => {
    const { network, got, send } = net();
    network.partition(['a'], ['b'], true);
    send('a', 'b', 'lost');
    send('b', 'a', 'kept');
    expect(got).toEqual(['kept@0']);
    expect(network.reachable('a', 'b')).toBe(false);
    expect(network.reachable('b', 'a')).toBe(true);
  });

  it('holds messages on a held link and releases them in send order', () => {
    const { sim, network, got, send } = net();
    network.hold(['a'], ['b']);
    sim.at(SECOND, () => send('a', 'b', 'first'));
    sim.at(2 * SECOND, () => send('a', 'b', 'second'));
    sim.at(5 * SECOND, () => network.release(['a'], ['b']));
    sim.run();
    expect(got).toEqual([`first@${5 * SECOND}`, `second@${5 * SECOND}`]);
    expect(network.stats.held).toBe(2);
  });

  it('heals every link at once, releasing held messages', () => {
    const { network, got, send } = net();
    network.hold(['a'], ['b']);
    network.partition(['a'], ['c']);
    send('a', 'b', 'held');
    network.heal();
    send('a', 'c', 'healed');
    expect(got).toEqual(['held@0', 'healed@0']);
  });

  it('drops what a link held when a partition cuts it', () => {
    const { network, got, send } = net();
    network.hold(['a'], ['b']);
    send('a', 'b', 'held');
    network.partition(['a'], ['b']);
    network.repair(['a'], ['b']);
    expect(got).toEqual([]);
    expect(network.stats.dropped).toBe(1);
  });

  it('refuses a fault naming an unknown host, listing the hosts it knows', () => {
    const { network } = net();
    expect(() => network.partition(['a'], ['nowhere'])).toThrow(UnknownHostError);
    expect(() => network.partition(['a'], ['nowhere'])).toThrow(/unknown host "nowhere"; known hosts and groups: a, b, c, metrics, left/);
  });

  it('decides drop, hold or deliver from the link state alone', () => {
    const rng = RandomStream.root(1);
    const link: Link = {
      from: 'a',
      to: 'b',
      state: 'healthy',
      latency: () => 5,
      instant: false,
      loss: 0,
      rng,
      held: [],
      label: { kind: 'deliver', target: 'a>b', hash: 0 },
    };
    expect(decide(link)).toEqual({ kind: 'deliver', delay: 5 });
    link.state = 'held';
    expect(decide(link)).toEqual({ kind: 'hold' });
    link.state = 'partitioned';
    expect(decide(link)).toEqual({ kind: 'drop', reason: 'partitioned' });
  });
});
