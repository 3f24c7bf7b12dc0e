import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '../../../src/deliveries/webhook-signature.js';

const SECRET = 'whsec_test_secret_0123456789';
const BODY = '{"version":1,"change":{"id":"chg_x"}}';

describe('webhook signatures', () => {
  it('should sign `<t>.<body>` with HMAC-SHA256 as a known vector says', () => {
    // printf '%s' '1700000000.{"version":1,"change":{"id":"chg_x"}}' | openssl dgst -sha256 -hmac 'whsec_test_secret_0123456789'
    expect(signWebhookBody(SECRET, 1_700_000_000, BODY)).toBe(
      't=1700000000,v1=d70a963a1c12b2fc2e296ea3087367af2b6d4603d9d44e8da12124a2036bb1c3',
    );
  });

  it('should verify its own signature within the tolerance, and refuse old, altered or foreign ones', () => {
    const header = signWebhookBody(SECRET, 1_700_000_000, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY, 1_700_000_100)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, BODY, 1_700_000_301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY.replace('chg_x', 'chg_y'), 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature('whsec_other_secret_0123456', header, BODY, 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header.replace('t=1700000000', 't=1700000001'), BODY, 1_700_000_000)).toBe(
      false,
    );
    expect(verifyWebhookSignature(SECRET, 'v1=abc', BODY, 1_700_000_000)).toBe(false);
  });
});
