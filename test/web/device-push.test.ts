import { describe, expect, it } from 'vitest';
import {
  applicationServerKeyOf,
  defaultDeviceLabel,
  deviceLabel,
  MAX_LABEL_LENGTH,
  pushSupportOf,
  subscriptionInputOf,
  type PushEnvironment,
} from '../../web/src/device/push-support.js';
import { canTurnOn, isPushProblem, pushStateText, type PushState } from '../../web/src/device/push-words.js';

const USER_AGENTS = {
  androidChrome:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  windowsEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  windowsYandex:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 YaBrowser/24.12.0.0 Safari/537.36',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  macSafari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
};

const everything: PushEnvironment = {
  hasServiceWorker: true,
  hasPushManager: true,
  hasNotification: true,
  userAgent: USER_AGENTS.androidChrome,
  standalone: false,
};

describe('pushSupportOf', () => {
  it('should need service workers, PushManager and Notification all', () => {
    expect(pushSupportOf(everything)).toBe('supported');
    expect(pushSupportOf({ ...everything, hasPushManager: false })).toBe('unsupported');
    expect(pushSupportOf({ ...everything, hasNotification: false })).toBe('unsupported');
    expect(pushSupportOf({ ...everything, hasServiceWorker: false })).toBe('unsupported');
  });

  it('should ask an iPhone to install the page first, and not an installed one', () => {
    const iphone = {
      ...everything,
      userAgent: USER_AGENTS.iphoneSafari,
      hasPushManager: false,
      hasNotification: false,
    };
    expect(pushSupportOf(iphone)).toBe('install-first');
    expect(pushSupportOf({ ...iphone, standalone: true })).toBe('unsupported');
    expect(pushSupportOf({ ...iphone, hasPushManager: true, hasNotification: true, standalone: true })).toBe(
      'supported',
    );
  });
});

describe('device labels', () => {
  it.each([
    ['androidChrome', 'Android, Chrome'],
    ['iphoneSafari', 'iPhone, Safari'],
    ['windowsEdge', 'Windows, Edge'],
    ['windowsYandex', 'Windows, Яндекс Браузер'],
    ['linuxFirefox', 'Linux, Firefox'],
    ['macSafari', 'Mac, Safari'],
  ] as const)('should name %s «%s»', (agent, label) => {
    expect(defaultDeviceLabel(USER_AGENTS[agent], 'ru')).toBe(label);
  });

  it('should say «Это устройство» for a browser it cannot name', () => {
    expect(defaultDeviceLabel('curl/8.0', 'ru')).toBe('Это устройство');
    expect(defaultDeviceLabel('', 'en')).toBe('This device');
  });

  it('should take the typed label trimmed and bounded, else the default', () => {
    expect(deviceLabel('  Телефон   мамы ', 'Android, Chrome')).toBe('Телефон мамы');
    expect(deviceLabel('   ', 'Android, Chrome')).toBe('Android, Chrome');
    expect(deviceLabel('я'.repeat(200), 'x')).toHaveLength(MAX_LABEL_LENGTH);
  });
});

describe('the subscription for the gateway', () => {
  it('should decode the gateway’s base64url key to its bytes', () => {
    const bytes = Uint8Array.from({ length: 65 }, (_, index) => (index * 37) % 256);
    bytes[0] = 4;
    const key = Buffer.from(bytes).toString('base64url');
    expect([...applicationServerKeyOf(key)]).toEqual([...bytes]);
    expect(() => applicationServerKeyOf('not base64url!')).toThrow(/base64url/);
  });

  it('should take the endpoint and keys of PushSubscription.toJSON(), and the label', () => {
    const json = { endpoint: 'https://push.example/abc', keys: { p256dh: 'BPk', auth: 'au' } };
    expect(subscriptionInputOf(json, ' Телефон мамы ')).toEqual({
      endpoint: 'https://push.example/abc',
      p256dh: 'BPk',
      auth: 'au',
      label: 'Телефон мамы',
    });
    expect(subscriptionInputOf(json, '')).toMatchObject({ label: null });
  });

  it('should give nothing for a subscription without an endpoint or keys', () => {
    expect(subscriptionInputOf({ endpoint: 'https://push.example/abc', keys: { p256dh: 'BPk' } }, 'x')).toBeNull();
    expect(subscriptionInputOf({ keys: { p256dh: 'BPk', auth: 'au' } }, 'x')).toBeNull();
    expect(subscriptionInputOf({ endpoint: 'https://push.example/abc', keys: null }, 'x')).toBeNull();
  });
});

describe('the states in words', () => {
  const states: PushState[] = [
    { kind: 'checking' },
    { kind: 'unsupported' },
    { kind: 'install-first' },
    { kind: 'gateway-off' },
    { kind: 'denied' },
    { kind: 'dismissed' },
    { kind: 'push-failed' },
    { kind: 'register-failed', message: 'Устройств не больше 10.' },
    { kind: 'off' },
    { kind: 'on', label: 'Телефон мамы' },
    { kind: 'on', label: null },
  ];

  it('should say every state in both languages, each differently', () => {
    for (const language of ['ru', 'en'] as const) {
      const texts = states.map((state) => pushStateText(state, language));
      expect(new Set(texts).size).toBe(states.length);
      if (language === 'ru') for (const text of texts) expect(text).toMatch(/[а-яё]/i);
    }
  });

  it('should say what to do in the states the family can change', () => {
    expect(pushStateText({ kind: 'denied' }, 'ru')).toContain('«Уведомления» → «Разрешить»');
    expect(pushStateText({ kind: 'install-first' }, 'ru')).toContain('На экран «Домой»');
    expect(pushStateText({ kind: 'gateway-off' }, 'ru')).toContain('выключены на сервере');
    expect(pushStateText({ kind: 'push-failed' }, 'ru')).toContain('Служба уведомлений браузера не ответила');
    expect(pushStateText({ kind: 'register-failed', message: 'Устройств не больше 10.' }, 'ru')).toBe(
      'Сервер дневника не принял подписку: Устройств не больше 10.',
    );
    expect(pushStateText({ kind: 'on', label: 'Телефон мамы' }, 'ru')).toContain('(«Телефон мамы»)');
  });

  it('should offer turning on only where the browser can and notifications are not on', () => {
    expect(states.filter(canTurnOn).map((state) => state.kind)).toEqual([
      'denied',
      'dismissed',
      'push-failed',
      'register-failed',
      'off',
    ]);
    expect(states.filter(isPushProblem).map((state) => state.kind)).toEqual([
      'denied',
      'push-failed',
      'register-failed',
    ]);
  });
});
