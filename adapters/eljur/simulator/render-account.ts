/**
 * Who the caller is: `auth` (a token and its expiry), `getrules` (the holder, every school of the
 * children, the children), `getprofileuserinfo` (a child's card, with their own school's name and SNILS),
 * `getperiods` (an **array** of students) and `getusersvendors` (the ESIA sign-in's unwrapped answer).
 */
import type { SeedAccount, SeedChild, SeedFamily } from '../../simulation/seed.js';
import { zonedTimestamp } from '../../simulation/calendar.js';
import {
  dayKey,
  type AuthWire,
  type PeriodsWire,
  type ProfileUserInfoWire,
  type RulesWire,
  type UsersVendorsWire,
} from './wire.js';
import { ELJUR_SIMULATOR_VENDOR, ELJUR_SIMULATOR_VENDOR_ID, periodNameOf, titleOf } from './ids.js';

/** Eljur writes `expires` as school-local `YYYY-MM-DD hh:mm:ss`. */
export function formatExpires(expiresAt: Date, timeZone: string): string {
  return zonedTimestamp(expiresAt, timeZone).slice(0, 19).replace('T', ' ');
}

/** `auth`: the issued token and when it lapses. */
export function renderAuth(token: string, expiresAt: Date, timeZone: string): AuthWire {
  return { token, expires: formatExpires(expiresAt, timeZone) };
}

/** The school's number, from its name (`… «Школа № 132» …` → `132`). */
function schoolNumber(child: SeedChild | undefined): string {
  return /№\s*(\d+)/.exec(child?.school.name ?? '')?.[1] ?? '';
}

function studentRelation(child: SeedChild) {
  return {
    name: String(child.studentId),
    title: titleOf(child),
    firstname: child.firstName,
    lastname: child.lastName,
    gender: /на$/.test(child.middleName ?? '') ? 'female' : 'male',
    class: child.className,
    parallel: Number.parseInt(child.className, 10) || null,
    city: 'Самара',
    rel: 'child',
    rules: [],
  };
}

function schoolRelation(child: SeedChild) {
  const number = schoolNumber(child);
  return {
    title: number ? `Школа № ${number}` : child.school.name,
    title_full: child.school.name,
    number,
    inn: `63160${String(child.school.id).padStart(5, '0')}`,
    kpp: '631601001',
  };
}

/**
 * `getrules` for a parent account: `relations.groups` is empty and, as PHP writes it, `[]`; `uploadFileUrl`
 * is where the account uploads files for its messages.
 */
export function renderRules(
  family: SeedFamily,
  account: SeedAccount,
  children: readonly SeedChild[],
  uploadFileUrl: string,
): RulesWire {
  const { parent } = family;
  return {
    id: String(account.profileId),
    name: String(account.profileId),
    title: titleOf(parent),
    firstname: parent.firstName,
    lastname: parent.lastName,
    middlename: parent.middleName,
    gender: 'female',
    email: '',
    email_confirmed: false,
    roles: ['parent'],
    vendor: ELJUR_SIMULATOR_VENDOR,
    vendor_id: ELJUR_SIMULATOR_VENDOR_ID,
    vuid: `${ELJUR_SIMULATOR_VENDOR_ID}#${account.profileId}`,
    uploadFileUrl,
    relations: {
      // One entry per school the children attend (a child at a school and an art school shows two).
      schools: [...new Map(children.map((child) => [child.school.id, child])).values()].map(schoolRelation),
      groups: [],
      students: Object.fromEntries(children.map((child) => [String(child.studentId), studentRelation(child)])),
    },
  };
}

/**
 * `getprofileuserinfo`: the child's profile card. `schoolName` is the child's own school, written as its
 * `title_full` in `getrules` (the adapter tells a parent's children's schools apart by it). SNILS is
 * sent as the demo writes it (`NNN-NNN-NNN CC`; how Eljur writes it is not known), and left out for a
 * child without one.
 */
export function renderProfileUserInfo(child: SeedChild, account: SeedAccount): ProfileUserInfoWire {
  const snils = child.snils?.trim();
  return {
    profileUserInfo: {
      username: account.login ?? null,
      schoolName: child.school.name,
      parallel: Number.parseInt(child.className, 10) || null,
      teacher: null,
      ...(snils ? { snils } : {}),
      email: '',
      gender: /на$/.test(child.middleName ?? '') ? 'female' : 'male',
      marksForYears: [],
    },
  };
}

/**
 * `getperiods`: the four terms (`disabled` until they start, left out unless `show_disabled`) and the
 * year as an `ambigious` period without dates.
 */
export function renderPeriods(child: SeedChild, today: string, showDisabled: boolean): PeriodsWire {
  const terms = child.periods.map((period, index) => ({
    name: periodNameOf(index),
    fullname: period.title,
    start: dayKey(period.start),
    end: dayKey(period.end),
    disabled: period.start > today,
    ambigious: false,
    weeks: [],
  }));
  const year = {
    name: 'Год',
    fullname: 'Учебный год',
    start: '',
    end: '',
    disabled: false,
    ambigious: true,
    weeks: [],
  };
  const periods = [...terms.filter((term) => showDisabled || !term.disabled), year];
  return { students: [{ name: String(child.studentId), title: titleOf(child), periods }] };
}

/** `getusersvendors`: the account the ESIA token (`v_token`) resolves to, with a fresh token. */
export function renderUsersVendors(
  family: SeedFamily,
  account: SeedAccount,
  token: string,
  expiresAt: Date,
  timeZone: string,
): UsersVendorsWire {
  const school = family.children.find((child) => account.childKeys.includes(child.key))?.school.name ?? null;
  return {
    result: [
      {
        token,
        vendor: ELJUR_SIMULATOR_VENDOR,
        vendor_id: String(ELJUR_SIMULATOR_VENDOR_ID),
        vendor_title: school,
        user_title: `${family.parent.firstName} ${family.parent.lastName}`,
        login: account.login ?? null,
        expires: formatExpires(expiresAt, timeZone),
      },
    ],
  };
}

/** When a token issued at `now` lapses. */
export function tokenExpiry(now: Date, lifetimeDays: number): Date {
  return new Date(now.getTime() + lifetimeDays * 86_400_000);
}
