/**
 * The page's one GraphQL client: the typed client package, on this origin with the session cookie, sending
 * each operation by its registered id (the page's operations are the client's, registered at build time),
 * and asking for messages in the page's language.
 */
import { createDiaryClient, type DiaryClient } from '@diary-gateway/client';
import type { Language } from '../i18n.js';

const clients = new Map<Language, DiaryClient>();

/** The client that speaks `language`; one per language for the page's lifetime. */
export function clientFor(language: Language): DiaryClient {
  let client = clients.get(language);
  if (!client) {
    client = createDiaryClient({ url: '/graphql', credentials: 'same-origin', persisted: true, language });
    clients.set(language, client);
  }
  return client;
}
