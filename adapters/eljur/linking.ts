/**
 * Linking an Eljur account: the parent's login, password and school (vendor) checked before Eljur is
 * asked, then one sign-in, whose token is kept with the credentials.
 */
import type { LinkCredentials, ProviderCredentials } from '../../src/domain/adapter.js';
import { BadUserInputError } from '../../src/errors/gateway-error.js';
import { credentialsWithToken, signIn } from './access-token.js';
import { endpointOf, validOptions, type EljurAdapterOptions } from './adapter-options.js';
import { ELJUR } from './normalize.js';

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

/** An Eljur vendor is a school subdomain: letters, digits, `-` and `_` (as `ELJUR_VENDOR` is checked). */
const VENDOR = /^[A-Za-z0-9_-]+$/;

/**
 * The login, password and vendor of a link, checked before Eljur is asked. Messages name the field,
 * never its value. The password is taken as typed: spaces may be part of it.
 */
export function eljurLinkInput(input: LinkCredentials): { login: string; password: string; vendor: string } {
  if (input.provider !== ELJUR) {
    throw new BadUserInputError(
      'These sign-in details are not for Eljur: link it with the Eljur login, password and school (vendor).',
      'provider',
    );
  }
  const login = input.login.trim();
  if (login === '') throw new BadUserInputError('The Eljur login is empty.', 'login');
  if (input.password === '') throw new BadUserInputError('The Eljur password is empty.', 'password');
  const vendor = input.vendor.trim();
  if (!VENDOR.test(vendor)) {
    throw new BadUserInputError(
      'The Eljur vendor must be the school’s subdomain: letters, digits, - and _ (school123 of school123.eljur.ru).',
      'vendor',
    );
  }
  return { login, password: input.password, vendor };
}
