/**
 * How the link routes answer: pages with headers that keep them to themselves (no script, no framing,
 * nothing cached, no referrer), JSON for API clients that ask only for it, redirects, and refusals as a
 * page or `{error: {message, code}}`.
 */
import type { ServerResponse } from 'node:http';
import type { BilingualName } from '../tenants/tenant.js';
import { bilingual, escapeHtml, linkTo, page } from './link-html.js';
import { problemOf, type LinkProblem } from './link-messages.js';

/**
 * Headers of every link answer. The pages carry no script at all, so the policy allows none; no
 * `form-action`: Chrome applies it to the redirects after a form is sent, and Eljur's school form on
 * `/link` ends at Eljur's own site.
 */
const PRIVATE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

/** True when the client asks for JSON rather than a page (an API client driving the flow). */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  return types.includes('application/json') && !types.includes('text/html');
}

/** Answers an HTML page. */
export function sendPage(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...PRIVATE_HEADERS, 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

/** Answers JSON. */
export function sendLinkJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...PRIVATE_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
}

/** Sends the browser to `location` (a local path, or a diary's sign-in page built by its adapter). */
export function sendRedirect(res: ServerResponse, status: 302 | 303, location: string): void {
  res.writeHead(status, { ...PRIVATE_HEADERS, location });
  res.end();
}

const PROBLEM_TITLE: BilingualName = { ru: 'Дневник не подключён', en: 'The diary was not linked' };

/** The page of a refusal: what happened, why a flow is off (when known), its code, and the way back. */
export function problemPage(problem: LinkProblem): string {
  return page(
    PROBLEM_TITLE,
    [
      bilingual(problem.text, 'problem'),
      problem.detail ? bilingual(problem.detail) : '',
      `<p class="en">Код / Code: <code>${escapeHtml(problem.code)}</code></p>`,
      `<p>${linkTo('/link', { ru: 'К подключению дневников', en: 'Back to linking diaries' })}</p>`,
    ].join('\n'),
  );
}

/** The JSON body of a refusal. */
export function problemJson(problem: LinkProblem): { error: Record<string, unknown> } {
  return {
    error: {
      message: problem.detail ? `${problem.text.en} ${problem.detail.en}` : problem.text.en,
      code: problem.code,
      ...(problem.detail ? { reason: problem.detail } : {}),
      ...(problem.retryAfterSeconds ? { retryAfterSeconds: problem.retryAfterSeconds } : {}),
    },
  };
}

/** The headers that go with a refusal (`Retry-After` when waiting helps). */
export function problemHeaders(problem: LinkProblem): Record<string, string> {
  return problem.retryAfterSeconds ? { 'retry-after': String(problem.retryAfterSeconds) } : {};
}

/**
 * Answers a refusal as a page or JSON. Anything but a typed refusal is a bug: it is thrown on, for the
 * edge to log and answer 500.
 * @returns the refusal's code, for the log.
 */
export function sendProblem(res: ServerResponse, error: unknown, wantsJson: boolean): string {
  const problem = problemOf(error);
  if (!problem) throw error;
  const headers = problemHeaders(problem);
  if (wantsJson) sendLinkJson(res, problem.status, problemJson(problem), headers);
  else sendPage(res, problem.status, problemPage(problem), headers);
  return problem.code;
}
