import webPush from 'web-push';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const PAIR = webPush.generateVAPIDKeys();

/** The problems `loadConfig` lists for `environment`, one string. */
function problemsOf(environment: Record<string, string>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return '';
}

describe('the Web Push settings', () => {
  it('should be on, with a key pair kept in the store, only public push services, and no subject by default', () => {
    expect(loadConfig({}).webPush).toEqual({ enabled: true, vapidKeys: null, subject: null, endpoints: 'public' });
  });

  it('should read a configured pair, the subject, WEB_PUSH and WEB_PUSH_ENDPOINTS', () => {
    expect(
      loadConfig({
        WEB_PUSH: 'off',
        VAPID_PUBLIC_KEY: PAIR.publicKey,
        VAPID_PRIVATE_KEY: PAIR.privateKey,
        VAPID_SUBJECT: 'mailto:ops@dnevnik.example.ru',
        WEB_PUSH_ENDPOINTS: 'any',
      }).webPush,
    ).toEqual({ enabled: false, vapidKeys: PAIR, subject: 'mailto:ops@dnevnik.example.ru', endpoints: 'any' });
    expect(loadConfig({ VAPID_SUBJECT: 'https://dnevnik.example.ru' }).webPush.subject).toBe(
      'https://dnevnik.example.ru',
    );
  });

  it('should refuse half a pair, keys of the wrong shape and a subject push services do not take, never echoing a key', () => {
    expect(problemsOf({ VAPID_PUBLIC_KEY: PAIR.publicKey })).toMatch(/set both or neither/);
    const swapped = problemsOf({ VAPID_PUBLIC_KEY: PAIR.privateKey, VAPID_PRIVATE_KEY: PAIR.publicKey });
    expect(swapped).toMatch(/VAPID_PUBLIC_KEY: must be base64url of an uncompressed P-256 point/);
    expect(swapped).toMatch(/VAPID_PRIVATE_KEY: must be base64url of 32 bytes/);
    expect(swapped).not.toContain(PAIR.privateKey);
    expect(problemsOf({ VAPID_SUBJECT: 'http://dnevnik.example.ru' })).toMatch(/VAPID_SUBJECT: must be a mailto:/);
    expect(problemsOf({ VAPID_PRIVATE_KEY: 'x'.repeat(201), VAPID_PUBLIC_KEY: PAIR.publicKey })).toMatch(
      /VAPID_PRIVATE_KEY: .*too long/,
    );
    expect(problemsOf({ WEB_PUSH_ENDPOINTS: 'private' })).toMatch(/WEB_PUSH_ENDPOINTS/);
  });
});
