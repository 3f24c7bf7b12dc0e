/**
 * Eljur's refusals of what it was asked to take or open, told apart from its other failures. Eljur answers a
 * refusal like any failure, in its envelope (`{"state": 400, "error": "<Russian text>"}`), and no client shows
 * a code of its own for one; so the envelope's text is what says which refusal it is. Only a text that
 * plainly names the reason becomes a `PROVIDER_REFUSED` with it; everything else stays the error the adapter
 * maps today (`errors.ts`), and nothing of the text reaches the message (it stays in the cause).
 *
 * The words matched are the ones Eljur's own interface uses for these objects (получатель, сообщение,
 * длина, файл); the texts of the real service's refusals are not known (docs/providers/eljur.md).
 */
import { ProviderError, ProviderRefusedError, type RefusalReason } from '../../src/errors/gateway-error.js';
import type { EljurMethod } from './endpoints.js';
import { EljurUpstreamAnswer } from './errors.js';

const ELJUR = 'ELJUR' as const;

/** The methods whose object is a message or a notice that may be gone (a reply's is the message answered). */
const OPENING_METHODS: ReadonlySet<EljurMethod> = new Set<EljurMethod>([
  'getmessageinfo',
  'sendreplymessage',
  'getboardnoticeinfo',
]);

/** Reasons in the order they are tried: a missing recipient is about the recipient, not a missing message. */
const REASONS: readonly (readonly [RefusalReason, RegExp, 'any' | 'opening'])[] = [
  ['RECIPIENT_NOT_ALLOWED', /получател|адресат|recipient/iu, 'any'],
  ['MESSAGE_NOT_FOUND', /не\s+найден|не\s+существует|удален|not\s+found/iu, 'opening'],
  ['TEXT_TOO_LONG', /длин|символ|too\s+long/iu, 'any'],
  ['ATTACHMENT_REFUSED', /файл|вложени|attachment/iu, 'any'],
];

/** The statuses a refusal comes with: the request was read and refused (a 5xx is the diary failing, not refusing). */
const REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 403, 404, 422]);

function reasonOf(method: EljurMethod, text: string): RefusalReason | null {
  for (const [reason, pattern, scope] of REASONS) {
    if (scope === 'opening' && !OPENING_METHODS.has(method)) continue;
    if (pattern.test(text)) return reason;
  }
  return null;
}

/**
 * `error` as the refusal it is, when Eljur's envelope names one (see the module comment); else `error`
 * unchanged. A refusal is final (asking again gets the same answer), so it is never taken for a lapsed token.
 */
export function asRefusal(method: EljurMethod, error: unknown): unknown {
  if (!(error instanceof ProviderError) || !(error.cause instanceof EljurUpstreamAnswer)) return error;
  const answer = error.cause;
  const status = answer.state ?? error.upstreamStatus;
  if (answer.providerMessage === null || status === undefined || !REFUSAL_STATUSES.has(status)) return error;
  const reason = reasonOf(method, answer.providerMessage);
  if (reason === null) return error;
  return new ProviderRefusedError(ELJUR, reason, `${method} answered ${status} (${reason})`, {
    cause: answer,
    upstreamStatus: error.upstreamStatus,
  });
}

/** Runs one call of `method`, its refusals thrown as `PROVIDER_REFUSED` (see {@link asRefusal}). */
export async function refusing<T>(method: EljurMethod, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asRefusal(method, error);
  }
}
