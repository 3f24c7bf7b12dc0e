/**
 * The invitation form's fields turned into `InviteTrustedPersonInput`, and what the invitee is told to do
 * with the code. The gateway checks everything again (a name needs a surname and a given name, a phone
 * must be a Russian mobile); the form only keeps an empty field from making a round trip.
 */
import type { InviteTrustedPersonInput } from '@diary-gateway/client';
import type { IsoDate } from '../dates.js';
import type { Language } from '../i18n.js';
import { endOfDayInstant } from './manage-dates.js';

/** The schema's bounds on the invitee fields (`InviteTrustedPersonInput`). */
export const INVITEE_MAX_LENGTH = { FULL_NAME: 200, PHONE: 64 } as const;

/** How the parent names the invitee in the form (SNILS is left to API clients: few know a grandmother's). */
export type InviteeBy = keyof typeof INVITEE_MAX_LENGTH;

/** What the parent typed. */
export interface InviteFields {
  readonly studentId: string;
  readonly by: InviteeBy;
  readonly fullName: string;
  readonly phone: string;
  /** The last day of access, `''` for the gateway's default (90 days). */
  readonly until: IsoDate;
  /** Whether the person may also read the parent's messages and notices (`GrantScope` `MESSAGES`). */
  readonly messages: boolean;
}

/** A field the parent still has to fill. */
export type InviteProblem = 'student' | 'invitee';

/** The mutation's input, or the field to fill first. */
export function inviteInput(fields: InviteFields): InviteTrustedPersonInput | { problem: InviteProblem } {
  if (fields.studentId === '') return { problem: 'student' };
  const invitee = (fields.by === 'PHONE' ? fields.phone : fields.fullName).trim().replace(/\s+/g, ' ');
  if (invitee === '') return { problem: 'invitee' };
  return {
    studentId: fields.studentId,
    ...(fields.by === 'PHONE' ? { phone: invitee } : { fullName: invitee }),
    ...(fields.until === '' ? {} : { expiresAt: endOfDayInstant(fields.until) }),
    ...(fields.messages ? { extraScopes: ['MESSAGES' as const] } : {}),
  };
}

/** A grant's extra scopes with `MESSAGES` turned on or off, the others kept as they are. */
export function scopesWithMessages<T extends string>(scopes: readonly T[], on: boolean): (T | 'MESSAGES')[] {
  const others = scopes.filter((scope) => scope !== 'MESSAGES');
  return on ? [...others, 'MESSAGES'] : others;
}

/** What the parent passes on with the code, so the invitee knows what to do with it. */
export function invitationInstructions(
  inviteeLabel: string | null,
  childName: string | null,
  language: Language,
): string {
  const who = inviteeLabel ?? (language === 'ru' ? 'приглашённый' : 'the invitee');
  const child = childName ?? (language === 'ru' ? 'ребёнка' : 'the child');
  return language === 'ru'
    ? `Передайте код: ${who} открывает эту страницу, входит через Госуслуги под своим именем, выбирает «Дневники и доступ» → «У меня есть код приглашения» и вводит код. После этого будет виден дневник: ${child} (только чтение).`
    : `Pass the code on: ${who} opens this page, signs in with Gosuslugi as themselves, chooses «Diaries and access» → «I have an invitation code» and enters the code. Then they can read the diary of ${child} (read only).`;
}
