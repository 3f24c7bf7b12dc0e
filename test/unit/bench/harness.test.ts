import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decideFault, replayKey, seededRandom } from '../../../bench/fault-proxy.js';
import { decodeBodiesWhole, runLoad, type LoadJob } from '../../../bench/load.js';
import { formatRatio, formatShare, formatTable, formatValidated, goalsTable } from '../../../bench/report.js';
import { dashboardDates } from '../../../bench/dashboard.js';
import { benchAccounts } from '../../../bench/providers.js';
import {
  chainDepth,
  gradedPeriodDays,
  minimumCalls,
  routeDifferences,
  routeTemplate,
  summarizeRequests,
} from '../../../bench/upstream-calls.js';
import { generateDemoFamily } from '../../../src/demo/generate-family.js';
import { createValidator, ValidationTally, type Validation } from '../../../bench/validate.js';
import { listeningServer } from '../../support/http-server.js';

// The benchmark's own correctness: how it judges answers, counts calls and prints tables. No timings.

const student = (name: string, grades: number, freshness: { isStale: boolean } = { isStale: false }) => ({
  id: `stu_${name}`,
  fullName: name,
  grades: Array.from({ length: grades }, (_, index) => ({ id: `g${index}` })),
  freshness: [{ provider: 'MESH', ...freshness, error: null }],
});
const GOLDEN = JSON.stringify({ data: { masha: student('masha', 2), sonya: student('sonya', 3) } });
const answer = (data: unknown, errors?: unknown[]) => JSON.stringify(errors ? { errors, data } : { data });
const providerError = (alias: string, code = 'PROVIDER_UNAVAILABLE', staleDataServed = false) => ({
  message: 'Dnevnik.ru is unavailable.',
  path: [alias, 'grades'],
  extensions: { code, provider: 'DNEVNIK', staleDataServed },
});

describe('createValidator (exact)', () => {
  const validate = createValidator({ kind: 'exact', golden: GOLDEN });

  it.each([
    ['the golden bytes', 200, GOLDEN, { valid: true }],
    ['another status', 500, GOLDEN, { valid: false, reason: 'HTTP 500' }],
    ['not JSON', 200, '<html>', { valid: false, reason: 'body is not JSON' }],
    [
      'other data',
      200,
      answer({ masha: student('masha', 1) }),
      { valid: false, reason: 'body differs from the golden answer' },
    ],
  ])('should judge %s', (_name, status, body, verdict) => {
    expect(validate(status, body)).toMatchObject(verdict);
  });

  it('should name the error codes of an answer with errors, with an example', () => {
    const verdict = validate(200, answer(JSON.parse(GOLDEN).data, [providerError('sonya', 'PROVIDER_TIMEOUT')]));
    expect(verdict).toMatchObject({ valid: false, reason: 'errors: PROVIDER_TIMEOUT' });
    expect(verdict.detail).toContain('["sonya","grades"]');
  });
});

