import { describe, expect, it } from 'vitest';
import { DEFAULT_FRESHNESS, parseFreshnessOverrides } from '../../../src/config/cache-freshness.js';
import { asksForText, familyPageRange, findOperation, schoolYearStart } from '../../../bench/family-page.js';
import { dashboardRange } from '../../../web/src/dates.js';
import type { SizingResult } from '../../../bench/scenarios/sizing.js';
import { demoGoldenProblems } from '../../../bench/scenarios/sizing-views.js';
import {
  callsPerFamilyHour,
  classifyKey,
  compressedFreshness,
  perSecond,
  perThousandFamilies,
  sumByKind,
} from '../../../bench/sizing.js';
import { formatBytes, sizingCallsTable, sizingRedisTable } from '../../../bench/sizing-tables.js';
import { createValidator, ValidationTally } from '../../../bench/validate.js';

// The sizing scenario's arithmetic and parsing, on fixed inputs. No Redis, no gateway, no timings.

describe('compressedFreshness', () => {
  it('should divide every default window by 60 into whole seconds', () => {
    expect(compressedFreshness(DEFAULT_FRESHNESS, 60)).toBe(
      'profile=10,structure=360,subjects=30,periods=30,averages=10,grades=2,homework=5,schedule=60,attendance=2,' +
        'non-school-days=720,messages=1,notices=5,recipients=60,remarks=10,signatures=2',
    );
  });

  it('should give CACHE_FRESHNESS a spec it reads back as the windows ÷ 60, revalidate windows included', () => {
    const read = parseFreshnessOverrides(compressedFreshness(DEFAULT_FRESHNESS, 60));
    for (const [resource, windows] of Object.entries(DEFAULT_FRESHNESS)) {
      expect(read[resource as keyof typeof read]).toEqual({
        freshMs: windows.freshMs / 60,
        revalidateMs: windows.revalidateMs / 60,
      });
    }
  });

  it('should refuse a window that does not divide into whole seconds, naming it', () => {
    expect(() => compressedFreshness({ grades: { freshMs: 90_000, revalidateMs: 900_000 } }, 60)).toThrow(
      new RangeError('grades: a fresh window of 90000 ms ÷ 60 is not a whole number of seconds'),
    );
  });
});

describe('classifyKey', () => {
  const prefix = 'dg-bench-abc-store:';

  it.each([
    ['{store}:user:usr_bench_0', { kind: '{store}', perFamily: true }],
    ['{store}:session:9f8e', { kind: '{store}', perFamily: true }],
    ['cache:v2:acc_bench_0_mesh:grades:AbC', { kind: 'cache', perFamily: true }],
    ['rate:session:9f8e', { kind: 'rate', perFamily: true }],
    ['rate:upstream:MESH', { kind: 'rate', perFamily: false }],
    ['apq:ef6d4dc9', { kind: 'apq', perFamily: false }],
    ['something-else', { kind: 'other', perFamily: true }],
  ])('should classify %s', (rest, expected) => {
    expect(classifyKey(prefix + rest, prefix)).toEqual(expected);
  });
});

describe('sumByKind', () => {
  const p = 'x:';
  const usage = sumByKind(
    [
      { key: `${p}{store}:user:a`, bytes: 100 },
      { key: `${p}{store}:user:b`, bytes: 100 },
      { key: `${p}{store}:session:a`, bytes: 50 },
      { key: `${p}cache:v2:a:grades:1`, bytes: 1000 },
      { key: `${p}cache:v2:b:grades:1`, bytes: 3000 },
      { key: `${p}rate:upstream:MESH`, bytes: 70 },
      { key: `${p}apq:abc`, bytes: 2000 },
      { key: `${p}rate:session:a`, bytes: null },
    ],
    p,
    2,
  );
  const kind = (name: string) => usage.kinds.find((each) => each.kind === name)!;

  it('should divide what belongs to families by the families, and ×1,000 that for the line', () => {
    expect(kind('{store}')).toMatchObject({
      familyKeys: 3,
      familyBytes: 250,
      keysPerFamily: 1.5,
      bytesPerFamily: 125,
      bytesPer1000Families: 125_000,
    });
    expect(kind('cache')).toMatchObject({ bytesPerFamily: 2000, bytesPer1000Families: 2_000_000 });
  });

  it('should keep shared keys out of the per-family figures and count them once', () => {
    expect(kind('apq')).toMatchObject({ sharedKeys: 1, sharedBytes: 2000, familyKeys: 0, bytesPer1000Families: 0 });
    expect(kind('rate')).toMatchObject({ sharedKeys: 1, sharedBytes: 70, familyKeys: 0 });
  });

  it('should leave out keys that expired before their size was asked', () => {
    expect(usage.total).toMatchObject({ familyKeys: 5, familyBytes: 4250, sharedKeys: 2, sharedBytes: 2070 });
  });

  it('should refuse zero families', () => {
    expect(() => sumByKind([], p, 0)).toThrow(RangeError);
  });
});

