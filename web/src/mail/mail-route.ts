/**
 * Where the mail view stands, kept in the address's hash so the back button and a bookmark work: a folder
 * (`#mail` the inbox, `#mail/sent`, `#mail/notices`) and, when one is open, the message or notice
 * (`#mail/inbox/<id>`, `#mail/sent/<id>`, `#mail/notices/<id>`; the gateway's opaque id, URI-encoded).
 */

/** A folder of the mail view. */
export type MailFolder = 'inbox' | 'sent' | 'notices';

/** The folders in the order they are offered. */
export const MAIL_FOLDERS: readonly MailFolder[] = ['inbox', 'sent', 'notices'];

/** The view's place: a folder, and the id of the item open in it (`null`: the list). */
export interface MailRoute {
  readonly folder: MailFolder;
  readonly openId: string | null;
}

/** The gateway's bound on an id (`Viewer.message(id)`): a longer one in the address is not the gateway's. */
const MAX_ID_LENGTH = 512;

/** The route a hash names; anything it cannot read is the inbox's list. */
export function mailRouteOf(hash: string): MailRoute {
  const [view, folder, ...rest] = hash.replace(/^#/, '').split('/');
  if (view !== 'mail' || !MAIL_FOLDERS.includes(folder as MailFolder)) return { folder: 'inbox', openId: null };
  const encoded = rest.join('/');
  let openId: string | null = null;
  try {
    openId = encoded === '' ? null : decodeURIComponent(encoded);
  } catch {
    // A broken escape (a hand-edited address): the folder's list.
  }
  return { folder: folder as MailFolder, openId: openId !== null && openId.length <= MAX_ID_LENGTH ? openId : null };
}

/** The hash of `route` (the inbox's list is plain `#mail`). */
export function mailHash(route: MailRoute): string {
  if (route.openId !== null) return `#mail/${route.folder}/${encodeURIComponent(route.openId)}`;
  return route.folder === 'inbox' ? '#mail' : `#mail/${route.folder}`;
}
