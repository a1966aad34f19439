import type { Cluster } from './cluster.js';
import type { LoadSource } from './load-source.js';
import { RepeatedSum } from './repeated-sum.js';
import type { ServiceModel } from './service-model.js';
import { HEALTHY_VERSION } from './version-profile.js';

/**
 * A service's ready capacity in requests per second, recomputed only when
 * the cluster changed (its revision moved), since data planes ask for it on
 * every tick or request.
 */
export class ReadyCapacity {
  private value = 0;
  private at = -1;
  private readonly nominal: RepeatedSum;

  constructor(
    private readonly cluster: Cluster,
    private readonly service: string,
    private readonly model: ServiceModel,
  ) {
    this.nominal = new RepeatedSum(model.rpsPerInstance);
  }

  /** Requests per second the service's ready instances can serve now. */
  rps(): number {
    const rev = this.cluster.revision;
    if (rev !== this.at) {
      // With every ready instance nominal, the scan adds rpsPerInstance once per ready instance.
      const nominal = this.cluster.offNominalReady(this.service) === 0 && this.model.profile(this.model.spec.version) === HEALTHY_VERSION;
      this.value = nominal ? this.nominal.at(this.cluster.count(this.service, 'ready')) : this.model.readyCapacity(this.cluster.live(this.service));
      this.at = rev;
    }
    return this.value;
  }
}

/** Offered load of a service's sources at `t`, before noise: the sum of their base rates. */
export function baseLoadOf(sources: readonly LoadSource[], t: number): number {
  let r = 0;
  for (const s of sources) r += s.baseRate(t);
  return r;
}
