/**
 * Phrases: what a throwing site says besides its English message, so the Russian wording of one refusal
 * is exact where one code has many English messages (`BAD_USER_INPUT`, `FORBIDDEN`). A phrase is a key and
 * the values its wording needs; `messages-ru.ts` words each key. Values are bounds the gateway set, names
 * from the schema and sentences the gateway wrote — never a value from the request or a diary, so a
 * rendered phrase is as safe to show as the English message.
 */
import type { ProviderKind } from '../domain/model.js';

/** A link-credential field, as `src/accounts/credential-shape.ts` names them. */
export type CredentialField =
  'token' | 'code' | 'accessToken' | 'redirectUri' | 'codeVerifier' | 'state' | 'login' | 'password' | 'vendor';

/** A rule a SNILS broke (`src/identity/snils.ts`'s `SnilsRule`). */
export type SnilsRuleName = 'CHARACTERS' | 'LENGTH' | 'REPEATED_DIGITS' | 'CHECKSUM';

/** Every phrase key and the values its wording takes. */
export interface PhraseParams {
  /** Any free-text input over its cap (`name` is the argument or input field). */
  'input.tooLong': { name: string; max: number; length: number };
  'dates.toBeforeFrom': Record<string, never>;
  /** A change-feed cursor that is not one the gateway handed out (`src/changes/feed-cursor.ts`). */
  'changes.badCursor': Record<string, never>;
  'changes.firstOutOfRange': { max: number };
  'absence.commentTooLong': { max: number };
  'absence.startsTooEarly': { maxDaysInPast: number };
  /** `today` is the school's date (YYYY-MM-DD), which the gateway computed. */
  'absence.pastDaysRecorded': { today: string };
  'absence.tooManyDays': { maxDays: number; days: number };
  'absence.noDiary': Record<string, never>;
  'absence.notAccepted': { provider: ProviderKind };
  'absence.parentOnly': Record<string, never>;
  'invitation.parentOnly': Record<string, never>;
  'invitation.invalidCode': Record<string, never>;
  'invitation.notYours': Record<string, never>;
  'invitation.own': Record<string, never>;
  'invitation.someoneElse': Record<string, never>;
  'invitation.oneInviteeField': Record<string, never>;
  'invitation.snilsInvalid': { rule: SnilsRuleName };
  'invitation.phoneInvalid': Record<string, never>;
  'invitation.fullNameIncomplete': Record<string, never>;
  'invitation.expiryInPast': Record<string, never>;
  'invitation.expiryTooFar': { maxDays: number };
  'calendarFeed.tooMany': { max: number };
  'calendarFeed.notYours': Record<string, never>;
  'push.off': Record<string, never>;
  'push.badEndpoint': Record<string, never>;
  'push.badKeys': Record<string, never>;
  'push.badLabel': Record<string, never>;
  'push.tooMany': { max: number };
  'webhook.tooMany': { max: number };
  'webhook.notYours': Record<string, never>;
  /** Why a webhook URL was refused (`src/deliveries/webhook-address-policy.ts`). */
  'webhook.badUrl': { reason: 'not-a-url' | 'too-long' | 'not-https' | 'credentials' | 'private-address'; max: number };
  'webhook.badSecret': { min: number; max: number };
  'credential.empty': { field: CredentialField };
  'credential.tooLong': { field: CredentialField; max: number };
  'credential.notVisibleAscii': { field: CredentialField };
  'credential.controlCharacters': { field: CredentialField };
  'credential.redirectUri': Record<string, never>;
  'credential.vendor': { max: number };
  /** A mail list's `after` that is not a cursor the gateway made (`src/messages/merged-list.ts`). */
  'mail.badCursor': Record<string, never>;
  'mail.firstOutOfRange': { max: number };
  /** Sending, replying or signing by a trusted person. */
  'mail.parentOnly': Record<string, never>;
  /** No diary of the child takes messages (or the one named does not). */
  'mail.noDiary': Record<string, never>;
  /** The child is in several diaries that take messages and the input named none. */
  'mail.chooseDiary': Record<string, never>;
  'mail.recipientCount': { max: number };
  'mail.unknownRecipient': Record<string, never>;
  'mail.unknownMessage': Record<string, never>;
  'mail.notReplyable': Record<string, never>;
  'mail.clientKey': { min: number; max: number };
  'mail.emptyText': { name: string };
  /** `max` is the diary's limit (shorter than the schema's). */
  'mail.textTooLongForDiary': { provider: ProviderKind; max: number };
  'mail.attachmentCount': { max: number };
  'mail.attachmentName': { max: number };
  'mail.attachmentType': { max: number };
  'mail.attachmentContent': { maxBytes: number };
  'mail.attachmentsNotTaken': { provider: ProviderKind };
  'signing.futureWeek': Record<string, never>;
  'signing.noDiary': Record<string, never>;
  'dates.rangeTooLong': { maxDays: number };
  'grant.scopesTooMany': { max: number };
  /** `explanation` is the gateway's own Russian clause for the sign-in failure's reason. */
  'signIn.failed': { explanation: string };
}

/** A phrase key. */
export type PhraseKey = keyof PhraseParams;

/** A key with its values. */
export type Phrase = { [K in PhraseKey]: { readonly key: K; readonly params: PhraseParams[K] } }[PhraseKey];

/**
 * A phrase, for a throwing site: `phrase('absence.startsTooEarly', { maxDaysInPast: 30 })`; a key without
 * values takes none: `phrase('invitation.own')`.
 */
export function phrase<K extends PhraseKey>(
  key: K,
  ...params: PhraseParams[K] extends Record<string, never> ? [] : [PhraseParams[K]]
): Phrase {
  return { key, params: params[0] ?? {} } as Phrase;
}
