/**
 * Checking a browser's push subscription as `registerPushSubscription` receives it (the JSON of
 * `PushSubscription.toJSON()`): the endpoint is where the gateway will send, and the keys are what it
 * encrypts for, so a malformed one is refused here, with the field it concerns, rather than failing on
 * every send later.
 */
import { BadUserInputError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';

/** The caps of each field, in characters (the schema states them; the GraphQL edge checks them first). */
export const PUSH_INPUT_LIMITS = Object.freeze({ endpoint: 2048, p256dh: 128, auth: 64, label: 60 });

/** A registration as the schema receives it. */
export interface PushRegistrationInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  label?: string | null;
}

/** A registration that passed: the keys as given, the label trimmed (`null` when empty). */
export interface CheckedRegistration {
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string | null;
  /** The endpoint's host: what the owner's list shows of it. */
  pushService: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Checks and normalises a registration.
 * @param allowHttp Accept `http` endpoints (tests with a push service on loopback); browsers only ever give https.
 * @throws BadUserInputError on `input.endpoint`, `input.p256dh`, `input.auth` or `input.label`.
 */
export function checkRegistration(input: PushRegistrationInput, allowHttp = false): CheckedRegistration {
  const endpoint = parseEndpoint(input.endpoint, allowHttp);
  const publicKey = decodeKey(input.p256dh, PUSH_INPUT_LIMITS.p256dh);
  if (publicKey?.length !== 65 || publicKey[0] !== 4) throw badKey('input.p256dh');
  if (decodeKey(input.auth, PUSH_INPUT_LIMITS.auth)?.length !== 16) throw badKey('input.auth');
  return {
    endpoint: endpoint.href,
    p256dh: withoutPadding(input.p256dh),
    auth: withoutPadding(input.auth),
    label: checkLabel(input.label ?? null),
    pushService: endpoint.host,
  };
}

function parseEndpoint(text: string, allowHttp: boolean): URL {
  const refuse = () =>
    new BadUserInputError(
      "The endpoint must be the push service's https address, as PushManager.subscribe gave it.",
      'input.endpoint',
      phrase('push.badEndpoint'),
    );
  if (text.length > PUSH_INPUT_LIMITS.endpoint || !URL.canParse(text)) throw refuse();
  const url = new URL(text);
  const schemeAllowed = url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
  // Credentials in the address would be sent to the push service on every notification.
  if (!schemeAllowed || url.username !== '' || url.password !== '' || url.hash !== '') throw refuse();
  return url;
}

function decodeKey(text: string, max: number): Buffer | null {
  if (text.length > max || !BASE64URL.test(text)) return null;
  return Buffer.from(withoutPadding(text), 'base64url');
}

/** Base64url as browsers give it has no padding; some libraries add it. At most two `=` pass the pattern. */
function withoutPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end -= 1;
  return text.slice(0, end);
}

function badKey(argument: 'input.p256dh' | 'input.auth'): BadUserInputError {
  return new BadUserInputError(
    "The subscription's keys must be as PushManager.subscribe gave them: p256dh a P-256 public key (65 bytes), " +
      'auth 16 bytes, both base64url.',
    argument,
    phrase('push.badKeys'),
  );
}

function checkLabel(label: string | null): string | null {
  const trimmed = label?.trim() ?? '';
  if (trimmed === '') return null;
  if (CONTROL.test(trimmed))
    throw new BadUserInputError(
      'The label may not hold line breaks or control characters.',
      'input.label',
      phrase('push.badLabel'),
    );
  if (trimmed.length > PUSH_INPUT_LIMITS.label)
    throw new BadUserInputError(`The label may be at most ${PUSH_INPUT_LIMITS.label} characters.`, 'input.label');
  return trimmed;
}
