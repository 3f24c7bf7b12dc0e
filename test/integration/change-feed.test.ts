/**
 * Change detection end to end (issue 16): a real gateway over the demo's simulators (real HTTP), a mark
 * entered in a diary found by the detector's poll, and told through `Viewer.changes` and a subscription
 * over WebSocket (`graphql-transport-ws`), each change once, mapped to the viewer's student.
 */
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SeedChild, SeedMark } from '../../adapters/simulation/seed.js';
import { movingTime, startTestGateway, type TestGateway } from '../support/gateway.js';
import { noErrors } from '../support/graphql.js';
import { enterMark as enterSeedMark } from '../support/seed-marks.js';

const GRADES_FRESH_MS = 2 * 60_000;

interface FeedPage {
  viewer: {
    changes: {
      changes: {
        __typename: string;
        id: string;
        kind: string;
        studentId: string;
        cursor: string;
        grade?: { id: string; value: { raw: string }; subject: { name: string } };
        previous?: { value: { raw: string } } | null;
      }[];
      cursor: string;
      hasMore: boolean;
      isComplete: boolean;
    };
  };
}

const FEED = `query Feed($since: Cursor) {
  viewer {
    changes(since: $since) {
      changes {
        __typename id kind studentId cursor
        ... on GradeChange { grade { id value { raw } subject { name } } previous { value { raw } } }
      }
      cursor hasMore isComplete
    }
  }
}`;

let gateway: TestGateway;
let time: ReturnType<typeof movingTime>;
/** Enters a mark in `child`'s diary today. */
function enterMark(child: SeedChild, value: string): SeedMark {
  return enterSeedMark(child, value, gateway.gateway.demo!.family.today);
}

/** Lets the cached copies age past their fresh window, then polls every account (as the schedule would). */
async function detect(): Promise<void> {
  time.advance(GRADES_FRESH_MS + 1000);
  await gateway.gateway.detectChanges();
}

async function feed(since: string | null = null) {
  return noErrors(await gateway.graphql<FeedPage>(FEED, { since })).viewer.changes;
}

function childOf(provider: SeedChild['provider']): SeedChild {
  return gateway.gateway.demo!.family.children.find((child) => child.provider === provider)!;
}

beforeAll(async () => {
  time = movingTime();
  gateway = await startTestGateway({}, time.now);
  await gateway.gateway.detectChanges();
});

describe('the change feed', () => {
  it('should take the first poll as the baseline, then tell a new, a corrected and a removed mark once each', async () => {
    const baseline = await feed();
    expect(baseline.changes).toEqual([]);
    expect(baseline.isComplete).toBe(true);

    const child = childOf('MESH');
    const mark = enterMark(child, '3');
    await detect();
    const added = await feed(baseline.cursor);
    expect(added.changes.map((change) => [change.__typename, change.kind, change.grade?.value.raw])).toEqual([
      ['GradeChange', 'GRADE_ADDED', '3'],
    ]);
    const students = noErrors(
      await gateway.graphql<{ viewer: { students: { id: string }[] } }>('{ viewer { students { id } } }'),
    );
    expect(students.viewer.students.map((student) => student.id)).toContain(added.changes[0]!.studentId);

    await detect();
    expect((await feed(added.cursor)).changes).toEqual([]);

    mark.value = '4';
    mark.five = 4;
    await detect();
    const corrected = await feed(added.cursor);
    expect(
      corrected.changes.map((change) => [change.kind, change.grade?.value.raw, change.previous?.value.raw]),
    ).toEqual([['GRADE_CHANGED', '4', '3']]);

    child.marks.splice(child.marks.indexOf(mark), 1);
    await detect();
    const removed = await feed(corrected.cursor);
    expect(removed.changes.map((change) => [change.kind, change.grade?.value.raw])).toEqual([['GRADE_REMOVED', '4']]);

    // Without a cursor: every change kept, in order.
    expect((await feed()).changes.map((change) => change.kind)).toEqual([
      'GRADE_ADDED',
      'GRADE_CHANGED',
      'GRADE_REMOVED',
    ]);
  });

  it('should refuse a cursor it did not write, in Russian for a Russian client', async () => {
    const response = await gateway.graphql(FEED, { since: 'yesterday' });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.argument).toBe('since');
  });
});

