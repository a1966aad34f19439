import { describe, expect, it } from 'vitest';
import { SECOND } from '../../controllers/port/index.js';
import { ServiceRegistry } from '../../lib/registry/index.js';

const TTL = 10 * SECOND;

function registryWithTwo(): ServiceRegistry {
  const r = new ServiceRegistry({ ttl: TTL });
  r.register('api', 'host1:8080', 0, { version: '1.2.3' });
  r.register('api', 'host2:8080', 0, { version: '1.2.3' });
  return r;
}

describe('ServiceRegistry', () => {
  it('discovers registered instances in registration order', () => {
    expect(
      registryWithTwo()
        .discover('api')
        .map((e) => e.instance),
    ).toEqual(['host1:8080', 'host2:8080']);
  });

  it('marks an instance unhealthy after one TTL without heartbeats, and keeps it discoverable with healthyOnly false', () => {
    const r = registryWithTwo();
    r.heartbeat('api', 'host1:8080', 9 * SECOND);
    expect(r.sweep(11 * SECOND)).toEqual({ markedUnhealthy: ['api/host2:8080'], removed: [] });
    expect(r.discover('api').map((e) => e.instance)).toEqual(['host1:8080']);
    expect(r.discover('api', { healthyOnly: false })).toHaveLength(2);
  });

  it('does not mark an instance unhealthy at exactly one TTL', () => {
    const r = registryWithTwo();
    expect(r.sweep(TTL).markedUnhealthy).toEqual([]);
  });

  it('removes an instance after three TTLs without heartbeats, and the service once empty', () => {
    const r = registryWithTwo();
    expect(r.sweep(30 * SECOND).removed).toEqual(['api/host1:8080', 'api/host2:8080']);
    expect(r.discover('api', { healthyOnly: false })).toEqual([]);
  });

  it('makes an unhealthy instance healthy again on its next heartbeat', () => {
    const r = registryWithTwo();
    r.sweep(11 * SECOND);
    expect(r.discover('api')).toEqual([]);
    expect(r.heartbeat('api', 'host2:8080', 12 * SECOND)).toBe(true);
    expect(r.discover('api').map((e) => e.instance)).toEqual(['host2:8080']);
  });

  it('tells a removed instance to register again', () => {
    const r = registryWithTwo();
    r.sweep(31 * SECOND);
    expect(r.heartbeat('api', 'host1:8080', 32 * SECOND)).toBe(false);
  });

  it('falsely marks a live instance whose clock runs 15 s behind unhealthy when it trusts sender timestamps', () => {
    const trusting = new ServiceRegistry({ ttl: TTL });
    const receiving = new ServiceRegistry({ ttl: TTL });
    for (const r of [trusting, receiving]) r.register('api', 'host1:8080', 0);
    // host1 heartbeats every 3 s, stamping each with its clock, which is 15 s slow.
    for (let t = 3; t <= 27; t += 3) {
      trusting.heartbeat('api', 'host1:8080', t * SECOND, (t - 15) * SECOND);
      receiving.heartbeat('api', 'host1:8080', t * SECOND);
    }
    expect(trusting.sweep(28 * SECOND).markedUnhealthy).toEqual(['api/host1:8080']);
    expect(receiving.sweep(28 * SECOND).markedUnhealthy).toEqual([]);
  });
});
