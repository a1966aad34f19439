/**
 * A name in a fault or link rule that is neither a host nor a group. The
 * message lists what is known, so a typo is easy to fix.
 */
export class UnknownHostError extends Error {
  override readonly name = 'UnknownHostError';
  constructor(
    /** The name that was not found. */
    readonly host: string,
    /** Every host and group name that would have been accepted. */
    readonly known: readonly string[],
  ) {
    super(`unknown host ${JSON.stringify(host)}; known hosts and groups: ${known.join(', ')}`);
  }
}

/** Hosts and named groups of hosts, as data. */
export interface TopologySpec {
  /** Every host, in declaration order. */
  readonly hosts: readonly string[];
  /** Named sets of hosts (a region's zones, every controller ...), resolved when a fault names them. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
}

/**
 * The named hosts of a world and the groups that stand for sets of them. Fault
 * verbs and link rules name hosts or groups; `resolve` expands them to hosts,
 * in a fixed order, and rejects unknown names.
 */
export class Topology {
  private readonly hostSet: ReadonlySet<string>;
  private readonly groupMap: ReadonlyMap<string, readonly string[]>;

  constructor(readonly spec: TopologySpec) {
    this.hostSet = new Set(spec.hosts);
    const groups = new Map<string, readonly string[]>();
    for (const [name, members] of Object.entries(spec.groups)) {
      for (const m of members) if (!this.hostSet.has(m)) throw new UnknownHostError(m, spec.hosts);
      groups.set(name, members);
    }
    this.groupMap = groups;
  }

  /** True if `host` is a host of this topology (not a group). */
  has(host: string): boolean {
    return this.hostSet.has(host);
  }

  /** Every host and group name, for error messages. */
  names(): string[] {
    return [...this.spec.hosts, ...this.groupMap.keys()];
  }

  /** Expands host and group names to distinct hosts, first mention first. Throws `UnknownHostError`. */
  resolve(names: readonly string[]): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (h: string) => {
      if (!seen.has(h)) {
        seen.add(h);
        out.push(h);
      }
    };
    for (const n of names) {
      if (this.hostSet.has(n)) add(n);
      else {
        const members = this.groupMap.get(n);
        if (!members) throw new UnknownHostError(n, this.names());
        for (const m of members) add(m);
      }
    }
    return out;
  }
}