describe('per-family arithmetic', () => {
  it('should make a per-1,000 line the per-family figure × 1,000', () => {
    expect(perThousandFamilies(2.594)).toBeCloseTo(2594);
  });

  it('should give calls per family-hour: ÷ families, scaled to 60 compressed minutes', () => {
    expect(callsPerFamilyHour(4 * 2594, 4, 60)).toBe(2594);
    expect(callsPerFamilyHour(300, 2, 20)).toBe(450);
    expect(() => callsPerFamilyHour(1, 0, 60)).toThrow(RangeError);
  });

  it('should turn calls per hour into calls per second', () => {
    expect(perSecond(7200)).toBe(2);
  });
});

describe('the family page dashboard', () => {
  const manifest = {
    'sha256:aa': 'fragment F on Student { id } query DashboardTotals { viewer { id } }',
    'sha256:bb': 'fragment F on Student { id } query Dashboard($today: Date!) { viewer { id } }',
    'sha256:cc': 'mutation Dashboard2 { x }',
  };

  it('should find exactly the operation named Dashboard', () => {
    expect(findOperation(manifest, 'Dashboard')).toEqual({ documentId: 'sha256:bb', text: manifest['sha256:bb'] });
  });

  it('should refuse a manifest without it, or with two', () => {
    expect(() => findOperation({}, 'Dashboard')).toThrow('found 0');
    expect(() => findOperation({ ...manifest, 'sha256:dd': 'query Dashboard { a }' }, 'Dashboard')).toThrow('found 2');
  });

  it.each([
    ['2026-11-23', '2026-09-01'],
    ['2026-09-01', '2026-09-01'],
    ['2026-08-31', '2025-09-01'],
    ['2027-01-10', '2026-09-01'],
  ])('should start the school year of %s on %s', (today, start) => {
    expect(schoolYearStart(today)).toBe(start);
  });

  it('should compute the page dates from one today', () => {
    expect(familyPageRange('2026-12-31')).toEqual({
      today: '2026-12-31',
      tomorrow: '2027-01-01',
      homeworkUntil: '2027-01-07',
      gradesSince: '2026-09-01',
      attendanceSince: '2026-12-01',
    });
  });

  // The bench keeps its own copy (it must not ship the page's code in its build); this holds the two equal.
  it.each(['2026-12-31', '2026-09-01', '2026-08-31', '2027-02-28', '2028-02-28'])(
    'should ask the dates the family page asks on %s',
    (today) => {
      const [year, month, day] = today.split('-').map(Number) as [number, number, number];
      expect(familyPageRange(today)).toEqual(dashboardRange(new Date(year, month - 1, day, 12)));
    },
  );

  it('should recognise Apollo asking for the text of an unknown id, and nothing else', () => {
    const notFound = {
      errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    };
    expect(asksForText(JSON.stringify(notFound))).toBe(true);
    expect(asksForText(JSON.stringify({ ...notFound, data: null }))).toBe(false);
    expect(asksForText(JSON.stringify({ data: { viewer: null } }))).toBe(false);
    expect(asksForText('<html>')).toBe(false);
  });

  it.each([
    [{ status: 200, text: JSON.stringify({ data: { viewer: { students: [{ id: 's' }] } } }) }, []],
    [{ status: 502, text: '' }, ['HTTP 502']],
    [{ status: 200, text: '{' }, ['the body is not JSON']],
    [{ status: 200, text: JSON.stringify({ data: { viewer: { students: [] } } }) }, ['no students']],
  ])('should judge a first demo answer', (answer, problems) => {
    expect(demoGoldenProblems(answer)).toEqual(problems);
  });
});

