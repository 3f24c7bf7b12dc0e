import { describe, expect, it, vi } from 'vitest';
import {
  CallJournal,
  journaledTransport,
  journaling,
  noteStructureRead,
  outsideJournal,
  replayJournal,
  secretsOf,
  type Replays,
} from '../../../src/upstream/call-journal.js';
import { createUpstreamScope } from '../../../src/upstream/request-scope.js';
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from '../../../src/upstream/transport.js';

/** A diary whose answer to each path can be changed, counting the calls it receives. */
function fakeDiary() {
  const bodies = new Map<string, string>([
    ['/marks', '{"marks":[5,4]}'],
    ['/homework', '{"items":[]}'],
  ]);
  const status = new Map<string, number>();
  const calls: string[] = [];
  const inner: HttpTransport = vi.fn(async (request: UpstreamRequest): Promise<UpstreamResponse> => {
    calls.push(`${request.method} ${request.url.pathname}`);
    return {
      status: status.get(request.url.pathname) ?? 200,
      headers: {},
      body: bodies.get(request.url.pathname) ?? '{}',
    };
  });
  return { inner, transport: journaledTransport(inner), bodies, status, calls };
}

const get = (path: string, token = 'token-1'): UpstreamRequest => ({
  method: 'GET',
  url: new URL(`https://diary.test${path}`),
  headers: { 'auth-token': token },
});