describe('createValidator (degraded)', () => {
  const validation: Validation = {
    kind: 'degraded',
    golden: GOLDEN,
    healthy: ['masha'],
    failing: ['sonya'],
    allowedCodes: ['PROVIDER_UNAVAILABLE', 'PROVIDER_TIMEOUT'],
  };
  const validate = createValidator(validation);
  const golden = JSON.parse(GOLDEN).data;

  it.each([
    ['the golden answer', answer(golden), { valid: true, healthyData: true, failing: 'fresh' }],
    [
      'a stale copy of the failing child',
      answer({ masha: golden.masha, sonya: student('sonya', 3, { isStale: true }) }, [
        providerError('sonya', 'PROVIDER_UNAVAILABLE', true),
      ]),
      { valid: true, healthyData: true, failing: 'stale' },
    ],
    [
      'the failing child with lists missing',
      answer({ masha: golden.masha, sonya: student('sonya', 0) }, [providerError('sonya', 'PROVIDER_TIMEOUT')]),
      { valid: true, healthyData: true, failing: 'partial' },
    ],
    [
      'an error on the healthy child',
      answer(golden, [providerError('masha')]),
      { valid: false, reason: 'unexpected PROVIDER_UNAVAILABLE on a healthy child' },
    ],
    [
      'an error code faults cannot cause',
      answer(golden, [providerError('sonya', 'INTERNAL_SERVER_ERROR')]),
      { valid: false, reason: 'unexpected INTERNAL_SERVER_ERROR at ["sonya","grades"]' },
    ],
    [
      'the healthy child changed',
      answer({ masha: student('masha', 1), sonya: golden.sonya }),
      { valid: false, healthyData: false },
    ],
    [
      'the failing child changed without an error',
      answer({ masha: golden.masha, sonya: student('sonya', 1) }),
      { valid: false, reason: 'failing child malformed or changed without an error' },
    ],
    [
      'the failing child missing',
      answer({ masha: golden.masha, sonya: null }, [providerError('sonya')]),
      { valid: false, reason: 'failing child missing' },
    ],
  ])('should judge %s', (_name, body, verdict) => {
    expect(validate(200, body)).toMatchObject(verdict);
  });
});

describe('ValidationTally', () => {
  it('should add verdicts up, count unanswered requests as invalid and keep one example per reason', () => {
    const tally = new ValidationTally();
    tally.add({
      valid: true,
      healthyData: true,
      failing: 'stale',
      codes: ['PROVIDER_UNAVAILABLE', 'PROVIDER_UNAVAILABLE'],
    });
    tally.add({ valid: false, reason: 'HTTP 502', detail: 'first' });
    tally.add({ valid: false, reason: 'HTTP 502', detail: 'second' });
    tally.addUnanswered(2);
    expect(tally.result()).toEqual({
      checked: 5,
      valid: 1,
      invalid: 4,
      reasons: { 'HTTP 502': 2, 'no answer (connection error or client timeout)': 2 },
      examples: { 'HTTP 502': 'first' },
      healthyData: 1,
      failing: { fresh: 0, stale: 1, partial: 0 },
      codes: { PROVIDER_UNAVAILABLE: 1 },
    });
  });
});

