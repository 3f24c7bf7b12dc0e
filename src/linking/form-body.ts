/**
 * Reading the Eljur form's post: `application/x-www-form-urlencoded` only, at most 8 KiB (a login, a
 * password, a school and a token need far less), refused from its declared length before a byte is read
 * when it says it is larger. Each field is then taken within its own limit by the caller.
 */
import type { IncomingMessage } from 'node:http';
import { LinkFlowError } from './link-errors.js';

/** The largest form body read. */
export const MAX_FORM_BYTES = 8 * 1024;

/** Whether the request says its body is a URL-encoded form (parameters such as `charset` allowed). */
function isUrlEncodedForm(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * The posted form's fields.
 * @throws LinkFlowError `LINK_REQUEST_INVALID` for another content type, `LINK_FORM_TOO_LARGE` past
 *   `maxBytes` (declared or read).
 */
export async function readFormBody(req: IncomingMessage, maxBytes = MAX_FORM_BYTES): Promise<URLSearchParams> {
  if (!isUrlEncodedForm(req.headers['content-type'])) throw new LinkFlowError('LINK_REQUEST_INVALID');
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) throw new LinkFlowError('LINK_FORM_TOO_LARGE');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new LinkFlowError('LINK_FORM_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
