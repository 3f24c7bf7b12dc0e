/**
 * Who the simulated school's mail knows: the teachers of the family's Eljur children (from their subjects),
 * each class's class teacher (the teacher of the class's first subject), the administration and a
 * specialist (the simulator's own people: the seed names none), and the parents who hold the accounts.
 * Ids are derived from the family alone, so every start gives the same ones.
 *
 * An account's address book (`getmessagereceivers`) groups them as Eljur's web mail does its recipient
 * lists (`classruks`, `teachers`, `administration`, `specialists`), the class teachers and teachers in
 * subgroups by class, one per child's class — how a parent of two children tells their teachers apart.
 */
import type { SeedAccount, SeedChild, SeedFamily } from '../../simulation/seed.js';
import { childrenShown } from '../../simulation/gates.js';

/** A person of the school's mail. */
export interface MailPerson {
  /** Eljur's user id, as a string. */
  id: string;
  lastName: string;
  firstName: string;
  middleName: string;
  /** What the address book adds: subjects, a post. */
  info: string;
}

/** A subgroup of the address book: one class's people. */
export interface AddressSubgroup {
  key: string;
  name: string;
  users: MailPerson[];
}

/** A group of the address book. */
export interface AddressGroup {
  key: string;
  name: string;
  users: MailPerson[];
  subgroups?: AddressSubgroup[];
}

/** The administration and specialists of the simulated school (not in the seed). */
const STAFF: readonly { id: string; name: string; info: string; group: 'administration' | 'specialists' }[] = [
  { id: '50001', name: 'Голубева Елена Аркадьевна', info: 'Директор', group: 'administration' },
  { id: '50002', name: 'Соколов Игорь Валентинович', info: 'Заместитель директора по УВР', group: 'administration' },
  { id: '50101', name: 'Лебедева Наталья Олеговна', info: 'Педагог-психолог', group: 'specialists' },
];

/** The first id of the teachers, numbered in the order of their names. */
const FIRST_TEACHER_ID = 51_000;

/** A person from a name written `Фамилия Имя Отчество`. */
export function personNamed(id: string, fullName: string, info = ''): MailPerson {
  const [lastName = '', firstName = '', ...rest] = fullName.trim().split(/\s+/);
  return { id, lastName, firstName, middleName: rest.join(' '), info };
}

/** The full name of a person, `Фамилия Имя Отчество`. */
export function fullNameOf(person: MailPerson): string {
  return [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' ');
}

/** `Фамилия И. О.`, as Eljur writes a notice's author. */
export function shortNameOf(person: MailPerson): string {
  const initials = [person.firstName, person.middleName].filter(Boolean).map((name) => `${name[0]}.`);
  return [person.lastName, initials.join(' ')].filter(Boolean).join(' ');
}

/** The people of the simulated school. */
export class Directory {
  private readonly teacherIds: ReadonlyMap<string, string>;

  constructor(private readonly family: SeedFamily) {
    const names = [
      ...new Set(
        family.children
          .filter((child) => child.provider === 'ELJUR')
          .flatMap((child) => child.subjects.map((subject) => subject.teacher)),
      ),
    ].sort();
    this.teacherIds = new Map(names.map((name, index) => [name, String(FIRST_TEACHER_ID + index)]));
  }

  /** A teacher by full name (`info` empty), or `null` for a name no child's subject has. */
  teacher(name: string): MailPerson | null {
    const id = this.teacherIds.get(name);
    return id === undefined ? null : personNamed(id, name);
  }

  /** A child's class teacher: the teacher of the class's first subject. */
  classTeacherOf(child: SeedChild): MailPerson {
    const name = child.subjects[0]?.teacher ?? '';
    return { ...(this.teacher(name) ?? personNamed('0', name)), info: `Классный руководитель ${child.className}` };
  }

  /** The staff of one of the administration's or specialists' groups. */
  staff(group: 'administration' | 'specialists'): MailPerson[] {
    return STAFF.filter((member) => member.group === group).map((member) =>
      personNamed(member.id, member.name, member.info),
    );
  }

  /** The account's holder, as the mail names them. */
  holder(account: SeedAccount): MailPerson {
    const { parent } = this.family;
    return {
      id: String(account.profileId),
      lastName: parent.lastName,
      firstName: parent.firstName,
      middleName: parent.middleName ?? '',
      info: '',
    };
  }

  /** A child's teachers, each once, with the subjects they teach the child. */
  teachersOf(child: SeedChild): MailPerson[] {
    const byName = new Map<string, string[]>();
    for (const subject of child.subjects)
      byName.set(subject.teacher, [...(byName.get(subject.teacher) ?? []), subject.name]);
    return [...byName].flatMap(([name, subjects]) => {
      const person = this.teacher(name);
      return person ? [{ ...person, info: subjects.join(', ') }] : [];
    });
  }

  /** The address book of an account: its children's classes' teachers, the administration, the specialists. */
  addressBook(account: SeedAccount): AddressGroup[] {
    const children = childrenShown(this.family, account);
    const byClass = (people: (child: SeedChild) => MailPerson[]) =>
      children.map((child) => ({ key: child.className, name: child.className, users: people(child) }));
    return [
      {
        key: 'classruks',
        name: 'Классные руководители',
        users: [],
        subgroups: byClass((child) => [this.classTeacherOf(child)]),
      },
      { key: 'teachers', name: 'Учителя', users: [], subgroups: byClass((child) => this.teachersOf(child)) },
      { key: 'administration', name: 'Администрация', users: this.staff('administration') },
      { key: 'specialists', name: 'Специалисты', users: this.staff('specialists') },
    ];
  }

  /** Everyone an account may write to, by id. */
  writableBy(account: SeedAccount): ReadonlyMap<string, MailPerson> {
    const people = this.addressBook(account).flatMap((group) => [
      ...group.users,
      ...(group.subgroups ?? []).flatMap((subgroup) => subgroup.users),
    ]);
    return new Map(people.map((person) => [person.id, person]));
  }
}