describe('report formatting', () => {
  it('should render a padded markdown table with notes', () => {
    const table = formatTable({
      title: 'Cold path',
      columns: ['variant', 'p50'],
      rows: [
        ['cold', '312 ms'],
        ['a|b', '9.5 ms'],
      ],
      notes: ['one note'],
    });
    expect(table).toBe(
      [
        '### Cold path',
        '',
        '| variant | p50    |',
        '|---------|--------|',
        '| cold    | 312 ms |',
        '| a\\|b    | 9.5 ms |',
        '',
        '- one note',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [formatRatio(1.234), '1.23×'],
    [formatRatio(Number.NaN), '–'],
    [formatShare(10, 10), '100%'],
    [formatShare(999, 1000), '99.9%'],
    [formatShare(1, 0), '–'],
    [formatValidated({ checked: 1200, invalid: 0 }), 'validated (1,200/1,200)'],
    [formatValidated({ checked: 10, invalid: 3 }), 'INVALID 3/10'],
  ])('should format to %s', (formatted, expected) => {
    expect(formatted).toBe(expected);
  });

  it('should mark goals met, not met, and reported without a target', () => {
    const table = goalsTable([
      { goal: 'a', target: '≤ 1', measured: '0.5', met: true },
      { goal: 'b', target: '≥ 0.7', measured: '0.5', met: false },
      { goal: 'c', target: 'reported', measured: '–', met: null },
    ]);
    expect(table.rows.map((row) => row[3])).toEqual(['yes', 'NOT YET', '– (reported)']);
  });
});

describe('upstream call accounting', () => {
  it('should group requests by route and by exact call', () => {
    const summary = summarizeRequests([
      { path: '/marks', query: { to: '2', from: '1' } },
      { path: '/marks', query: { from: '1', to: '2' } },
      { path: '/profile', query: {} },
    ]);
    expect(summary).toEqual({
      total: 3,
      byRoute: { '/marks': 2, '/profile': 1 },
      byCall: { '/marks?from=1&to=2': 2, '/profile?': 1 },
    });
  });

  const family = generateDemoFamily({ today: '2026-11-23' });
  const child = (key: string) => family.children.find((each) => each.key === key)!;
  const dates = dashboardDates('2026-11-23');
  const total = (routes: Record<string, number> | undefined) =>
    Object.values(routes ?? {}).reduce((sum, count) => sum + count, 0);

  it('should link one account per diary, the main installation’s: the region’s МЭШ account has no simulator in the bench', () => {
    // The demo parent also holds a МЭШ account on the Moscow region's «Моя школа»; the bench seeds each family
    // with one account per diary, under one id per diary, so a second МЭШ account would replace the first.
    expect(family.accounts.filter((account) => account.provider === 'MESH')).toHaveLength(2);
    const linked = benchAccounts(family, ['MESH', 'DNEVNIK']);
    expect(linked.map((account) => [account.provider, account.tenant ?? null, account.childKeys])).toEqual([
      ['MESH', null, ['masha', 'artem']],
      ['DNEVNIK', null, ['sonya', 'artem-chess']],
    ]);
    expect(benchAccounts(family, ['MESH'])).toEqual([linked[0]]);
  });

  it('should derive the МЭШ minimum from the adapter’s routes: two per account; per child four, plus the days read for lesson numbers', () => {
    // Recent grades (2026-11-10…23) and 2 четверть up to today (2026-11-09…23, not to its end 2027-01-10):
    // November alone, one month of marks per child.
    const minimum = minimumCalls(
      [
        {
          provider: 'MESH',
          accountChildren: [child('masha'), child('artem')],
          dashboardChildren: [child('masha'), child('artem')],
        },
      ],
      dates,
    );
    expect(minimum.MESH?.['/api/family/mobile/v1/marks']).toBe(2);
    expect(minimum.MESH?.['/api/eventcalendar/v1/api/events']).toBe(2);
    // The days of November that show every bell and every subject of each child once (4 + 5), not one per school day.
    expect(minimum.MESH?.['/api/family/mobile/v1/schedule']).toBe(9);
    // Both children missed a lesson in November: the parent's notices decide its absence, one call each.
    expect(minimum.MESH?.['/api/family/mobile/v1/attendance']).toBe(2);
    expect(total(minimum.MESH)).toBe(21);
  });

  it('should derive the Dnevnik.ru minimum with calendar-month pieces up to today and one average per started period', () => {
    // Today, the week, the recent range and 2 четверть up to today (2026-11-09…23) all lie in November: one
    // month of schedules and one of marks; the averages of both started periods.
    const minimum = minimumCalls(
      [{ provider: 'DNEVNIK', accountChildren: [child('sonya')], dashboardChildren: [child('sonya')] }],
      dates,
    );
    expect(minimum.DNEVNIK).toMatchObject({
      '/v2/users/me': 1,
      '/v2/persons/{id}/groups/{id}/schedules': 1,
      '/v2/persons/{id}/schools/{id}/marks/{date}/{date}': 1,
      '/v2/edu-groups/{id}/reporting-periods/{id}/avg-marks/{date}': 2,
    });
    expect(total(minimum.DNEVNIK)).toBe(14);
  });

  it('should ask each Dnevnik.ru school the context names once, however many children attend it', () => {
    const twin = { ...child('sonya'), key: 'sonya-twin' };
    const minimum = minimumCalls(
      [
        {
          provider: 'DNEVNIK',
          accountChildren: [child('sonya'), twin, child('artem-chess')],
          dashboardChildren: [child('sonya')],
        },
      ],
      dates,
    );
    expect(minimum.DNEVNIK?.['/v2/schools/{id}']).toBe(2);
    expect(minimum.DNEVNIK?.['/v2/persons/{id}/edu-groups']).toBe(3);
  });

  it('should read no grades after today: late in a period, its later months cost nothing; before it starts, nothing', () => {
    // 2026-12-07 (this bench's date): recent 11-24…12-07, 2 четверть up to today: November and December.
    const december = minimumCalls(
      [{ provider: 'MESH', accountChildren: [child('masha')], dashboardChildren: [child('masha')] }],
      dashboardDates('2026-12-07'),
    );
    expect(december.MESH?.['/api/family/mobile/v1/marks']).toBe(2);
    expect(gradedPeriodDays({ start: '2026-11-09', end: '2027-01-10' }, '2026-12-07')).toEqual([
      { from: '2026-11-09', to: '2026-12-07' },
    ]);
    expect(gradedPeriodDays({ start: '2026-09-01', end: '2026-11-08' }, '2026-12-07')).toEqual([
      { from: '2026-09-01', to: '2026-11-08' },
    ]);
    expect(gradedPeriodDays({ start: '2027-01-11', end: '2027-04-04' }, '2026-12-07')).toEqual([]);
    expect(gradedPeriodDays(undefined, '2026-12-07')).toEqual([]);
  });

  it('should list only the routes off their minimum', () => {
    expect(routeDifferences({ '/a': 1, '/b': 3 }, { '/a': 1, '/b': 2, '/c': 1 })).toEqual(['/b: 3/2', '/c: 0/1']);
  });

  it.each([
    [
      '/v2/persons/1000006315345/schools/1000002581/marks/2026-11-10/2026-11-23',
      '/v2/persons/{id}/schools/{id}/marks/{date}/{date}',
    ],
    ['/api/family/mobile/v1/marks', '/api/family/mobile/v1/marks'],
  ])('should turn %s into a route template', (path, template) => {
    expect(routeTemplate(path)).toBe(template);
  });

  it('should find the longest chain of calls that waited for each other', () => {
    const timeline = [
      { route: 'profile_info', at: 0, ms: 100 },
      { route: 'profile', at: 101, ms: 100 },
      { route: 'marks', at: 202, ms: 100 },
      { route: 'homeworks', at: 202, ms: 100 },
      { route: 'marks for the period', at: 303, ms: 100 },
      { route: 'hung', at: 303, ms: null },
    ];
    expect(chainDepth(timeline)).toBe(4);
    expect(chainDepth([])).toBe(0);
  });
});

describe('fault proxy decisions', () => {
  it.each([
    [{ kind: 'none' } as const, 0, 'pass'],
    [{ kind: 'down' } as const, 0.99, 'down'],
    [{ kind: 'flaky', errorRate: 0.05, hangRate: 0.01 } as const, 0.049, 'error'],
    [{ kind: 'flaky', errorRate: 0.05, hangRate: 0.01 } as const, 0.055, 'hang'],
    [{ kind: 'flaky', errorRate: 0.05, hangRate: 0.01 } as const, 0.061, 'pass'],
  ])('should decide %j with draw %d: %s', (plan, draw, decision) => {
    expect(decideFault(plan, draw)).toBe(decision);
  });

  it('should draw the same sequence from the same seed, near the asked shares', () => {
    const first = seededRandom(6);
    const second = seededRandom(6);
    const draws = Array.from({ length: 10_000 }, () => first());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => second()));
    const errors = draws.filter(
      (draw) => decideFault({ kind: 'flaky', errorRate: 0.05, hangRate: 0.01 }, draw) === 'error',
    ).length;
    expect(errors).toBeGreaterThan(400);
    expect(errors).toBeLessThan(600);
  });

  it('should key replays on every header but the connection’s own', () => {
    const a = replayKey('GET', '/marks?x=1', { host: 'a:1', connection: 'keep-alive', 'auth-token': 't1' });
    expect(replayKey('GET', '/marks?x=1', { host: 'b:2', 'auth-token': 't1' })).toBe(a);
    expect(replayKey('GET', '/marks?x=1', { host: 'a:1', 'auth-token': 't2' })).not.toBe(a);
  });
});

