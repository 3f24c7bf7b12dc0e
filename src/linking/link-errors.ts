/**
 * Why a link flow stopped, as typed errors with stable codes, each with the HTTP status its page is
 * served with. The words a family reads (Russian first, English beside) are in `link-messages.ts`; the
 * `message` of an error is its English text, safe to show and to log: it never holds a value the browser
 * or the diary sent.
 */
import { CodedError } from '../domain/coded-error.js';
import type { BilingualName } from '../tenants/tenant.js';

/** Every code of {@link LinkFlowError}. */
export type LinkFlowCode =
  /** The gateway was started without linking. */
  | 'LINK_NOT_CONFIGURED'
  /** Not signed in to the gateway (and it has no sign-in to send the browser to). */
  | 'LINK_SIGN_IN_REQUIRED'
  /** No such tenant, or not one of the platform in the path. */
  | 'LINK_TENANT_UNKNOWN'
  /** The tenant does not offer this flow now (the reason names the setting). */
  | 'LINK_FLOW_UNAVAILABLE'
  /** The Eljur school is not one of the tenant's. */
  | 'LINK_VENDOR_UNKNOWN'
  /** The attempt's `state` (or the form's token) is unknown, expired or used. */
  | 'LINK_STATE_INVALID'
  /** The callback or post came with another session than the one that started the attempt. */
  | 'LINK_SESSION_MISMATCH'
  /** The parent declined at the diary. */
  | 'LINK_DENIED'
  /** The diary says the gateway's request was wrong (redirect URI, client). */
  | 'LINK_PROVIDER_MISCONFIGURED'
  /** The diary's redirect brought neither a code nor an error the adapter knows. */
  | 'LINK_CALLBACK_UNREADABLE'
  /** The request itself is not what the route takes (a body too large, not a form, a bad `returnTo`). */
  | 'LINK_REQUEST_INVALID'
  /** The form's body is larger than the route reads. */
  | 'LINK_FORM_TOO_LARGE';

/** The status each code is served with: 4xx for what the family can fix, 502 when the diary is at fault. */
const STATUS: Readonly<Record<LinkFlowCode, number>> = Object.freeze({
  LINK_NOT_CONFIGURED: 404,
  LINK_SIGN_IN_REQUIRED: 401,
  LINK_TENANT_UNKNOWN: 400,
  // "Not now, and here is why": the resource exists, its state does not allow it (never a 404).
  LINK_FLOW_UNAVAILABLE: 409,
  LINK_VENDOR_UNKNOWN: 400,
  LINK_STATE_INVALID: 400,
  LINK_SESSION_MISMATCH: 403,
  LINK_DENIED: 400,
  LINK_PROVIDER_MISCONFIGURED: 502,
  LINK_CALLBACK_UNREADABLE: 502,
  LINK_REQUEST_INVALID: 400,
  LINK_FORM_TOO_LARGE: 413,
});

/** English messages, also the `message` of each error (the Russian ones are in `link-messages.ts`). */
const ENGLISH: Readonly<Record<LinkFlowCode, string>> = Object.freeze({
  LINK_NOT_CONFIGURED: 'This gateway does not link diaries from the browser.',
  LINK_SIGN_IN_REQUIRED: 'Sign in to the gateway first, then link the diary.',
  LINK_TENANT_UNKNOWN: 'This gateway does not link that diary: check the link you followed.',
  LINK_FLOW_UNAVAILABLE: 'This way of linking the diary is not available now.',
  LINK_VENDOR_UNKNOWN: 'Choose your school from the list.',
  LINK_STATE_INVALID: 'The link has expired or was already used — start linking again.',
  LINK_SESSION_MISMATCH:
    'Linking was started in another session of the gateway: sign in as the same person and start again. Nothing was linked.',
  LINK_DENIED: 'You declined access in the diary, so nothing was linked.',
  LINK_PROVIDER_MISCONFIGURED:
    "The diary refused the gateway's request: the gateway's set-up for this diary is wrong. Tell its administrator. Nothing was linked.",
  LINK_CALLBACK_UNREADABLE:
    'The diary sent the browser back with an answer the gateway cannot read. Try again. Nothing was linked.',
  LINK_REQUEST_INVALID: 'The request could not be read. Go back to the linking page and try again.',
  LINK_FORM_TOO_LARGE: 'The form sent more than the gateway reads. Go back to the linking page and try again.',
});

/** A link flow stopped for a reason the family is told. */
export class LinkFlowError extends CodedError<LinkFlowCode> {
  /** The HTTP status of its page. */
  readonly status: number;
  /** A reason in both languages that goes with the code (why a flow is off), when there is one. */
  readonly detail: BilingualName | null;

  constructor(code: LinkFlowCode, options?: { detail?: BilingualName | null; cause?: unknown }) {
    super(code, ENGLISH[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = STATUS[code];
    this.detail = options?.detail ?? null;
  }

  /** The JSON error fields besides `message`, as `GatewayError.toExtensions` gives them. */
  toExtensions(): Record<string, unknown> {
    return { code: this.code };
  }
}
