/**
 * Files sent with a message, checked before anything is read or sent: at most 3, each at most 512 KiB
 * (`MessageAttachmentInput`), named as the gateway takes a name (at most 120 characters; no path separators,
 * quotes or control characters), and turned into base64 for the request. Pure, so the bounds are tested
 * without a browser.
 */
import type { MessageAttachmentInput } from '@diary-gateway/client';

/** The gateway's bounds on files (docs/messages.md). */
export const FILE_LIMITS = { count: 3, bytes: 512 * 1024, nameLength: 120, typeLength: 100 } as const;

/** A file the parent chose: its name, media type and size (a `File` has them). */
export interface ChosenFile {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

/** Why the chosen files cannot go: too many, or one too large or empty (named). */
export type FileProblem = { readonly kind: 'count' } | { readonly kind: 'size' | 'empty'; readonly name: string };

/** The first reason `files` cannot be sent, or `null` when they can. */
export function fileProblem(files: readonly ChosenFile[]): FileProblem | null {
  if (files.length > FILE_LIMITS.count) return { kind: 'count' };
  const large = files.find((file) => file.size > FILE_LIMITS.bytes);
  if (large) return { kind: 'size', name: large.name };
  const empty = files.find((file) => file.size === 0);
  return empty ? { kind: 'empty', name: empty.name } : null;
}

// Control characters, path separators and quotes: what the gateway refuses in a file name.
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\"'`]/g;

/**
 * `name` as the gateway takes it: unsafe characters replaced by `_`, at most 120 characters with the extension
 * kept (`очень-длинное…имя.pdf`), and `файл` for a name left empty.
 */
export function safeFileName(name: string): string {
  const cleaned = name.replace(UNSAFE_NAME, '_').trim();
  if (cleaned === '') return 'файл';
  // The gateway counts UTF-16 units, as `String.length` does.
  if (cleaned.length <= FILE_LIMITS.nameLength) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  // Whole characters only: a surrogate pair is never cut in two.
  const stem = [...cleaned.slice(0, dot > 0 && extension !== '' ? dot : cleaned.length)];
  while (stem.join('').length + extension.length > FILE_LIMITS.nameLength) stem.pop();
  return `${stem.join('').trimEnd()}${extension}`;
}

/** `bytes` in base64 (in slices, so a large file does not overflow the call stack of `fromCharCode`). */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let start = 0; start < bytes.length; start += slice)
    binary += String.fromCharCode(...bytes.subarray(start, start + slice));
  return btoa(binary);
}

/** A media type as the gateway takes it (`type/subtype`, parameters dropped), else a generic one. */
export function mediaType(type: string): string {
  const bare = type.split(';')[0]?.trim() ?? '';
  return bare.length <= FILE_LIMITS.typeLength && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i.test(bare)
    ? bare
    : 'application/octet-stream';
}

/** `file` as the mutation's input: a safe name, its media type and its bytes in base64. */
export function attachmentInput(file: ChosenFile, bytes: Uint8Array): MessageAttachmentInput {
  return { name: safeFileName(file.name), contentType: mediaType(file.type), contentBase64: base64Of(bytes) };
}

/** Every chosen file read and turned into the mutation's input, in order. */
export async function readAttachments(files: readonly File[]): Promise<MessageAttachmentInput[]> {
  return Promise.all(files.map(async (file) => attachmentInput(file, new Uint8Array(await file.arrayBuffer()))));
}
