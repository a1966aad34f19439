import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LeaderElector,
  LeaseLock,
  leaderElectionConfig,
  leaderElectionRecord,
  rawRecord,
  type LeaderElectionRecord,
  type LeaseApiResult,
} from '../../controllers/leader-election/index.js';
import { HOUR } from '../../lib/time.js';
import { ManualRuntime, ReactorApi, type Reaction, type Verb } from './fake-runtime.js';

type Respond = 'not-found' | 'echo' | { record: Partial<LeaderElectionRecord> | null };
interface Reactor {
  verb: Verb;
  respond: Respond;
}
type TableCase<K extends 'tryAcquireOrRenew' | 'release'> = {
  kind: K;
  test: string;
  name: string;
  identity: string;
  leaseDuration: number;
  observedRecord?: Partial<LeaderElectionRecord>;
  observedTime: 'zero' | 'past' | 'future';
  reactors: Reactor[];
  retryAfter?: number;
  expectSuccess: boolean;
  transitionLeader: boolean;
  outHolder: string;
};
type Case =
  | TableCase<'tryAcquireOrRenew'>
  | TableCase<'release'>
  | {
      kind: 'run';
      test: string;
      name: string;
      identity: string;
      leaseDuration: number;
      renewDeadline: number;
      retryPeriod: number;
      conflictOnUpdates: number[];
      cancelOnUpdate: number;
      expectedLockOps: Verb[];
    }
  | {
      kind: 'config';
      test: string;
      name: string;
      identity: string;
      leaseDuration: number;
      renewDeadline: number;
      retryPeriod: number;
      expectError: string | null;
    };

