/**
 * Length caps on every free-text input of the schema, in one table, checked before any resolver runs.
 *
 * Why: whatever a client sends is processed (normalised, hashed, matched, stored, sent to a diary), and
 * some of that work grows with the text; one 120,000-character name froze the gateway (issue 10,
 * finding 2), and uncapped names made a 7 MB answer out of the store (finding 6). The request body limit
 * (`MAX_BODY_BYTES`) bounds a request as a whole; these caps bound each field to what it can sensibly
 * hold, so no code behind the edge ever sees more.
 *
 * Every `String` and `ID` argument and input field must have an entry: {@link applyInputLimits} refuses
 * to build a schema where one is missing (or where an entry names nothing), so a new free-text input
 * cannot ship uncapped. Each field's description in `schema/*.graphql` states its cap ("at most N
 * characters"); a unit test holds the two equal.
 *
 * Lengths are counted as JavaScript and most clients count them, in UTF-16 code units: a Cyrillic letter
 * is one, an emoji outside the Basic Multilingual Plane two. `Date` and `DateTime` are not here: their
 * scalars accept only their fixed shapes.
 */
import {
  defaultFieldResolver,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { MAX_COMMENT_LENGTH } from '../absences/absence-notices.js';
import { MAX_FULL_NAME_LENGTH } from '../access/trusted-persons.js';
import { LINK_INPUT_LIMITS } from '../accounts/credential-shape.js';
import { PUSH_INPUT_LIMITS } from '../push/push-input.js';
import { MAX_WEBHOOK_URL_LENGTH } from '../deliveries/webhook-address-policy.js';
import { MAX_WEBHOOK_LABEL, MAX_WEBHOOK_SECRET } from '../deliveries/webhooks.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import { MAX_CURSOR_LENGTH } from '../messages/merged-list.js';
import { SEND_LIMITS } from '../messages/send-input.js';
import { phrase } from '../errors/phrases.js';

/**
 * Any id (student, grant, suggestion, account link, subject, period, calendar feed): far above the longest one
 * handed out.
 */
export const MAX_ID_LENGTH = 512;
/** A tenant id (`src/tenants`): 2–40 characters. */
export const MAX_TENANT_ID_LENGTH = 40;
/** A trusted-person invitation code: the gateway makes them 24 characters long. */
export const MAX_INVITATION_CODE_LENGTH = 128;
/** A SNILS or a phone number in any common spelling (`112-233-445 95`, `+7 (999) 123-45-67`). */
export const MAX_SNILS_OR_PHONE_LENGTH = 64;

/**
 * The cap of every free-text input, in characters. Keys are `Type.field(argument)` for an argument and
 * `InputType.field` for a field of an input type. Where the rules behind the edge check a length again
 * (link credentials, the stored invitee name, the absence comment), the number is theirs, so the two
 * cannot drift apart.
 */
export const INPUT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  'Query.student(id)': MAX_ID_LENGTH,
  'Viewer.message(id)': MAX_ID_LENGTH,
  'Viewer.messageThread(id)': MAX_ID_LENGTH,
  'Viewer.notice(id)': MAX_ID_LENGTH,
  'Viewer.messages(after)': MAX_CURSOR_LENGTH,
  'Viewer.notices(after)': MAX_CURSOR_LENGTH,
  'MessageFilter.studentId': MAX_ID_LENGTH,
  'NoticeFilter.studentId': MAX_ID_LENGTH,
  'SendMessageInput.clientKey': SEND_LIMITS.clientKeyMax,
  'SendMessageInput.studentId': MAX_ID_LENGTH,
  'SendMessageInput.recipientIds': MAX_ID_LENGTH,
  'SendMessageInput.subject': SEND_LIMITS.subject,
  'SendMessageInput.text': SEND_LIMITS.text,
  'ReplyToMessageInput.clientKey': SEND_LIMITS.clientKeyMax,
  'ReplyToMessageInput.messageId': MAX_ID_LENGTH,
  'ReplyToMessageInput.text': SEND_LIMITS.text,
  'MessageAttachmentInput.name': SEND_LIMITS.attachmentName,
  'MessageAttachmentInput.contentType': SEND_LIMITS.contentType,
  'MessageAttachmentInput.contentBase64': SEND_LIMITS.attachmentBase64,
  'SignDiaryWeekInput.studentId': MAX_ID_LENGTH,
  'Mutation.setTrustedPersonScopes(grantId)': MAX_ID_LENGTH,
  'Student.grades(subjectId)': MAX_ID_LENGTH,
  'Student.homework(subjectId)': MAX_ID_LENGTH,
  'Student.averages(periodId)': MAX_ID_LENGTH,
  'Mutation.unlinkProviderAccount(id)': MAX_ID_LENGTH,
  'Mutation.confirmStudentMatch(suggestionId)': MAX_ID_LENGTH,
  'Mutation.rejectStudentMatch(suggestionId)': MAX_ID_LENGTH,
  'Mutation.acceptTrustedPersonInvitation(code)': MAX_INVITATION_CODE_LENGTH,
  'Mutation.revokeTrustedPerson(grantId)': MAX_ID_LENGTH,
  'Mutation.createCalendarFeed(studentId)': MAX_ID_LENGTH,
  'Mutation.revokeCalendarFeed(id)': MAX_ID_LENGTH,
  'Mutation.removePushSubscription(id)': MAX_ID_LENGTH,
  'PushSubscriptionInput.endpoint': PUSH_INPUT_LIMITS.endpoint,
  'PushSubscriptionInput.p256dh': PUSH_INPUT_LIMITS.p256dh,
  'PushSubscriptionInput.auth': PUSH_INPUT_LIMITS.auth,
  'PushSubscriptionInput.label': PUSH_INPUT_LIMITS.label,
  'LinkMeshAccountInput.token': LINK_INPUT_LIMITS.token,
  'LinkMeshAccountInput.tenant': MAX_TENANT_ID_LENGTH,
  'LinkDnevnikAccountInput.tenant': MAX_TENANT_ID_LENGTH,
  'LinkEljurAccountInput.tenant': MAX_TENANT_ID_LENGTH,
  'LinkDnevnikAccountInput.code': LINK_INPUT_LIMITS.code,
  'LinkDnevnikAccountInput.redirectUri': LINK_INPUT_LIMITS.redirectUri,
  'LinkDnevnikAccountInput.accessToken': LINK_INPUT_LIMITS.accessToken,
  'LinkEljurAccountInput.login': LINK_INPUT_LIMITS.login,
  'LinkEljurAccountInput.password': LINK_INPUT_LIMITS.password,
  'LinkEljurAccountInput.vendor': LINK_INPUT_LIMITS.vendor,
  'InviteTrustedPersonInput.studentId': MAX_ID_LENGTH,
  'InviteTrustedPersonInput.snils': MAX_SNILS_OR_PHONE_LENGTH,
  'InviteTrustedPersonInput.phone': MAX_SNILS_OR_PHONE_LENGTH,
  'InviteTrustedPersonInput.fullName': MAX_FULL_NAME_LENGTH,
  'ReportAbsenceInput.studentId': MAX_ID_LENGTH,
  'ReportAbsenceInput.comment': MAX_COMMENT_LENGTH,
  'WithdrawAbsenceInput.studentId': MAX_ID_LENGTH,
  'Mutation.updateWebhook(id)': MAX_ID_LENGTH,
  'Mutation.disableWebhook(id)': MAX_ID_LENGTH,
  'Mutation.enableWebhook(id)': MAX_ID_LENGTH,
  'Mutation.deleteWebhook(id)': MAX_ID_LENGTH,
  'Webhook.deliveries(after)': MAX_ID_LENGTH,
  'CreateWebhookInput.url': MAX_WEBHOOK_URL_LENGTH,
  'CreateWebhookInput.secret': MAX_WEBHOOK_SECRET,
  'CreateWebhookInput.label': MAX_WEBHOOK_LABEL,
  'UpdateWebhookInput.url': MAX_WEBHOOK_URL_LENGTH,
  'UpdateWebhookInput.secret': MAX_WEBHOOK_SECRET,
  'UpdateWebhookInput.label': MAX_WEBHOOK_LABEL,
});

