// @ts-check
/**
 * The family page's service worker, served by the gateway at `/sw.js` (scope `/`, `Cache-Control: no-cache`
 * so a new build is picked up at once). It only shows notifications: nothing is cached, no request is
 * intercepted, so the page always comes from the gateway as it is.
 *
 * `push`: the gateway's payload (schema/push.graphql): `{ title, body, tag, url, changes }`, Russian text
 * ready to show. Browsers require every push to show a notification, so a payload that is empty, not JSON or
 * of the wrong shape still shows one, in general words. `notificationclick`: focuses a page of the family
 * page already open at that address, else opens it; only an address on the gateway's own origin is opened.
 *
 * A plain script, not a Vite entry: it must keep its name (`/sw.js`, the registration's address) and shares
 * nothing with the page's bundle.
 */

/** @type {ServiceWorkerGlobalScope} */
const worker = /** @type {any} */ (self);

/** What is shown when the payload cannot be read. */
const FALLBACK = {
  title: 'Дневник семьи',
  body: 'В дневнике есть изменения. Откройте страницу, чтобы посмотреть.',
  tag: 'diary-gateway',
};

/** Longest texts shown: a notification is a glance, and a payload must not fill the screen. */
const MAX = { title: 120, body: 500, tag: 100, url: 2048 };

/**
 * `value` when it is a non-empty string, cut to `max` characters; else `null`.
 * @param {unknown} value
 * @param {number} max
 */
function text(value, max) {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, max);
}

/**
 * The address to open: `candidate` when it is on this origin, else the page itself.
 * @param {unknown} candidate
 */
function sameOriginUrl(candidate) {
  const home = new URL('/', worker.location.origin).href;
  const value = text(candidate, MAX.url);
  if (!value) return home;
  try {
    const url = new URL(value, worker.location.origin);
    return url.origin === worker.location.origin ? url.href : home;
  } catch {
    return home;
  }
}

/**
 * The notification for a push's data: the gateway's when it is readable, else the general one.
 * @param {PushMessageData | null} data
 */
function notificationOf(data) {
  /** @type {Record<string, unknown>} */
  let payload = {};
  try {
    const parsed = data ? data.json() : null;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed;
  } catch {
    // Not JSON: the general notification.
  }
  const title = text(payload.title, MAX.title);
  const body = text(payload.body, MAX.body);
  const readable = title !== null;
  return {
    title: readable ? title : FALLBACK.title,
    options: {
      body: readable ? (body ?? '') : FALLBACK.body,
      tag: (readable && text(payload.tag, MAX.tag)) || FALLBACK.tag,
      lang: 'ru',
      icon: '/favicon.svg',
      data: { url: sameOriginUrl(readable ? payload.url : null) },
    },
  };
}

worker.addEventListener('install', () => {
  // Nothing to cache: take over at once, so notifications work from the first registration.
  void worker.skipWaiting();
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(worker.clients.claim());
});

worker.addEventListener('push', (event) => {
  const { title, options } = notificationOf(event.data);
  event.waitUntil(worker.registration.showNotification(title, options));
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = sameOriginUrl(event.notification.data?.url);
  event.waitUntil(
    worker.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      // A page already open at that address (its view in the hash aside) is brought forward, not opened twice.
      const target = new URL(url);
      const open = windows.find((client) => {
        const at = new URL(client.url);
        return at.origin === target.origin && at.pathname === target.pathname && at.search === target.search;
      });
      return open ? open.focus() : worker.clients.openWindow(url);
    }),
  );
});