describe('createValidator (revalidating)', () => {
  const child = (isStale: boolean, fetchedAt: string) => ({
    id: 'stu_1',
    grades: [{ id: 'g1' }],
    freshness: [{ provider: 'MESH', isStale, fetchedAt, error: null }],
  });
  const golden = JSON.stringify({ data: { viewer: { students: [child(false, '2026-11-23T10:00:00Z')] } } });
  const validate = createValidator({ kind: 'revalidating', golden });

  it('should accept the golden answer whatever its freshness says, and tell a stale-marked one', () => {
    const stale = JSON.stringify({ data: { viewer: { students: [child(true, '2026-11-23T10:03:00Z')] } } });
    expect(validate(200, golden)).toEqual({ valid: true, staleMarked: false });
    expect(validate(200, stale)).toEqual({ valid: true, staleMarked: true });
    const tally = new ValidationTally();
    tally.add(validate(200, golden));
    tally.add(validate(200, stale));
    expect(tally.result()).toMatchObject({ checked: 2, valid: 2, staleMarked: 1 });
  });

  it('should refuse other data, errors and other statuses', () => {
    const other = JSON.stringify({ data: { viewer: { students: [{ ...child(false, 'x'), grades: [] }] } } });
    expect(validate(200, other)).toMatchObject({
      valid: false,
      reason: 'body differs from the golden answer (freshness left out)',
    });
    const withError = JSON.stringify({
      ...JSON.parse(golden),
      errors: [{ message: 'x', extensions: { code: 'PROVIDER_TIMEOUT' } }],
    });
    expect(validate(200, withError)).toMatchObject({ valid: false, reason: 'errors: PROVIDER_TIMEOUT' });
    expect(validate(503, golden)).toMatchObject({ valid: false, reason: 'HTTP 503' });
  });
});

describe('sizing tables', () => {
  it.each([
    [812, '812 B'],
    [11_500, '11.5 KB'],
    [2_345, '2.35 KB'],
    [850_000, '850 KB'],
    [12_345_678, '12.3 MB'],
    [1_200_000_000, '1.20 GB'],
  ])('should print %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  const validation = { checked: 3, valid: 3, invalid: 0, reasons: {}, examples: {}, staleMarked: 1 };
  const sizing: SizingResult = {
    redis: { kind: 'private', note: 'a private redis-server' },
    compression: 60,
    freshness: 'grades=2',
    partialFreshS: 1,
    redisUsage: [
      {
        family: 'bench family',
        prefix: 'x:',
        usage: sumByKind([{ key: 'x:{store}:user:a', bytes: 11_500 }], 'x:', 1),
        usedMemoryGrowthBytes: null,
        validation,
      },
    ],
    calls: [
      {
        family: 'bench family',
        cadence: 'a view every minute',
        families: 2,
        viewsPerFamily: 20,
        windowMinutes: 20,
        firstViewCallsPerFamily: 29,
        calls: 300,
        callsBySource: { MESH: 100, DNEVNIK: 200 },
        perFamilyHour: 450,
        per1000FamiliesHour: 450_000,
        per1000FamiliesPerSecond: 125,
        lateViews: 0,
        validation,
      },
    ],
    demoNote: null,
  };

  it('should print the per-1,000 column as the per-family bytes × 1,000', () => {
    const row = sizingRedisTable(sizing).rows[0]!;
    expect(row.slice(0, 5)).toEqual(['bench family', '{store}', '1', '11.5 KB', '11.5 MB']);
  });

  it('should say when an hourly figure is scaled from a shorter window', () => {
    const table = sizingCallsTable(sizing);
    expect(table.rows[0]!.slice(6, 9)).toEqual(['450', '450,000', '125.0']);
    expect(table.notes).toContainEqual(
      expect.stringContaining('SCALED, not measured: bench family a view every minute (20 min × 3.00×)'),
    );
  });
});
