/**
 * The page's one GraphQL client: the typed client package, on this origin with the session cookie, sending
 * each operation by its registered id (the page's operations are the client's, registered at build time),
 * asking for messages in the page's language, and asking again after a refusal that names a short wait.
 */
import { createDiaryClient, type DiaryClient } from '@diary-gateway/client';
import type { Language } from '../i18n.js';

const clients = new Map<Language, DiaryClient>();

/** The client that speaks `language`; one per language for the page's lifetime. */
export function clientFor(language: Language): DiaryClient {
  let client = clients.get(language);
  if (!client) {
    client = createDiaryClient({
      url: '/graphql',
      credentials: 'same-origin',
      persisted: true,
      language,
      // A busy or briefly unavailable gateway is waited out (its Retry-After, three times at most) rather than
      // shown to the family as a failed page.
      retryRefusals: { attempts: 3 },
    });
    clients.set(language, client);
  }
  return client;
}
