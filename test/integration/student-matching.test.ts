/**
 * One child across diaries, end to end: the demo parent's six diary children become students by SNILS
 * (Мария's art school merges into her unasked), and by the parent's word where only the name matches
 * (Артём's chess club typed `Иванов Артем`); Полина, on the Moscow region's МЭШ, is a child of her own. Through GraphQL over real HTTP against the demo simulators,
 * with the in-memory store; a restart is a second gateway on the same store.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, noErrors, operation } from '../support/graphql.js';

interface StudentView {
  id: string;
  fullName: string;
  firstName: string;
  enrollments: { provider: string }[];
}

interface Suggestion {
  id: string;
  reason: string;
  students: { id: string; fullName: string }[];
}
/** A match decision's payload as CONFIRM and REJECT select it. */
interface Decision {
  suggestionId: string;
  students: Omit<StudentView, 'firstName'>[];
}

const STUDENTS = operation<{ viewer: { id: string; students: StudentView[]; studentMatchSuggestions: Suggestion[] } }>(
  `{ viewer { id students { id fullName firstName enrollments { provider } } studentMatchSuggestions { id reason students { id fullName } } } }`,
);
const CONFIRM = operation<{ confirmStudentMatch: Decision }>(
  `mutation($id: ID!) { confirmStudentMatch(suggestionId: $id) { suggestionId students { id fullName enrollments { provider } } } }`,
);
const REJECT = operation<{ rejectStudentMatch: Decision }>(
  `mutation($id: ID!) { rejectStudentMatch(suggestionId: $id) { suggestionId students { id fullName enrollments { provider } } } }`,
);
const STUDENT = operation<{ student: Omit<StudentView, 'firstName'> | null }>(
  `query($id: ID!) { student(id: $id) { id fullName enrollments { provider } } }`,
);

async function start(store: GatewayStore = createMemoryStore()): Promise<TestGateway> {
  return startTestGateway({}, undefined, { store });
}

async function family(target: TestGateway) {
  const { viewer } = noErrors(await target.graphql(STUDENTS));
  return { userId: viewer.id, students: viewer.students, suggestions: viewer.studentMatchSuggestions };
}

const byName = (students: StudentView[], fullName: string) =>
  students.filter((student) => student.fullName === fullName);

describe('the demo family before any decision', () => {
  it('should list six students, Мария merged by SNILS, and suggest the two Артёмs with a readable reason', async () => {
    const { students, suggestions } = await family(await start());
    expect(students.map((student) => student.fullName)).toEqual([
      'Иванов Артем',
      'Иванов Артём Олегович',
      'Иванов Лев Олегович',
      'Иванова Мария Олеговна',
      'Иванова Полина Олеговна',
      'Иванова Софья Олеговна',
    ]);
    expect(new Set(students.map((student) => student.id)).size).toBe(6);
    const [maria] = byName(students, 'Иванова Мария Олеговна');
    expect(maria!.enrollments).toEqual([{ provider: 'MESH' }, { provider: 'ELJUR' }]);
    // Полина (the region's МЭШ account) shares a surname and patronymic with her sisters, and nothing else.
    const [polina] = byName(students, 'Иванова Полина Олеговна');
    expect(polina!.enrollments).toEqual([{ provider: 'MESH' }]);

    expect(suggestions).toHaveLength(1);
    const [suggestion] = suggestions;
    const artem = byName(students, 'Иванов Артём Олегович')[0]!;
    const chess = byName(students, 'Иванов Артем')[0]!;
    expect(new Set(suggestion!.students.map((student) => student.id))).toEqual(new Set([artem.id, chess.id]));
    expect(suggestion!.students.map((student) => student.fullName).sort()).toEqual([
      'Иванов Артем',
      'Иванов Артём Олегович',
    ]);
    // Says what is missing, in words, and nothing personal.
    expect(suggestion!.reason).toMatch(/patronymic/);
    expect(suggestion!.reason).toMatch(/birth date/);
    expect(suggestion!.reason).not.toMatch(/Иванов|Артем|Артём|\d/);
  });

  it('should name merged Мария after her МЭШ child and find her by the id her art-school child would have alone', async () => {
    const store = createMemoryStore();
    const target = await start(store);
    const { userId, students } = await family(target);
    const maria = byName(students, 'Иванова Мария Олеговна')[0]!;
    const accounts = await store.listProviderAccounts(userId);
    const childIdIn = async (provider: string) => {
      const account = accounts.find((record) => record.provider === provider)!;
      return (await store.listStudentLinks(account.id)).find((link) => link.snapshot.firstName === 'Мария')!.studentId;
    };
    const meshChild = await childIdIn('MESH');
    const artChild = await childIdIn('ELJUR');
    expect(artChild).not.toBe(meshChild);
    expect(maria.id).toBe(meshChild);

    for (const id of [meshChild, artChild]) {
      const response = await target.graphql(STUDENT, { id });
      expect(response.body.errors).toBeUndefined();
      expect(dataOf(response).student).toEqual({
        id: meshChild,
        fullName: 'Иванова Мария Олеговна',
        enrollments: [{ provider: 'MESH' }, { provider: 'ELJUR' }],
      });
    }
  });
});