/**
 * Refuses a text longer than `max` with `BAD_USER_INPUT` naming the input; anything else passes. The
 * message gives the cap and the length, never the text (it may be a password or a SNILS).
 * @example checkLength('fullName', 'Иванова Галина Петровна', 200) // passes
 */
export function checkLength(name: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) {
    throw new BadUserInputError(
      `${name} may be at most ${max} characters; this one has ${value.length}.`,
      name,
      phrase('input.tooLong', { name, max, length: value.length }),
    );
  }
}

/** Checks one argument's (or input field's) value, throwing {@link BadUserInputError} when too long. */
type Check = (value: unknown) => void;

/**
 * Puts the caps of `limits` in front of every field that takes free text, so each argument is measured
 * before the field's resolver (or graphql-js's default one) runs. Throws at start-up, naming the input,
 * when a `String` or `ID` argument or input field has no cap, or when a cap names no input.
 * Returns the same schema, changed in place.
 */
export function applyInputLimits(
  schema: GraphQLSchema,
  limits: Readonly<Record<string, number>> = INPUT_LIMITS,
): GraphQLSchema {
  const checks = new LimitChecks(limits);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const argumentChecks = field.args.flatMap((argument) => {
        const check = checks.of(argument.type, `${type.name}.${field.name}(${argument.name})`, argument.name);
        return check ? [[argument.name, check] as const] : [];
      });
      if (argumentChecks.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      // In place, as Apollo Server's own field instrumentation does: createSchema has just built this
      // schema, nothing else holds it yet, and a copy (mapSchema) would need a package we do not depend on.
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const [name, check] of argumentChecks) check(args[name]);
        return resolve(source, args, context, info);
      };
    }
  }
  checks.assertAllUsed();
  return schema;
}

