/**
 * The address book of a child's diaries (`Student.messageRecipients`): whom a parent may write to about the
 * child, read from each diary that takes messages, with ids that name the account, the child and the person,
 * so a send can check that every recipient is in that very book.
 */
import { requireParentView } from '../access/access-rule.js';
import type { ProviderRecipient } from '../domain/messaging.js';
import type { ProviderStudent, StudentRecord } from '../domain/model.js';
import { PROVIDER_NAMES } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import type { MessageRecipientGroup } from '../domain/schema-types.generated.js';
import type { MailDeps } from './mail-deps.js';
import { readCached } from './mail-deps.js';
import { isParentSource, sourcesOfStudent, type MailSource } from './mail-sources.js';
import { encodeMailId } from '../domain/mail-ids.js';

/** The sources a parent may write through about `student`. */
export function sendingSources(sources: readonly MailSource[], student: StudentRecord): MailSource[] {
  return sourcesOfStudent(sources, student).filter(
    (source) => isParentSource(source) && source.messaging?.features.sendMessages,
  );
}

/** The address book for `student`, per diary that takes messages; a trusted person is refused. */
export async function studentRecipients(
  deps: MailDeps,
  sources: readonly MailSource[],
  student: StudentRecord,
): Promise<MessageRecipientGroup[]> {
  requireParentView(student, 'Only a parent may write messages about a child.', phrase('mail.parentOnly'));
  const sending = sendingSources(sources, student);
  const groups = await Promise.all(
    sending.flatMap((source) =>
      childrenOf(student, source).map(async (child) => {
        const book = await addressBook(deps, source, child);
        return book.map((group) => ({
          name: sending.length > 1 ? `${group.name} (${PROVIDER_NAMES[source.provider]})` : group.name,
          provider: source.provider,
          recipients: group.recipients.map((person) => ({
            id: encodeMailId('recipient', [source.account.id, child.externalId, person.externalId]),
            name: person.name,
            role: person.role,
            description: person.description,
          })),
        }));
      }),
    ),
  );
  return groups.flat();
}

/** One child's address book in one diary, through the cache. */
export async function addressBook(deps: MailDeps, source: MailSource, child: ProviderStudent) {
  const served = await readCached(deps, source, 'recipients', [child.externalId], (messaging, scope) =>
    messaging.listRecipients(source.account, child, scope),
  );
  return served.value;
}

/** Every person of a child's address book in one diary, by their diary id. */
export async function recipientsById(
  deps: MailDeps,
  source: MailSource,
  child: ProviderStudent,
): Promise<Map<string, ProviderRecipient>> {
  const people = new Map<string, ProviderRecipient>();
  for (const group of await addressBook(deps, source, child))
    for (const person of group.recipients) if (!people.has(person.externalId)) people.set(person.externalId, person);
  return people;
}

/** The diary children of `student` on the source's account. */
export function childrenOf(student: StudentRecord, source: MailSource): ProviderStudent[] {
  return student.enrollments
    .filter((enrollment) => enrollment.accountId === source.account.id)
    .map((enrollment) => enrollment.student);
}