const fixture = JSON.parse(readFileSync(new URL('../fixtures/leader-election/client-go-leaderelection.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

const START = 10 * HOUR;

function reaction(api: () => ReactorApi, respond: Respond): Reaction {
  return (_verb, written): LeaseApiResult => {
    if (respond === 'not-found') return { kind: 'not-found' };
    if (respond === 'echo') return { kind: 'ok', object: api().object(written ?? leaderElectionRecord()) };
    return { kind: 'ok', object: api().object(leaderElectionRecord(respond.record ?? {})) };
  };
}

/** Sets up an elector the way upstream's table tests build the struct directly. */
function elector(c: TableCase<'tryAcquireOrRenew' | 'release'>) {
  const runtime = new ManualRuntime(START);
  let api!: ReactorApi;
  api = new ReactorApi(
    c.reactors.map((r) => ({ verb: r.verb, react: reaction(() => api, r.respond) })),
    runtime,
  );
  const reported: string[] = [];
  const observed = leaderElectionRecord(c.observedRecord ?? {});
  const time = c.observedTime === 'zero' ? undefined : c.observedTime === 'past' ? START - 1000 * HOUR : START + 1000 * HOUR;
  const le = new LeaderElector(
    // Upstream builds the struct without NewLeaderElector and sets only LeaseDuration;
    // the renew deadline and retry period play no part in a single attempt.
    leaderElectionConfig({ identity: c.identity, leaseDuration: c.leaseDuration, renewDeadline: c.leaseDuration / 2, retryPeriod: c.leaseDuration / 10 }),
    new LeaseLock(c.identity, api),
    runtime,
    { onStartedLeading: () => {}, onStoppedLeading: () => {}, onNewLeader: (id) => reported.push(id) },
    { record: observed, raw: rawRecord(observed), ...(time !== undefined ? { time } : {}) },
  );
  return { le, api, runtime, reported };
}

function attempt(le: LeaderElector): boolean {
  let result: boolean | undefined;
  le.tryAcquireOrRenew((ok) => (result = ok));
  if (result === undefined) throw new Error('a synchronous store must answer within the attempt');
  return result;
}

const byKind = <K extends Case['kind']>(kind: K) => fixture.cases.filter((c): c is Extract<Case, { kind: K }> => c.kind === kind);

describe("tryAcquireOrRenew replays client-go's table", () => {
  for (const c of byKind('tryAcquireOrRenew')) {
    it(`${c.test}: ${c.name}`, () => {
      const { le, api, runtime, reported } = elector(c);
      let ok = attempt(le);
      if (ok !== c.expectSuccess && c.retryAfter) {
        runtime.tick(c.retryAfter);
        ok = attempt(le);
      }
      expect(ok).toBe(c.expectSuccess);
      expect(le.getLeader()).toBe(c.outHolder);
      expect(api.calls).toHaveLength(c.reactors.length);
      expect(le.observation.record.leaderTransitions).toBe(c.transitionLeader ? 1 : 0);
      le.maybeReportTransition();
      expect(reported).toEqual([c.outHolder]);
    });
  }
});

describe("release replays client-go's table", () => {
  for (const c of byKind('release')) {
    it(`${c.test}: ${c.name}`, () => {
      const { le, api, reported } = elector(c);
      expect(attempt(le)).toBe(true);
      le.maybeReportTransition();
      let released: boolean | undefined;
      le.release((ok) => (released = ok));
      expect(released).toBe(c.expectSuccess);
      expect(le.getLeader()).toBe(c.outHolder);
      expect(api.calls).toHaveLength(c.reactors.length);
      expect(le.observation.record.leaderTransitions).toBe(c.transitionLeader ? 1 : 0);
      le.maybeReportTransition();
      expect(reported).toEqual([c.identity, c.outHolder]);
    });
  }
});

describe("a running elector replays client-go's fast-path lock operations", () => {
  for (const c of byKind('run')) {
    it(`${c.test}: ${c.name}`, () => {
      const runtime = new ManualRuntime(START);
      let stored: LeaderElectionRecord | undefined;
      let updates = 0;
      let le!: LeaderElector;
      let api!: ReactorApi;
      const react: Reaction = (verb, written) => {
        if (verb === 'get') return stored ? { kind: 'ok', object: api.object(stored) } : { kind: 'not-found' };
        if (verb === 'update') {
          updates++;
          if (c.conflictOnUpdates.includes(updates)) return { kind: 'conflict' };
          if (updates === c.cancelOnUpdate) le.stop();
        }
        stored = written;
        return { kind: 'ok', object: api.object(written ?? leaderElectionRecord()) };
      };
      api = new ReactorApi(
        (['get', 'create', 'update'] as const).map((verb) => ({ verb, react })),
        runtime,
      );
      let stoppedLeading = 0;
      le = new LeaderElector(
        leaderElectionConfig({ identity: c.identity, leaseDuration: c.leaseDuration, renewDeadline: c.renewDeadline, retryPeriod: c.retryPeriod }),
        new LeaseLock(c.identity, api),
        runtime,
        { onStartedLeading: () => {}, onStoppedLeading: () => stoppedLeading++ },
      );
      le.run();
      runtime.advanceTo(START + 60 * c.retryPeriod);
      expect(api.calls).toEqual(c.expectedLockOps);
      expect(le.phase).toBe('stopped');
      expect(stoppedLeading).toBe(1);
      expect(runtime.timers).toBe(0);
    });
  }
});

describe("config validation replays client-go's NewLeaderElector checks", () => {
  for (const c of byKind('config')) {
    it(`${c.test}: ${c.name}`, () => {
      const make = () =>
        leaderElectionConfig({ identity: c.identity, leaseDuration: c.leaseDuration, renewDeadline: c.renewDeadline, retryPeriod: c.retryPeriod });
      if (c.expectError === null) expect(make).not.toThrow();
      else expect(make).toThrow(c.expectError);
    });
  }
});

describe('the fixture', () => {
  it('holds every kind of vector', () => {
    expect(byKind('tryAcquireOrRenew')).toHaveLength(8);
    expect(byKind('release')).toHaveLength(1);
    expect(byKind('run')).toHaveLength(2);
    expect(byKind('config')).toHaveLength(6);
  });
});
