import { createECDH, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../../src/errors/gateway-error.js';
import { checkRegistration } from '../../../src/push/push-input.js';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const VALID = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/dJ3x:APA91b',
  p256dh: ecdh.getPublicKey().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
};

/** The argument a refusal names. */
function refusal(input: Parameters<typeof checkRegistration>[0], allowHttp = false): string | undefined {
  try {
    checkRegistration(input, allowHttp);
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return (error as BadUserInputError).argument;
  }
  return 'passed';
}

describe('push registration input', () => {
  it('should take a subscription as PushManager gives it, naming the push service by its host', () => {
    expect(checkRegistration({ ...VALID, label: '  Телефон мамы ' })).toEqual({
      ...VALID,
      label: 'Телефон мамы',
      pushService: 'fcm.googleapis.com',
    });
    expect(checkRegistration({ ...VALID, label: '   ' }).label).toBeNull();
    expect(checkRegistration({ ...VALID, p256dh: `${VALID.p256dh}=`, auth: `${VALID.auth}==` }).auth).toBe(VALID.auth);
  });

  it('should refuse an endpoint that is not https, carries credentials or a fragment, or is too long', () => {
    for (const endpoint of [
      'http://push.example/x',
      'ftp://push.example/x',
      'https://user:pw@push.example/x',
      'https://push.example/x#frag',
      'not a url',
      `https://push.example/${'a'.repeat(2050)}`,
      'javascript:alert(1)',
    ])
      expect(refusal({ ...VALID, endpoint })).toBe('input.endpoint');
    expect(refusal({ ...VALID, endpoint: 'http://127.0.0.1:9/push/1' }, true)).toBe('passed');
  });

  it('should refuse keys that are not a P-256 point and a 16-byte secret', () => {
    expect(refusal({ ...VALID, p256dh: randomBytes(65).toString('base64url').replace(/^./, 'A') })).toBe(
      'input.p256dh',
    );
    expect(
      refusal({ ...VALID, p256dh: ecdh.getPublicKey('base64url' as never, 'compressed') as unknown as string }),
    ).toBe('input.p256dh');
    expect(refusal({ ...VALID, p256dh: 'not/base64+' })).toBe('input.p256dh');
    expect(refusal({ ...VALID, auth: randomBytes(15).toString('base64url') })).toBe('input.auth');
    expect(refusal({ ...VALID, auth: randomBytes(17).toString('base64url') })).toBe('input.auth');
    expect(refusal({ ...VALID, auth: 'x'.repeat(65) })).toBe('input.auth');
  });

  it('should refuse a label with control characters or over 60 characters', () => {
    expect(refusal({ ...VALID, label: 'Телефон\nмамы' })).toBe('input.label');
    expect(refusal({ ...VALID, label: 'Т'.repeat(61) })).toBe('input.label');
    expect(refusal({ ...VALID, label: 'Т'.repeat(60) })).toBe('passed');
  });
});
