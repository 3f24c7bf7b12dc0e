/**
 * Verified OpenID Connect claims (ID token merged with userinfo) → the gateway's picture of the person who
 * signed in. Pure apart from hashing: SNILS and phone leave this module only as keyed hashes, and what
 * is logged about a bad value names the claim and the rule it broke, never the value.
 *
 * ESIA habits this accepts besides plain OIDC (`../shared/providers.md` §4): `sub` as a JSON number, birth
 * dates written `DD.MM.YYYY`, SNILS written `NNN-NNN-NNN CC` (or any other spelling `parseSnils` reads),
 * and the children of the `kid_*` scopes as a `children` array claim.
 */
import type { Logger } from '../../logging/logger.js';
import type { PersonIdentity } from '../../domain/person.js';
import { hashPhone, normalizePhone } from '../../identity/phone.js';
import { hashSnils, parseSnils } from '../../identity/snils.js';
import { SignInError } from './errors.js';

/** The person as the issuer described them, ready for the user record. */
export interface SignedInPerson {
  /** The issuer's `sub`, always as a string. */
  subject: string;
  /** `Имя Отчество Фамилия`, or the `name` claim, or a neutral fallback. */
  displayName: string;
  /** `null` when the issuer gave no family or no given name (then the person cannot be compared). */
  person: PersonIdentity | null;
  phoneHash: string | null;
  children: PersonIdentity[];
}

/** What {@link personFromClaims} needs besides the claims. */
export interface ClaimsMappingOptions {
  /** HMAC key of SNILS and phone hashes (`PERSONAL_DATA_SECRET`). */
  personalDataSecret: string;
  /** Where ignored values are reported (without the values). */
  logger?: Logger;
}

const DISPLAY_NAME_FALLBACK = 'Signed-in user';

/**
 * Maps verified claims to the person.
 * @throws SignInError `MISSING_SUBJECT` when `sub` is absent or empty.
 * @example
 * personFromClaims({ sub: 1000299353, family_name: 'Петрова', given_name: 'Анна', birthdate: '14.03.1986' }, { personalDataSecret })
 */
export function personFromClaims(
  claims: Readonly<Record<string, unknown>>,
  options: ClaimsMappingOptions,
): SignedInPerson {
  const subject = subjectOf(claims.sub);
  if (subject === null) throw new SignInError('MISSING_SUBJECT');
  const person = identityOf(claims, 'person', options);
  const displayName = person
    ? [person.firstName, person.middleName, person.lastName].filter(Boolean).join(' ')
    : (textOf(claims.name) ?? DISPLAY_NAME_FALLBACK);
  return {
    subject,
    displayName,
    person,
    phoneHash: phoneHashOf(claims.phone_number, options),
    children: childrenOf(claims.children, options),
  };
}

/** `sub` as a string: ESIA's newer tokens send the oid as a JSON number. */
function subjectOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** One person's identity from `family_name`, `given_name`, `middle_name`, `birthdate`, `snils`. */
function identityOf(
  claims: Readonly<Record<string, unknown>>,
  who: string,
  options: ClaimsMappingOptions,
): PersonIdentity | null {
  const lastName = textOf(claims.family_name);
  const firstName = textOf(claims.given_name);
  if (!lastName || !firstName) return null;
  return {
    lastName,
    firstName,
    middleName: textOf(claims.middle_name),
    birthDate: birthDateOf(claims.birthdate, who, options.logger),
    snilsHash: snilsHashOf(claims.snils, who, options),
  };
}

/**
 * `YYYY-MM-DD` (OIDC) or `DD.MM.YYYY` (ESIA) → `YYYY-MM-DD`; anything else, or an impossible date, → `null`.
 * OIDC also allows `0000-MM-DD` (year withheld); that cannot anchor a match, so it is dropped too.
 */
export function normalizeBirthDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const esia = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1]!, iso[2]!, iso[3]!] : esia ? [esia[3]!, esia[2]!, esia[1]!] : [];
  if (!year || !month || !day || year === '0000') return null;
  const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${year}-${month}-${day}`) return null;
  return `${year}-${month}-${day}`;
}

function birthDateOf(value: unknown, who: string, logger: Logger | undefined): string | null {
  if (value === undefined || value === null) return null;
  const date = normalizeBirthDate(value);
  if (date === null)
    logger?.warn({ claim: 'birthdate', who }, 'the issuer sent a birth date the gateway cannot read; it is ignored');
  return date;
}

/** Any spelling of a SNILS → its keyed hash; an invalid one is ignored for matching (and logged by rule only). */
function snilsHashOf(value: unknown, who: string, options: ClaimsMappingOptions): string | null {
  if (value === undefined || value === null || value === '') return null;
  // A SNILS sent as a JSON number has lost its leading zeros.
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value).padStart(11, '0') : value;
  if (typeof text !== 'string') {
    options.logger?.warn(
      { claim: 'snils', who, rule: 'TYPE' },
      'the issuer sent a SNILS that is not text; it is ignored for matching',
    );
    return null;
  }
  const parsed = parseSnils(text);
  if (!parsed.ok) {
    options.logger?.warn(
      { claim: 'snils', who, rule: parsed.rule },
      'the issuer sent an invalid SNILS; it is ignored for matching',
    );
    return null;
  }
  return hashSnils(options.personalDataSecret, parsed.digits);
}

function phoneHashOf(value: unknown, options: ClaimsMappingOptions): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const normalized = normalizePhone(value);
  if (normalized === null) {
    options.logger?.warn(
      { claim: 'phone_number' },
      'the issuer sent a phone number the gateway cannot read; it is ignored',
    );
    return null;
  }
  return hashPhone(options.personalDataSecret, normalized);
}

/** The `children` claim: an array of person objects; entries without both names are skipped. */
function childrenOf(value: unknown, options: ClaimsMappingOptions): PersonIdentity[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    options.logger?.warn({ claim: 'children' }, 'the issuer sent a children claim that is not a list; it is ignored');
    return [];
  }
  const children: PersonIdentity[] = [];
  value.forEach((entry: unknown, index) => {
    const child =
      entry !== null && typeof entry === 'object'
        ? identityOf(entry as Record<string, unknown>, `children[${index}]`, options)
        : null;
    if (child) children.push(child);
    else
      options.logger?.warn(
        { claim: 'children', index },
        'the issuer listed a child without a full name; it is ignored',
      );
  });
  return children;
}