describe('the changes subscription', () => {
  let client: Client;
  const closes: number[] = [];

  function connect(connectionParams: Record<string, unknown> | undefined, headers: Record<string, string> = {}) {
    return createClient({
      url: `${gateway.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      },
      connectionParams,
      retryAttempts: 0,
      lazy: true,
      on: { closed: (event) => closes.push((event as { code: number }).code) },
    });
  }

  /** The first `count` changes the subscription delivers. */
  function take(subscriber: Client, count: number, since: string | null) {
    const received: { kind: string; cursor: string; studentId: string; id: string }[] = [];
    return new Promise<typeof received>((resolve, reject) => {
      const stop = subscriber.subscribe<{ changes: (typeof received)[number] }>(
        {
          query: 'subscription($since: Cursor) { changes(since: $since) { id kind studentId cursor } }',
          variables: { since },
        },
        {
          next: ({ data, errors }) => {
            if (errors) return reject(new Error(JSON.stringify(errors)));
            received.push(data!.changes);
            if (received.length === count) {
              stop();
              resolve(received);
            }
          },
          error: reject,
          complete: () => resolve(received),
        },
      );
    });
  }

  afterAll(async () => {
    await client?.dispose();
  });

  it('should deliver a mark found after `since` once, then go on live', async () => {
    client = connect({ authorization: `Bearer ${gateway.gateway.demo!.token}` });
    const { cursor } = await feed();
    const receiving = take(client, 2, cursor);
    enterMark(childOf('DNEVNIK'), '5');
    await detect();
    enterMark(childOf('ELJUR'), '4');
    await detect();
    const received = await receiving;
    expect(received.map((change) => change.kind)).toEqual(['GRADE_ADDED', 'GRADE_ADDED']);
    expect(new Set(received.map((change) => change.id)).size).toBe(2);
    const inFeed = await feed(cursor);
    expect(inFeed.changes.map((change) => change.id)).toEqual(received.map((change) => change.id));
  });

  it('should close a socket without a valid credential with 4403', async () => {
    const anonymous = connect({ authorization: 'Bearer not-a-session' });
    await expect(take(anonymous, 1, null)).rejects.toBeDefined();
    expect(closes).toContain(4403);
    await anonymous.dispose();
  });

  it('should not take the session cookie from a page of another site', async () => {
    const token = gateway.gateway.demo!.token;
    const before = closes.length;
    const hijacked = connect(undefined, { cookie: `dg_session=${token}`, origin: 'https://evil.example' });
    await expect(take(hijacked, 1, null)).rejects.toBeDefined();
    expect(closes.slice(before)).toContain(4403);
    await hijacked.dispose();
  });

  it('should leave queries to HTTP', async () => {
    const subscriber = connect({ authorization: `Bearer ${gateway.gateway.demo!.token}` });
    const answer = new Promise<unknown>((resolve) => {
      subscriber.subscribe({ query: '{ viewer { id } }' }, { next: resolve, error: resolve, complete: () => {} });
    });
    expect(JSON.stringify(await answer)).toContain('Only subscriptions are served over WebSocket');
    await subscriber.dispose();
  });
});

describe('subscriptions on a gateway that runs registered operations only', () => {
  it('should refuse an ad-hoc subscription with PERSISTED_QUERY_NOT_ALLOWED', async () => {
    const strict = await startTestGateway({ PERSISTED_OPERATIONS: 'only' });
    const subscriber = createClient({
      url: `${strict.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${strict.gateway.demo!.token}` },
      retryAttempts: 0,
    });
    const answer = await new Promise<unknown>((resolve) => {
      subscriber.subscribe(
        { query: 'subscription { changes { id } }' },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });
    expect(JSON.stringify(answer)).toContain('PERSISTED_QUERY_NOT_ALLOWED');
    await subscriber.dispose();
  });
});
