/**
 * Reading a `multipart/form-data` body (RFC 7578), as Eljur's storage reads an upload: the parts between
 * the boundary's delimiters, each with its `Content-Disposition` name and file name and its bytes as sent.
 */

/** One part of a form. */
export interface FormPart {
  name: string;
  /** The file name, for a file part; `null` for a plain field. */
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

/** The boundary a `Content-Type` names, or `null` when it is not `multipart/form-data` with one. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!/^multipart\/form-data\s*;/i.test(contentType ?? '')) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType ?? '');
  return match?.[1] ?? match?.[2] ?? null;
}

/** The value of a `Content-Disposition` parameter (`name`, `filename`; `filename*` in RFC 5987 form too). */
function dispositionParameter(headers: string, parameter: 'name' | 'filename'): string | null {
  if (parameter === 'filename') {
    const extended = /;\s*filename\*=UTF-8''([^;\r\n]+)/i.exec(headers);
    if (extended) {
      try {
        return decodeURIComponent(extended[1]!.trim());
      } catch {
        return null;
      }
    }
  }
  const quoted = new RegExp(`;\\s*${parameter}="([^"\\r\\n]*)"`, 'i').exec(headers);
  return quoted?.[1] ?? null;
}

function partOf(headers: string, data: Buffer): FormPart | null {
  const disposition = /^content-disposition:([^\r\n]*)$/im.exec(headers)?.[1] ?? '';
  const name = dispositionParameter(disposition, 'name');
  if (name === null) return null;
  const contentType = /^content-type:([^\r\n]*)$/im.exec(headers)?.[1]?.trim() ?? null;
  return { name, filename: dispositionParameter(disposition, 'filename'), contentType, data };
}

/** The parts of a multipart body; a body that does not follow the format gives the parts read before it broke. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const afterDelimiter = at + delimiter.length;
    // `--boundary--` closes the body.
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
    const headersStart = afterDelimiter + 2;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart);
    if (headersEnd === -1) break;
    const end = body.indexOf(nextDelimiter, headersEnd + 4);
    if (end === -1) break;
    const part = partOf(body.subarray(headersStart, headersEnd).toString('utf8'), body.subarray(headersEnd + 4, end));
    if (part) parts.push(part);
    at = end + 2;
  }
  return parts;
}
