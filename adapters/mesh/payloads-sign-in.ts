/**
 * The answers of the МЭШ platform's sign-in exchanges (providers.md §8.1, §8.2), as zod schemas. They are
 * credentials, so they are decoded strictly (`errors.ts`): a token either reads whole or the link fails.
 * Only the access token is required; everything else is read when present, of any shape a client has
 * reported, and unknown keys are kept.
 */
import { z } from 'zod';

const optionalText = z.string().nullish();

/**
 * `POST login.mos.ru/sps/oauth/te` → `{access_token, expires_in, id_token, refresh_token, scope, token_type}`
 * (a client's `TokenExchange` model, §8.1 B.7).
 */
export const mosRuTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: optionalText,
  token_type: optionalText,
});

/**
 * `POST school.mos.ru/v3/auth/sudir/auth` →
 * `{"user_authentication_for_mobile_response":{"mesh_access_token":"…","mesh_refresh_token":"…"}}` (§8.1 B.8;
 * one client reads the access token only, another declares both).
 */
export const sudirAuthSchema = z.looseObject({
  user_authentication_for_mobile_response: z.looseObject({
    mesh_access_token: z.string().min(1),
    mesh_refresh_token: optionalText,
  }),
});

/**
 * `GET {auth}/v3/auth/token?code&state` on a regional node → `{token}` in one client, an access and a refresh
 * token in another (§8.2); the full answer is not published (§8.7 question 4). Every spelling seen or likely
 * is read; `regionalTokenOf` picks the token.
 */
export const regionalTokenSchema = z.looseObject({
  token: optionalText,
  access_token: optionalText,
  mesh_access_token: optionalText,
});

/** The МЭШ token of a regional node's answer, whichever field carries it, or `null` when none does. */
export function regionalTokenOf(answer: z.output<typeof regionalTokenSchema>): string | null {
  return answer.token || answer.access_token || answer.mesh_access_token || null;
}