describe('deciding a suggestion', () => {
  it('should merge on confirmation: five students, Артём with МЭШ and Dnevnik.ru, no suggestion, his id kept', async () => {
    const target = await start();
    const before = await family(target);
    const artem = byName(before.students, 'Иванов Артём Олегович')[0]!;
    const chess = byName(before.students, 'Иванов Артем')[0]!;
    const suggestionId = before.suggestions[0]!.id;

    const confirmed = await target.graphql(CONFIRM, { id: suggestionId });
    expect(confirmed.body.errors).toBeUndefined();
    expect(dataOf(confirmed).confirmStudentMatch).toEqual({
      suggestionId,
      students: [
        {
          id: artem.id,
          fullName: 'Иванов Артём Олегович',
          enrollments: [{ provider: 'MESH' }, { provider: 'DNEVNIK' }],
        },
      ],
    });

    const after = await family(target);
    expect(after.students.map((student) => student.fullName)).toEqual([
      'Иванов Артём Олегович',
      'Иванов Лев Олегович',
      'Иванова Мария Олеговна',
      'Иванова Полина Олеговна',
      'Иванова Софья Олеговна',
    ]);
    expect(byName(after.students, 'Иванов Артём Олегович')[0]).toEqual({
      ...artem,
      enrollments: [{ provider: 'MESH' }, { provider: 'DNEVNIK' }],
    });
    expect(after.suggestions).toEqual([]);
    // The chess club's own id still finds him.
    expect(dataOf(await target.graphql(STUDENT, { id: chess.id })).student!.id).toBe(artem.id);

    // Deciding again, either way, is refused: the suggestion is gone.
    for (const mutation of [CONFIRM, REJECT])
      expect(codeOf(await target.graphql(mutation, { id: suggestionId }))).toBe('BAD_USER_INPUT');
  });

  it('should keep them apart on rejection: six students and no suggestion', async () => {
    const target = await start();
    const before = await family(target);
    const suggestionId = before.suggestions[0]!.id;
    const rejected = await target.graphql(REJECT, { id: suggestionId });
    expect(rejected.body.errors).toBeUndefined();
    expect(dataOf(rejected).rejectStudentMatch.suggestionId).toBe(suggestionId);
    expect(
      dataOf(rejected)
        .rejectStudentMatch.students.map((student) => student.fullName)
        .sort(),
    ).toEqual(['Иванов Артем', 'Иванов Артём Олегович']);

    const after = await family(target);
    expect(after.students).toEqual(before.students);
    expect(after.suggestions).toEqual([]);
    for (const mutation of [REJECT, CONFIRM])
      expect(codeOf(await target.graphql(mutation, { id: suggestionId }))).toBe('BAD_USER_INPUT');
  });

  it('should refuse an unknown suggestion with BAD_USER_INPUT naming the argument', async () => {
    const target = await start();
    for (const mutation of [CONFIRM, REJECT]) {
      const response = await target.graphql(mutation, { id: 'sug_unknown' });
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors![0]!.extensions).toMatchObject({ argument: 'suggestionId' });
    }
    expect((await family(target)).suggestions).toHaveLength(1);
  });
});

describe('across a restart', () => {
  it('should keep every student id, and a confirmed merge, when a second gateway opens the same store', async () => {
    const store = createMemoryStore();
    const first = await start(store);
    const before = await family(first);
    await first.gateway.close();

    const second = await start(store);
    const again = await family(second);
    expect(again.students).toEqual(before.students);
    expect(again.suggestions).toEqual(before.suggestions);

    expect((await second.graphql(CONFIRM, { id: again.suggestions[0]!.id })).body.errors).toBeUndefined();
    const merged = await family(second);
    await second.gateway.close();

    const third = await start(store);
    const afterRestart = await family(third);
    expect(afterRestart.students).toEqual(merged.students);
    expect(afterRestart.students).toHaveLength(5);
    expect(afterRestart.suggestions).toEqual([]);
  });
});
