/**
 * School notices, teachers' remarks and diary signatures end to end: the demo family's diaries (simulators over
 * HTTP) through a real gateway and GraphQL — the merged notice list and its cursors, opening one, a diary that
 * is down, the change feed telling a new notice, remarks, and signing a week of МЭШ.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_NOW, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, noErrors, operation } from '../support/graphql.js';

let gateway: TestGateway;
const ids: Record<string, string> = {};

interface NoticeNode {
  id: string;
  provider: string;
  title: string;
  text: string | null;
  publishedAt: string;
  students: { firstName: string }[];
}

interface NoticeList {
  notices: {
    edges: { cursor: string; node: NoticeNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    sources: { provider: string; status: string; students: { firstName: string }[] }[];
  };
}

const NOTICES = operation<{ viewer: NoticeList }>(`query($first: Int, $after: String, $filter: NoticeFilter) {
  viewer { notices(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id provider title text publishedAt students { firstName } } }
    pageInfo { hasNextPage endCursor }
    sources { provider status students { firstName } }
  } }
}`);

/** Every notice, page after page of `first`. */
async function allNotices(first: number, filter: Record<string, unknown> = {}): Promise<NoticeNode[]> {
  const nodes: NoticeNode[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    // Typed by hand: `after` is assigned in the loop, so TypeScript cannot infer the answer's type through it.
    const { notices }: NoticeList = noErrors(await gateway.graphql(NOTICES, { first, after, filter })).viewer;
    nodes.push(...notices.edges.map((edge) => edge.node));
    if (!notices.pageInfo.hasNextPage) return nodes;
    after = notices.pageInfo.endCursor;
  }
  throw new Error('the list never ended');
}

beforeAll(async () => {
  // Mail never kept fresh: the detector sees a notice posted in the middle of the run on its next poll.
  gateway = await startTestGateway({ CACHE_FRESHNESS: 'notices=0,messages=0' }, () => TEST_NOW);
  const listing = noErrors(
    await gateway.graphql<{ viewer: { students: { id: string; firstName: string }[] } }>(
      '{ viewer { students { id firstName } } }',
    ),
  );
  for (const student of listing.viewer.students) ids[student.firstName] = student.id;
}, 60_000);

