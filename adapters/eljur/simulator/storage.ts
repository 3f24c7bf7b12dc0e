/**
 * Eljur's file storage, beside the API as a region's `edu-storage-1` host is beside its diary: `getrules`
 * hands out `uploadFileUrl` (`/storage/upload?token&domain`, the token good for about four hours); a POST
 * of `multipart/form-data` with the file in the field `userfile` stores it and answers, unwrapped, with the
 * file's `id` (what `sendmessage` takes in `fid[]`), `name` and `url`; `/storage/file/{id}` serves it back.
 * Which field of the real answer `fid[]` takes is not known (docs/providers/eljur.md): `url` is the one a
 * client reads; `id` and `name` are BetterJournal's model of an uploaded file.
 */
import type { IncomingMessage } from 'node:http';
import { empty, file, json, type Reply } from '../../simulation/replies.js';
import { ELJUR_SIMULATOR_VENDOR } from './ids.js';
import type { MailState } from './mail-state.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { FILE_PATH } from './render-mail.js';
import type { UploadWire } from './wire-mail.js';

/** Where uploads go. */
export const UPLOAD_PATH = '/storage/upload';
/** The largest file the storage keeps (Eljur's own limit is not known). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** The largest upload body read: the file and the form around it. */
export const MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;
/** The form field the file goes in. */
export const UPLOAD_FIELD = 'userfile';

/** Whether a path is the storage's. */
export function isStoragePath(path: string): boolean {
  return path === UPLOAD_PATH || path.startsWith(`${FILE_PATH}/`);
}

/** The storage's own refusals: `{error}` without Eljur's envelope. */
function refusal(status: number, error: string): Reply {
  return json({ error }, status);
}

/** The upload address `getrules` gives an account. */
export function uploadFileUrl(origin: string, token: string): string {
  return `${origin}${UPLOAD_PATH}?${new URLSearchParams({ token, domain: ELJUR_SIMULATOR_VENDOR }).toString()}`;
}

/** What a storage request carries. */
export interface StorageRequest {
  request: IncomingMessage;
  url: URL;
  bytes: Buffer | null;
  state: MailState;
  now: Date;
  origin: string;
}

function upload({ request, url, bytes, state, now, origin }: StorageRequest): Reply {
  if (url.searchParams.get('domain') !== ELJUR_SIMULATOR_VENDOR) return refusal(403, 'неизвестный домен');
  const accountId = state.uploaderOf(url.searchParams.get('token') ?? '', now);
  if (accountId === null) return refusal(403, 'недействительный токен загрузки');
  if (bytes === null) return refusal(413, 'файл слишком большой');
  const boundary = boundaryOf(request.headers['content-type']);
  const part = boundary === null ? undefined : parseMultipart(bytes, boundary).find((p) => p.name === UPLOAD_FIELD);
  if (!part || part.filename === null || part.data.length === 0) return refusal(400, 'файл не передан');
  if (part.data.length > MAX_UPLOAD_BYTES) return refusal(413, 'файл слишком большой');
  const stored = state.storeFile({
    name: part.filename,
    contentType: part.contentType ?? 'application/octet-stream',
    bytes: Buffer.from(part.data),
    ownerId: accountId,
  });
  const answer: UploadWire = { id: stored.id, name: stored.name, url: `${origin}${FILE_PATH}/${stored.id}` };
  return json(answer);
}

/** Answers a storage request: an upload (POST), or a file (GET). */
export function answerStorage(storage: StorageRequest): Reply {
  const { request, url, state } = storage;
  if (url.pathname === UPLOAD_PATH) return request.method === 'POST' ? upload(storage) : empty(405);
  const stored = state.files.get(url.pathname.slice(FILE_PATH.length + 1));
  return stored && request.method === 'GET' ? file(stored.bytes, stored.contentType) : empty(404);
}
