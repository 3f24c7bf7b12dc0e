/**
 * Linking an Eljur account, two ways, each for one school (vendor):
 * - a login and password (the gateway's own form): checked, then one `auth`, whose token is kept with them;
 * - a token from Eljur's redirect sign-in (`?token=`): kept as it is, with no `auth` call. Nothing else is
 *   stored, so when that token lapses there is no password to sign in again with: the account asks for
 *   a new link (`PROVIDER_AUTH_FAILED`).
 * The caller verifies either with `fetchProfile` (`getrules`) next.
 */
import type { LinkCredentials, ProviderCredentials } from '../../src/domain/adapter.js';
import { BadUserInputError } from '../../src/errors/gateway-error.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import { credentialsWithToken, signIn } from './access-token.js';
import { endpointOf, validOptions, type EljurAdapterOptions } from './adapter-options.js';
import { ELJUR } from './normalize.js';

/** A link checked by {@link eljurLinkInput}: login and password, or Eljur's token; each with the school. */
export type EljurLinkInput =
  | { kind: 'password'; login: string; password: string; vendor: string }
  | { kind: 'token'; token: string; vendor: string };

/**
 * The longest value taken for each field (the gateway's GraphQL limits, `LINK_INPUT_LIMITS`, are the same;
 * the form and the redirect reach `signIn` without GraphQL, so the adapter bounds them too).
 */
export const ELJUR_LINK_LIMITS = Object.freeze({ token: 4096, login: 256, password: 256, vendor: 63 });

/**
 * Signs in to Eljur with a login and password, for linking an account: returns the credentials to store
 * (`login`, `password`, `vendor` when given, `token`, `tokenExpiresAt` when Eljur sent a readable expiry).
 * Throws `PROVIDER_AUTH_FAILED` for a refused login, developer key or vendor.
 */
export async function authenticateEljur(
  options: EljurAdapterOptions,
  credentials: { login: string; password: string; vendor?: string },
  signal?: AbortSignal,
): Promise<ProviderCredentials> {
  const { timeZone } = validOptions(options, 'authenticateEljur');
  const signedIn = await signIn(
    endpointOf(options, credentials.vendor, signal),
    credentials.login,
    credentials.password,
    timeZone,
  );
  const stored: Record<string, string> = { login: credentials.login, password: credentials.password };
  if (credentials.vendor) stored.vendor = credentials.vendor;
  return credentialsWithToken(stored, signedIn);
}

/**
 * The credentials to store for a checked link: a password link signs in (`auth`); a token link is stored
 * as `{ token, vendor }` without calling Eljur, since the token is Eljur's own answer to the parent's
 * sign-in on its page and `fetchProfile` verifies it right after.
 */
export async function linkEljur(
  options: EljurAdapterOptions,
  input: EljurLinkInput,
  signal?: AbortSignal,
): Promise<ProviderCredentials> {
  if (input.kind === 'password') return authenticateEljur(options, input, signal);
  validOptions(options, 'linkEljur');
  return { token: input.token, vendor: input.vendor };
}

/** An Eljur vendor is a school subdomain: letters, digits, `-` and `_` (as `ELJUR_VENDOR` is checked). */
const VENDOR = /^[A-Za-z0-9_-]+$/;

function tooLong(value: string, field: keyof typeof ELJUR_LINK_LIMITS, what: string): void {
  const limit = ELJUR_LINK_LIMITS[field];
  if (value.length > limit) throw new BadUserInputError(`The ${what} may be at most ${limit} characters long.`, field);
}

/** A vendor as a school subdomain, trimmed; `BAD_USER_INPUT` naming `vendor` otherwise. */
export function checkedVendor(raw: string): string {
  const vendor = raw.trim();
  if (!VENDOR.test(vendor) || vendor.length > ELJUR_LINK_LIMITS.vendor) {
    throw new BadUserInputError(
      'The Eljur vendor must be the school’s subdomain: letters, digits, - and _ (school123 of school123.eljur.ru).',
      'vendor',
    );
  }
  return vendor;
}

function checkedToken(raw: string): string {
  const token = raw.trim();
  if (token === '') throw new BadUserInputError('The Eljur token is empty.', 'token');
  tooLong(token, 'token', 'Eljur token');
  if (!isVisibleAscii(token))
    throw new BadUserInputError('The Eljur token may hold only visible ASCII characters.', 'token');
  return token;
}

/**
 * A link's login, password and vendor, or its token and vendor, checked before Eljur is asked. Messages
 * name the field, never its value. The password is taken as typed: spaces may be part of it.
 */
export function eljurLinkInput(input: LinkCredentials): EljurLinkInput {
  if (input.provider !== ELJUR) {
    throw new BadUserInputError(
      'These sign-in details are not for Eljur: link it with the Eljur login, password and school (vendor).',
      'provider',
    );
  }
  if ('token' in input) return { kind: 'token', token: checkedToken(input.token), vendor: checkedVendor(input.vendor) };
  const login = input.login.trim();
  if (login === '') throw new BadUserInputError('The Eljur login is empty.', 'login');
  tooLong(login, 'login', 'Eljur login');
  if (input.password === '') throw new BadUserInputError('The Eljur password is empty.', 'password');
  tooLong(input.password, 'password', 'Eljur password');
  return { kind: 'password', login, password: input.password, vendor: checkedVendor(input.vendor) };
}
