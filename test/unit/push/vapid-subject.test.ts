import { describe, expect, it } from 'vitest';
import { vapidSubject } from '../../../src/push/vapid-keys.js';

describe('the VAPID subject', () => {
  it('should be VAPID_SUBJECT, else the https public address, else a mailto address', () => {
    expect(vapidSubject('mailto:ops@dnevnik.example.ru', 'https://dnevnik.example.ru')).toBe(
      'mailto:ops@dnevnik.example.ru',
    );
    expect(vapidSubject(null, 'https://dnevnik.example.ru')).toBe('https://dnevnik.example.ru');
    expect(vapidSubject(null, 'http://127.0.0.1:4000')).toBe('mailto:webpush@localhost');
    expect(vapidSubject(null, null)).toBe('mailto:webpush@localhost');
  });
});