const WALKING = Symbol('walking');

/** Builds the checks of input types, once per input type, and keeps track of the caps used. */
class LimitChecks {
  private readonly used = new Set<string>();
  /** Each input type's check; `WALKING` while its fields are being walked (an input type may contain itself). */
  private readonly byInputType = new Map<string, Check | null | typeof WALKING>();

  constructor(private readonly limits: Readonly<Record<string, number>>) {}

  /** The check of a value of `type` at `key` (named `name` in messages); `null` when nothing needs checking. */
  of(type: GraphQLInputType, key: string, name: string): Check | null {
    if (isNonNullType(type)) return this.of(type.ofType, key, name);
    if (isListType(type)) {
      const item = this.of(type.ofType, key, name);
      // graphql-js has coerced a list argument to an array (or null) before any resolver sees it.
      return item && ((value) => (Array.isArray(value) ? value.forEach(item) : item(value)));
    }
    if (isScalarType(type) && (type.name === 'String' || type.name === 'ID')) {
      const max = this.limitOf(key);
      return (value) => checkLength(name, value, max);
    }
    if (isInputObjectType(type)) {
      const known = this.byInputType.get(type.name);
      if (known === WALKING) return (value) => (this.byInputType.get(type.name) as Check | null)?.(value);
      if (known !== undefined) return known;
      this.byInputType.set(type.name, WALKING);
      const fields = Object.values(type.getFields()).flatMap((field) => {
        const check = this.of(field.type, `${type.name}.${field.name}`, field.name);
        return check ? [[field.name, check] as const] : [];
      });
      const check: Check | null =
        fields.length === 0
          ? null
          : (value) => {
              if (value === null || typeof value !== 'object') return;
              for (const [field, fieldCheck] of fields) fieldCheck((value as Record<string, unknown>)[field]);
            };
      this.byInputType.set(type.name, check);
      return check;
    }
    return null;
  }

  private limitOf(key: string): number {
    const max = this.limits[key];
    if (max === undefined) {
      throw new Error(
        `${key} takes free text but has no length limit: add it to INPUT_LIMITS (src/graphql/input-limits.ts) and state it in its description.`,
      );
    }
    this.used.add(key);
    return max;
  }

  assertAllUsed(): void {
    const stale = Object.keys(this.limits).filter((key) => !this.used.has(key));
    if (stale.length > 0) throw new Error(`INPUT_LIMITS names inputs the schema does not have: ${stale.join(', ')}.`);
  }
}
