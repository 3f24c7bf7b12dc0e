/**
 * Who is signed in, from the gateway's `GET /auth/session` (the `dg_session` cookie is HttpOnly, so the
 * page asks the gateway rather than reading it).
 */

/** What `/auth/session` says. */
export interface SessionState {
  readonly signedIn: boolean;
  readonly displayName: string | null;
  /** Whether the gateway has a sign-in configured at all. */
  readonly signInAvailable: boolean;
}

/** Reads the session; rejects when the gateway does not answer. */
export async function readSession(fetcher: typeof fetch = fetch): Promise<SessionState> {
  const response = await fetcher('/auth/session', { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`/auth/session answered ${response.status}`);
  const body = (await response.json()) as Partial<Record<keyof SessionState, unknown>>;
  return {
    signedIn: body.signedIn === true,
    displayName: typeof body.displayName === 'string' ? body.displayName : null,
    signInAvailable: body.signInAvailable === true,
  };
}

/** Where the sign-in button goes: the gateway's sign-in, back to this page. */
export const SIGN_IN_PATH = '/auth/login?returnTo=%2F';

/** Ends the session (the gateway clears the cookie); the page then shows the sign-in again. */
export async function signOut(fetcher: typeof fetch = fetch): Promise<void> {
  await fetcher('/auth/logout', { method: 'POST', credentials: 'same-origin' });
}