describe('notices', () => {
  it('should merge every diary with notices, newest first, and page through them with nothing twice or lost', async () => {
    const whole = await allNotices(50);
    const paged = await allNotices(3);
    expect(paged.map((node) => node.id)).toEqual(whole.map((node) => node.id));
    expect(new Set(whole.map((node) => node.id)).size).toBe(whole.length);
    const times = whole.map((node) => Date.parse(node.publishedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(whole.map((node) => node.provider))).toEqual(new Set(['MESH', 'DNEVNIK', 'ELJUR']));
    // Lists carry no whole text: a notice is opened for it.
    expect(whole.every((node) => node.text === null)).toBe(true);
  });

  it('should name each account behind the list and the children it concerns', async () => {
    const { sources } = noErrors(await gateway.graphql(NOTICES, { first: 1 })).viewer.notices;
    expect(sources.map((source) => source.status)).toEqual(['OK', 'OK', 'OK', 'OK']);
    const mesh = sources.find(
      (source) => source.students.some((s) => s.firstName === 'Мария') && source.provider === 'MESH',
    );
    expect(mesh?.students.map((s) => s.firstName).sort()).toEqual(['Артём', 'Мария']);
  });

  it("should keep to one child's notices with a filter", async () => {
    const polina = await allNotices(50, { studentId: ids['Полина'] });
    expect(polina.length).toBeGreaterThan(0);
    expect(polina.every((node) => node.students.some((s) => s.firstName === 'Полина'))).toBe(true);
    const response = await gateway.graphql(NOTICES, { first: 5, filter: { studentId: 'stu_doesNotExist00000000' } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('should open a notice whole, and answer null for an id that is not one of the viewer’s', async () => {
    const [first] = await allNotices(50);
    const OPEN = operation<{ viewer: { notice: NoticeNode | null } }>(
      'query($id: ID!) { viewer { notice(id: $id) { id title text provider } } }',
    );
    const opened = noErrors(await gateway.graphql(OPEN, { id: first!.id })).viewer.notice;
    expect(opened?.id).toBe(first!.id);
    expect(opened?.text?.length).toBeGreaterThan(0);
    const forged = `ntc1.${Buffer.from(JSON.stringify(['acc_someoneElse', '1'])).toString('base64url')}`;
    for (const id of [forged, 'ntc1.!!', 'nonsense'])
      expect(noErrors(await gateway.graphql(OPEN, { id })).viewer.notice).toBeNull();
  });

  it('should serve the other diaries when one is down, naming it unavailable with its error', async () => {
    const { dnevnik } = gateway.gateway.demo!.simulators;
    dnevnik.setFault('server-error');
    try {
      // With no copy kept fresh, the list asks the diary, which fails; no copy old enough to serve stale.
      const response = await gateway.graphql(NOTICES, { first: 50, filter: { provider: 'DNEVNIK', unreadOnly: true } });
      const { notices } = dataOf(response).viewer;
      expect(notices.sources.map((source) => source.status)).toEqual(['UNAVAILABLE']);
      expect(notices.edges).toEqual([]);
      expect(codeOf(response)).toBe('PROVIDER_UNAVAILABLE');
    } finally {
      dnevnik.setFault('none');
    }
  });

  it('should refuse a cursor it did not make and a page size out of bounds, in Russian when asked', async () => {
    expect(codeOf(await gateway.graphql(NOTICES, { first: 5, after: 'c1.x' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gateway.graphql(NOTICES, { first: 51 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gateway.graphql(NOTICES, { first: 0 }))).toBe('BAD_USER_INPUT');
  });
});

describe('remarks and signatures', () => {
  const STUDENT = operation<{
    student: {
      remarks: { provider: string; date: string; text: string; kind: string }[];
      diarySignatures: { provider: string; weekStart: string; signed: boolean; canSign: boolean }[];
      messaging: { provider: string; readMessages: boolean; sendMessages: boolean; readNotices: boolean }[];
    };
  }>(`query($id: ID!, $from: Date!, $to: Date!) { student(id: $id) {
    remarks(from: $from, to: $to) { provider date text kind }
    diarySignatures(from: $from, to: $to) { provider weekStart signed canSign }
    messaging { provider readMessages sendMessages readNotices }
  } }`);

  it("should read a Dnevnik.ru child's teachers' remarks, newest first", async () => {
    const { student } = noErrors(
      await gateway.graphql(STUDENT, { id: ids['Софья'], from: '2026-10-01', to: '2026-11-23' }),
    );
    expect(student.remarks.length).toBeGreaterThan(0);
    expect(student.remarks.every((remark) => remark.provider === 'DNEVNIK' && remark.text.length > 0)).toBe(true);
    const dates = student.remarks.map((remark) => remark.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(student.messaging).toEqual([
      expect.objectContaining({ provider: 'DNEVNIK', readMessages: false, sendMessages: false, readNotices: true }),
    ]);
  });

  it('should show a МЭШ child’s weeks, sign one as the parent, and refuse a week to come', async () => {
    const id = ids['Артём'];
    const before = noErrors(await gateway.graphql(STUDENT, { id, from: '2026-11-02', to: '2026-11-23' })).student;
    const mesh = before.diarySignatures.filter((week) => week.provider === 'MESH');
    expect(mesh.map((week) => week.weekStart)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    const unsigned = mesh.find((week) => !week.signed);
    expect(unsigned?.canSign).toBe(true);
    const SIGN = operation<{
      signDiaryWeek: { provider: string; weekStart: string; signed: boolean; canSign: boolean }[];
    }>('mutation($input: SignDiaryWeekInput!) { signDiaryWeek(input: $input) { provider weekStart signed canSign } }');
    const signed = noErrors(
      await gateway.graphql(SIGN, { input: { studentId: id, week: unsigned!.weekStart, provider: 'MESH' } }),
    ).signDiaryWeek;
    expect(signed).toEqual([{ provider: 'MESH', weekStart: unsigned!.weekStart, signed: true, canSign: false }]);
    const after = noErrors(await gateway.graphql(STUDENT, { id, from: '2026-11-02', to: '2026-11-23' })).student;
    expect(after.diarySignatures.find((week) => week.weekStart === unsigned!.weekStart)?.signed).toBe(true);
    const future = await gateway.graphql(SIGN, { input: { studentId: id, week: '2026-11-30', provider: 'MESH' } });
    expect(codeOf(future)).toBe('BAD_USER_INPUT');
    const notTaken = await gateway.graphql(SIGN, { input: { studentId: ids['Софья'], week: '2026-11-16' } });
    expect(codeOf(notTaken)).toBe('BAD_USER_INPUT');
  });

  it('should bound the ranges', async () => {
    const tooLong = await gateway.graphql(STUDENT, { id: ids['Софья'], from: '2026-01-01', to: '2026-11-23' });
    expect(codeOf(tooLong)).toBe('BAD_USER_INPUT');
  });
});

describe('new notices in the change feed', () => {
  const FEED = operation<{
    viewer: {
      changes: {
        changes: { kind: string; studentId: string; author?: string | null; notice?: { title: string } | null }[];
      };
    };
  }>(`{ viewer { changes(first: 200) { changes { kind studentId
    ... on NoticeChange { author notice { title } } } } } }`);

  it('should tell a notice posted after the baseline once, readable through the feed', async () => {
    await gateway.gateway.detectChanges(['mail']);
    const before = noErrors(await gateway.graphql(FEED)).viewer.changes.changes.filter(
      (c) => c.kind === 'NOTICE_POSTED',
    );
    expect(before).toEqual([]);
    gateway.gateway.demo!.simulators.meshRegion.postNotice({
      childKey: 'polina',
      title: 'Родительское собрание в четверг',
      text: 'Собрание в 18:00, кабинет 21.',
      important: true,
    });
    await gateway.gateway.detectChanges(['mail']);
    await gateway.gateway.detectChanges(['mail']);
    const told = noErrors(await gateway.graphql(FEED)).viewer.changes.changes.filter((c) => c.kind === 'NOTICE_POSTED');
    expect(told).toHaveLength(1);
    expect(told[0]!.studentId).toBe(ids['Полина']);
    expect(told[0]!.notice?.title).toBe('Родительское собрание в четверг');
  });
});