describe('load client', () => {
  const require = createRequire(import.meta.url);
  const PipelinedRequestsQueue = require('autocannon/lib/pipelinedRequestsQueue') as new () => {
    insertRequest(request: unknown): void;
    addBody(data: Buffer): void;
    terminateRequest(): { body: string };
  };
  const text = JSON.stringify({ data: { fullName: 'Иванова Мария Андреевна' } });
  const bytes = Buffer.from(text);
  // Split inside the two bytes of a Cyrillic letter, as a TCP read boundary may.
  const split = bytes.indexOf(Buffer.from('М')) + 1;

  it('should keep a UTF-8 character split across two reads whole', () => {
    const client = { pipelinedRequests: new PipelinedRequestsQueue() };
    decodeBodiesWhole(client);
    client.pipelinedRequests.insertRequest({});
    client.pipelinedRequests.addBody(bytes.subarray(0, split));
    client.pipelinedRequests.addBody(bytes.subarray(split));
    expect(client.pipelinedRequests.terminateRequest().body).toBe(text);
  });

  it('should show why the fix exists: autocannon alone garbles the split character', () => {
    const queue = new PipelinedRequestsQueue();
    queue.insertRequest({});
    queue.addBody(bytes.subarray(0, split));
    queue.addBody(bytes.subarray(split));
    expect(queue.terminateRequest().body).not.toBe(text);
  });

  it('should validate every answer of a real run and give each connection its own session', async () => {
    const seen = new Set<string>();
    let served = 0;
    const { url } = await listeningServer((request, response) => {
      seen.add(String(request.headers.authorization));
      request.resume();
      // Every fifth answer is wrong, so the run must report exactly those as invalid.
      const body = ++served % 5 === 0 ? text.replace('Мария', 'Мар') : text;
      request.once('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
    });
    const result = await runLoad({
      url,
      body: '{}',
      sessions: ['s1', 's2', 's3'],
      sessionMode: 'per-connection',
      connections: 3,
      amount: 30,
      timeoutS: 5,
      validation: { kind: 'exact', golden: text },
    });
    expect(result.requests).toBe(30);
    expect(result.validation).toMatchObject({
      checked: 30,
      valid: 24,
      invalid: 6,
      reasons: { 'body differs from the golden answer': 6 },
    });
    expect([...seen].sort()).toEqual(['Bearer s1', 'Bearer s2', 'Bearer s3']);
  });

  it('should ask for gzip only when told to, and check gzip bodies unzipped', async () => {
    const encodings: string[] = [];
    const { url } = await listeningServer((request, response) => {
      const encoding = String(request.headers['accept-encoding'] ?? 'none');
      encodings.push(encoding);
      request.resume();
      // A client that takes gzip may still get a plain answer: every other one is sent as it is.
      const zipped = encoding.includes('gzip') && encodings.length % 2 === 0;
      const headers = { 'content-type': 'application/json', ...(zipped ? { 'content-encoding': 'gzip' } : {}) };
      request.once('end', () => response.writeHead(200, headers).end(zipped ? gzipSync(text) : text));
    });
    const job: LoadJob = {
      url,
      body: '{}',
      sessions: ['s1'],
      sessionMode: 'per-connection',
      connections: 2,
      amount: 10,
      timeoutS: 5,
      validation: { kind: 'exact', golden: text },
    };
    const zipped = await runLoad({ ...job, acceptGzip: true });
    expect(zipped.validation).toMatchObject({ checked: 10, valid: 10, invalid: 0 });
    expect(new Set(encodings)).toEqual(new Set(['gzip']));
    encodings.length = 0;
    const plain = await runLoad(job);
    expect(plain.validation).toMatchObject({ checked: 10, valid: 10, invalid: 0 });
    expect(new Set(encodings)).toEqual(new Set(['none']));
  });
});
