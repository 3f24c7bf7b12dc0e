/**
 * The Redis store's student links: one hash per account (`student-links:{accountId}`), one field per child
 * (`{provider}:{externalId}`). Every change is a compare-and-set on the field as read (`GuardedWrite`),
 * retried on a conflict, so a change function always works on the link as stored and no concurrent change
 * of the same child is lost. A write also requires the account key: deleting an account removes the
 * account and this hash in one script, so a write that read the account before the unlink fails its
 * condition instead of leaving a link of an account that is gone.
 */
import type { RedisConnection } from '../redis/connect.js';
import type { ProviderKind } from '../domain/model.js';
import { CONFLICT, GuardedWrite, retryOnConflict } from './redis-guarded-write.js';
import type { RecordReader } from './redis-record-reader.js';
import { firstSeenLinkFirst } from './record-order.js';
import { studentLinkRecordSchema } from './store-document.js';
import { checkLinkChange, sameLink } from './student-link-change.js';
import type { GatewayStore, StudentLinkRecord } from './store.js';

/** The keys the links depend on, full names (prefix included). */
export interface StudentLinkKeys {
  account(accountId: string): string;
  studentLinks(accountId: string): string;
}

// Provider kinds hold no ":", so "<provider>:<externalId>" names one child of one diary unambiguously.
/** The hash field of a child's link. */
export const linkField = (provider: ProviderKind, externalId: string): string => `${provider}:${externalId}`;

/** The link methods of the Redis store. */
export function createRedisStudentLinks(
  redis: RedisConnection,
  keys: StudentLinkKeys,
  read: RecordReader,
): Pick<GatewayStore, 'updateStudentLink' | 'removeStudentLink' | 'listStudentLinks'> {
  const readLink = (raw: string | null | undefined) => read(raw, studentLinkRecordSchema, 'student link');
  return {
    async updateStudentLink(accountId, provider, externalId, change) {
      const linksKey = keys.studentLinks(accountId);
      const field = linkField(provider, externalId);
      return retryOnConflict(`a link of the account ${accountId}`, async () => {
        const [exists, raw] = await Promise.all([redis.exists(keys.account(accountId)), redis.hget(linksKey, field)]);
        if (exists === 0) return null;
        // An unreadable value reads as no link; the compare-and-set below is still on the raw value.
        const current = readLink(raw);
        const next = change(current && structuredClone(current));
        if (next === null) return current;
        checkLinkChange(accountId, provider, externalId, current, next);
        const written = await new GuardedWrite()
          .whileExists(keys.account(accountId))
          .whileField(linksKey, field, raw)
          .hset(linksKey, field, JSON.stringify(next))
          .run(redis);
        return written ? structuredClone(next) : CONFLICT;
      });
    },
    async removeStudentLink(expected) {
      const linksKey = keys.studentLinks(expected.accountId);
      const field = linkField(expected.snapshot.provider, expected.snapshot.externalId);
      return retryOnConflict(`a link of the account ${expected.accountId}`, async () => {
        const raw = await redis.hget(linksKey, field);
        const current = readLink(raw);
        if (!current || !sameLink(current, expected)) return false;
        const removed = await new GuardedWrite().whileField(linksKey, field, raw).hdel(linksKey, field).run(redis);
        return removed ? true : CONFLICT;
      });
    },
    async listStudentLinks(accountId) {
      return (await redis.hvals(keys.studentLinks(accountId)))
        .map(readLink)
        .filter((link): link is StudentLinkRecord => link !== null)
        .sort(firstSeenLinkFirst);
    },
  };
}
