import type { SampleValues, ServiceScrape } from './data-plane.js';

/**
 * One zone's share of a scrape: what the message from that zone's host to
 * the metrics host carries. Per-instance samples travel as indices into the
 * scrape; per-version ones (fluid mode) as runs of consecutive instances of
 * one version, so a zone of thousands of alike instances is a handful of
 * numbers. Either way the instances keep their live order.
 */
export interface ZoneReport {
  /** The zone, the host the report is sent from. */
  readonly zone: string;
  /** Instances in the report. */
  size: number;
  /** Scrape indices of the zone's instances, in live order, when samples are per instance. */
  readonly indices: number[];
  /** Versions of the runs, when samples are per version: `runVersions[r]` for `runLengths[r]` instances in a row. */
  readonly runVersions: string[];
  /** Lengths of the runs. */
  readonly runLengths: number[];
}

/** Splits a scrape into one report per zone, zones in order of their first instance. */
export function zoneReports(scrape: ServiceScrape): ZoneReport[] {
  const reports: ZoneReport[] = [];
  const byVersion = scrape.perVersion !== undefined;
  const { instances } = scrape;
  let last: ZoneReport | undefined;
  for (let k = 0; k < instances.length; k++) {
    const i = instances[k]!;
    // Instances alternate between a few zones: a short scan beats a map lookup per instance.
    let r = last !== undefined && last.zone === i.zone ? last : undefined;
    for (let z = 0; r === undefined && z < reports.length; z++) if (reports[z]!.zone === i.zone) r = reports[z];
    if (r === undefined) reports.push((r = { zone: i.zone, size: 0, indices: [], runVersions: [], runLengths: [] }));
    last = r;
    r.size++;
    if (!byVersion) {
      r.indices.push(k);
    } else {
      const runs = r.runVersions.length;
      if (runs > 0 && r.runVersions[runs - 1] === i.version) r.runLengths[runs - 1]!++;
      else {
        r.runVersions.push(i.version);
        r.runLengths.push(1);
      }
    }
  }
  return reports;
}

/** Running sums over samples, overall and per version. */
interface Sums {
  requests: number;
  errors: number;
  latencySum: number;
}

/** What the metrics host adds up from the reports that arrived. */
export interface ReportTotals extends Sums {
  /** Instances reported. */
  readonly sampled: number;
  /** Σ utilization. */
  readonly utilization: number;
  /** Per version, in order of first appearance. */
  readonly perVersion: ReadonlyMap<string, Sums>;
}

/**
 * Adds up the samples of `reports` (in the order given, instances in live
 * order within each): one addition per instance and sum, in the same order
 * whether samples are per instance or per version, so the totals are the
 * same bit for bit.
 */
export function addReports(scrape: ServiceScrape, reports: readonly ZoneReport[]): ReportTotals {
  let sampled = 0;
  let utilization = 0;
  let requests = 0;
  let errors = 0;
  let latencySum = 0;
  const perVersion = new Map<string, Sums>();
  const sumsOf = (version: string): Sums => {
    let v = perVersion.get(version);
    if (!v) perVersion.set(version, (v = { requests: 0, errors: 0, latencySum: 0 }));
    return v;
  };
  for (const r of reports) {
    sampled += r.size;
    if (scrape.perVersion !== undefined) {
      for (let run = 0; run < r.runVersions.length; run++) {
        const version = r.runVersions[run]!;
        const s: SampleValues = scrape.perVersion.get(version)!;
        const v = sumsOf(version);
        for (let n = r.runLengths[run]!; n > 0; n--) {
          utilization += s.utilization;
          requests += s.requests;
          errors += s.errors;
          latencySum += s.latencySum;
          v.requests += s.requests;
          v.errors += s.errors;
          v.latencySum += s.latencySum;
        }
      }
    } else {
      let version: string | undefined;
      let v: Sums | undefined;
      for (let n = 0; n < r.indices.length; n++) {
        const k = r.indices[n]!;
        const s = scrape.samples[k]!;
        utilization += s.utilization;
        requests += s.requests;
        errors += s.errors;
        latencySum += s.latencySum;
        const iv = scrape.instances[k]!.version;
        if (iv !== version) {
          version = iv;
          v = sumsOf(iv);
        }
        v!.requests += s.requests;
        v!.errors += s.errors;
        v!.latencySum += s.latencySum;
      }
    }
  }
  return { sampled, utilization, requests, errors, latencySum, perVersion };
}
