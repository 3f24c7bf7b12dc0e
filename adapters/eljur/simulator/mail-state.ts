/**
 * The simulated school's mail as it changes: every message once (with its own id, as Eljur numbers them),
 * each account's inbox (with its unread state, which opening a message clears) and sent folder, the board
 * notices (read state per account), and the files uploaded to the storage with the tokens that let an
 * account upload (issued with `getrules`, about four hours as Eljur's `uploadFileUrl` token).
 */
import { randomBytes } from 'node:crypto';
import type { MailPerson } from './mail-people.js';

/** A file of a message or notice: uploaded by an account, or the simulator's own. */
export interface StoredFile {
  /** The storage's id (`fid[]` when sending). */
  id: string;
  name: string;
  contentType: string;
  bytes: Buffer;
  /** The account that uploaded it (`null`: the simulator's own); only it may send it. */
  ownerId: number | null;
}

/** A message, once, as its sender wrote it. */
export interface MailMessage {
  id: number;
  /** `YYYY-MM-DD HH:MM:SS`, school-local. */
  date: string;
  subject: string;
  /** HTML, as Eljur's editor writes it (a parent's text through the API stays as sent). */
  text: string;
  from: MailPerson;
  to: MailPerson[];
  files: StoredFile[];
}

/** A message in a folder of one account. */
export interface MailboxEntry {
  message: MailMessage;
  unread: boolean;
}

/** A board notice. */
export interface BoardNotice {
  id: number;
  /** `YYYY-MM-DD`. */
  date: string;
  /** The last day it is current, `YYYY-MM-DD`. */
  actualBefore: string;
  subject: string;
  text: string;
  author: MailPerson;
  /** Its audience as Eljur writes it: an HTML string. */
  audience: string;
  files: StoredFile[];
  /** The accounts (by profile id) that opened it. */
  readBy: Set<number>;
}

/** How long an upload token lasts: about four hours, as `uploadFileUrl`'s. */
export const UPLOAD_TOKEN_LIFETIME_MS = 4 * 3_600_000;

/** Mail, notices and uploads of the simulator. */
export class MailState {
  private nextMessageId = 9_001;
  private nextNoticeId = 701;
  private nextFileId = 1;
  private readonly inboxes = new Map<number, MailboxEntry[]>();
  private readonly sentFolders = new Map<number, MailboxEntry[]>();
  readonly notices: BoardNotice[] = [];
  readonly files = new Map<string, StoredFile>();
  private readonly uploadTokens = new Map<string, { accountId: number; expiresAt: number }>();

  /** Stores a message: into each recipient account's inbox (unread unless said) and the sender's sent folder. */
  post(
    message: Omit<MailMessage, 'id'>,
    delivery: { inboxOf?: readonly number[]; sentBy?: number; unread?: boolean },
  ): MailMessage {
    const stored = { ...message, id: this.nextMessageId++ };
    for (const accountId of delivery.inboxOf ?? [])
      this.folder(this.inboxes, accountId).push({ message: stored, unread: delivery.unread ?? true });
    if (delivery.sentBy !== undefined)
      this.folder(this.sentFolders, delivery.sentBy).push({ message: stored, unread: false });
    return stored;
  }

  /** An account's folder, newest first (by date, then id). */
  folderOf(accountId: number, folder: 'inbox' | 'sent'): MailboxEntry[] {
    const entries = (folder === 'inbox' ? this.inboxes : this.sentFolders).get(accountId) ?? [];
    return [...entries].sort((a, b) => b.message.date.localeCompare(a.message.date) || b.message.id - a.message.id);
  }

  /** A message of an account by id, and the folder it is in; the inbox first. */
  find(accountId: number, id: string): { entry: MailboxEntry; folder: 'inbox' | 'sent' } | null {
    for (const folder of ['inbox', 'sent'] as const) {
      const entries = (folder === 'inbox' ? this.inboxes : this.sentFolders).get(accountId) ?? [];
      const entry = entries.find((candidate) => String(candidate.message.id) === id);
      if (entry) return { entry, folder };
    }
    return null;
  }

  /** Posts a notice to the board (unread for every account). */
  postNotice(notice: Omit<BoardNotice, 'id' | 'readBy'>): BoardNotice {
    const stored = { ...notice, id: this.nextNoticeId++, readBy: new Set<number>() };
    this.notices.push(stored);
    return stored;
  }

  /** The board, newest first. */
  board(): BoardNotice[] {
    return [...this.notices].sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id);
  }

  /** Keeps a file; its id is the storage's. */
  storeFile(file: Omit<StoredFile, 'id'>): StoredFile {
    const stored = { ...file, id: `f${String(this.nextFileId++).padStart(6, '0')}` };
    this.files.set(stored.id, stored);
    return stored;
  }

  /**
   * A token that lets an account upload until it lapses: the account's current one while it has more than
   * half its life left, else a new one (lapsed ones are forgotten, so a long demo keeps few).
   */
  issueUploadToken(accountId: number, now: Date): string {
    for (const [token, issued] of this.uploadTokens) {
      if (issued.expiresAt <= now.getTime()) this.uploadTokens.delete(token);
      else if (issued.accountId === accountId && issued.expiresAt - now.getTime() > UPLOAD_TOKEN_LIFETIME_MS / 2)
        return token;
    }
    const token = randomBytes(12).toString('hex');
    this.uploadTokens.set(token, { accountId, expiresAt: now.getTime() + UPLOAD_TOKEN_LIFETIME_MS });
    return token;
  }

  /** The account an upload token is for, while it lasts. */
  uploaderOf(token: string, now: Date): number | null {
    const issued = this.uploadTokens.get(token);
    return issued && issued.expiresAt > now.getTime() ? issued.accountId : null;
  }

  private folder(folders: Map<number, MailboxEntry[]>, accountId: number): MailboxEntry[] {
    const entries = folders.get(accountId) ?? [];
    folders.set(accountId, entries);
    return entries;
  }
}
