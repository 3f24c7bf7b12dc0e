/**
 * Which conversation a message belongs to. A diary's own thread id wins; without one (Eljur), the messages
 * between the viewer's account and the same people whose subjects agree once reply and forward prefixes are
 * taken off («Re:», «Ответ:», «Fwd:») are one conversation — the way mail readers thread letters that carry
 * no thread headers.
 */
import type { ProviderMessagePerson, ProviderMessageSummary } from '../domain/messaging.js';

const PREFIX = /^\s*(?:re|fwd?|aw|ответ|отв|пересл|пересылка)(?:\s*(?:\[\d+\]|\(\d+\)))?\s*:\s*/i;

/** The subject without its reply and forward prefixes, spaces collapsed. */
export function baseSubject(subject: string): string {
  let rest = subject;
  for (let i = 0; i < 20 && PREFIX.test(rest); i += 1) rest = rest.replace(PREFIX, '');
  return rest.replace(/\s+/g, ' ').trim();
}

/** The key of a message's conversation within its account. */
export function threadKey(message: ProviderMessageSummary): string {
  if (message.threadExternalId) return `d:${message.threadExternalId}`;
  const others = message.folder === 'INBOX' ? [message.sender] : message.recipients;
  const people = others.map(personKey).sort().join(',');
  return `s:${people}|${baseSubject(message.subject).toLowerCase()}`;
}

function personKey(person: ProviderMessagePerson): string {
  return person.externalId ? `#${person.externalId}` : person.name.replace(/\s+/g, ' ').trim().toLowerCase();
}