describe('call journal', () => {
  it('should note each GET made inside a journal with a digest of its answer, and nothing outside one', async () => {
    const diary = fakeDiary();
    const journal = new CallJournal('inputs', 0);
    await journaling(journal, new Map(), async () => {
      await diary.transport(get('/marks'));
      await diary.transport(get('/homework'));
      await diary.transport(get('/marks'));
    });
    await diary.transport(get('/homework', 'token-2'));
    expect(journal.replayable).toBe(true);
    expect(journal.callList().map((call) => new URL(call.identity.split('\n')[0]!).pathname)).toEqual([
      '/marks',
      '/homework',
    ]);
  });

  it('should abandon a journal on a non-GET, a failed answer or a thrown call, and keep no calls then', async () => {
    for (const make of [
      (diary: ReturnType<typeof fakeDiary>) => diary.transport({ ...get('/token'), method: 'POST', body: 'x' }),
      (diary: ReturnType<typeof fakeDiary>) => (diary.status.set('/marks', 401), diary.transport(get('/marks'))),
      async () => {
        const failing = journaledTransport(async () => Promise.reject(new Error('connection reset')));
        await failing(get('/marks')).catch(() => undefined);
      },
    ]) {
      const diary = fakeDiary();
      const journal = new CallJournal('inputs', 0);
      await journaling(journal, new Map(), async () => {
        await diary.transport(get('/homework'));
        await make(diary);
      });
      expect(journal.replayable).toBe(false);
      expect(journal.callList()).toEqual([]);
    }
  });

  it('should give every result built on a shared memo load the calls that load made', async () => {
    const diary = fakeDiary();
    const scope = createUpstreamScope(undefined, true);
    const shared = () => scope.once('acc:marks', () => diary.transport(get('/marks')));
    const first = new CallJournal('a', 0);
    const second = new CallJournal('b', 0);
    await Promise.all([
      journaling(first, new Map(), async () => {
        await shared();
        await diary.transport(get('/homework'));
      }),
      journaling(second, new Map(), shared),
    ]);
    expect(diary.calls).toEqual(['GET /marks', 'GET /homework']);
    expect(second.callList().map((call) => new URL(call.identity.split('\n')[0]!).pathname)).toEqual(['/marks']);
    expect(first.callList().map((call) => new URL(call.identity.split('\n')[0]!).pathname)).toEqual([
      '/marks',
      '/homework',
    ]);
  });

  it('should give a result the calls of a memo load started by work that keeps no journal', async () => {
    const diary = fakeDiary();
    const scope = createUpstreamScope(undefined, true);
    const load = () => scope.once('acc:marks', () => diary.transport(get('/marks')));
    const started = load(); // the profile read, say: no journal
    const journal = new CallJournal('a', 0);
    await journaling(journal, new Map(), load);
    await started;
    expect(journal.callList()).toHaveLength(1);
  });

  it('should note a structure read as a dependency, and the calls made outside the journal not at all', async () => {
    const diary = fakeDiary();
    const journal = new CallJournal('a', 0);
    await journaling(journal, new Map(), async () => {
      await outsideJournal(() => diary.transport(get('/periods')));
      noteStructureRead('v2:acc:structure:periods', 1234);
      await diary.transport(get('/marks'));
    });
    expect(journal.callList()).toHaveLength(1);
    expect(journal.close()!.structure).toEqual([['v2:acc:structure:periods', 1234]]);
  });

  it('should replay each call once per request and say whether every answer has its bytes', async () => {
    const diary = fakeDiary();
    const journal = new CallJournal('a', 0);
    await journaling(journal, new Map(), async () => {
      await diary.transport(get('/marks'));
      await diary.transport(get('/homework'));
    });
    const replays: Replays = new Map();
    expect(await replayJournal(journal.close()!, replays)).toBe(true);
    expect(await replayJournal(journal.close()!, replays)).toBe(true);
    expect(diary.calls).toHaveLength(4);

    diary.bodies.set('/homework', '{"items":[{"text":"§12"}]}');
    expect(await replayJournal(journal.close()!, new Map())).toBe(false);
    diary.bodies.set('/homework', '{"items":[]}');
    diary.status.set('/marks', 500);
    expect(await replayJournal(journal.close()!, new Map())).toBe(false);
  });

  it('should answer a call the adapter makes again from the replay of it: a changed answer costs one call', async () => {
    const diary = fakeDiary();
    const journal = new CallJournal('a', 0);
    await journaling(journal, new Map(), () => diary.transport(get('/marks')));
    diary.bodies.set('/marks', '{"marks":[5,4,3]}');
    const replays: Replays = new Map();
    expect(await replayJournal(journal.close()!, replays)).toBe(false);
    const rebuilt = new CallJournal('a', 1);
    const answer = await journaling(rebuilt, replays, () => diary.transport(get('/marks')));
    expect(answer.body).toBe('{"marks":[5,4,3]}');
    expect(diary.calls).toEqual(['GET /marks', 'GET /marks']);
    expect(rebuilt.replayable).toBe(true);
  });

  it('should hand the adapter a replay that failed as its own failure, without calling again', async () => {
    let fail = false;
    const calls: string[] = [];
    const transport = journaledTransport(async (request) => {
      calls.push(request.url.pathname);
      if (fail) throw new Error('connection reset');
      return { status: 200, headers: {}, body: '{}' };
    });
    const journal = new CallJournal('a', 0);
    await journaling(journal, new Map(), () => transport(get('/marks')));
    fail = true;
    const replays: Replays = new Map();
    expect(await replayJournal(journal.close()!, replays)).toBe(false);
    const rebuilt = new CallJournal('a', 1);
    await expect(journaling(rebuilt, replays, () => transport(get('/marks')))).rejects.toThrow('connection reset');
    expect(calls).toEqual(['/marks', '/marks']);
    expect(rebuilt.replayable).toBe(false);
  });

  it('should use the digest the transport made from the bytes, and the text only when it made none', async () => {
    const answers: UpstreamResponse[] = [
      { status: 200, headers: {}, body: 'ignored', digest: 'same' },
      { status: 200, headers: {}, body: 'different text', digest: 'same' },
    ];
    const transport = journaledTransport(async () => answers.shift()!);
    const journal = new CallJournal('a', 0);
    await journaling(journal, new Map(), () => transport(get('/marks')));
    const replay = journal.callList()[0]!;
    expect(replay.digest).toBe('same');
    expect(await replayJournal(journal.close()!, new Map())).toBe(true);
  });

  it('should keep no credential in a journal, and send the account’s own again when replaying', async () => {
    const token = 'a-long-session-token-0123456789';
    const seen: UpstreamRequest[] = [];
    const transport = journaledTransport(async (request) => {
      seen.push(request);
      return { status: 200, headers: {}, body: '{}' };
    });
    const secrets = secretsOf({ token, login: 'ivanova', password: 'correct horse battery' });
    expect(secrets).toEqual([token, 'correct horse battery']);
    const journal = new CallJournal('a', 0);
    await journaling(
      journal,
      new Map(),
      () => transport({ ...get(`/marks?auth_token=${token}`, token), headers: { 'auth-token': token } }),
      secrets,
    );
    const closed = journal.close()!;
    expect(JSON.stringify(closed.calls.map((call) => call.identity))).not.toContain(token);
    expect(await replayJournal(closed, new Map(), undefined, secrets)).toBe(true);
    expect(seen[1]!.url.searchParams.get('auth_token')).toBe(token);
    expect(seen[1]!.headers['auth-token']).toBe(token);
  });

  it('should mask the credentials of calls a shared load made for work that keeps no journal', async () => {
    const token = 'a-long-session-token-0123456789';
    const transport = journaledTransport(async () => ({ status: 200, headers: {}, body: '{}' }));
    const scope = createUpstreamScope(undefined, true);
    const profile = () => scope.once('acc:profile', () => transport(get('/profile', token)));
    const started = profile(); // the profile read: no journal, no secrets known
    const journal = new CallJournal('a', 0);
    await journaling(journal, new Map(), profile, secretsOf({ token }));
    await started;
    const closed = journal.close()!;
    expect(closed.calls).toHaveLength(1);
    expect(closed.calls[0]!.identity).not.toContain(token);
  });
});
