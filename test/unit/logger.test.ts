import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { captureLogs } from '../support/logs.js';

describe('logger redaction', () => {
  it('should censor tokens, passwords, credentials and SNILS wherever they are logged', () => {
    const logs = captureLogs();
    const logger = createLogger('info', logs.stream);
    logger.info({
      token: 'tok-1',
      account: { credentials: { token: 'tok-2' }, password: 'pw-3' },
      child: { snils: '112-233-445 95' },
      req: { headers: { authorization: 'Bearer tok-4' } },
    });
    const text = logs.text();
    for (const secret of ['tok-1', 'tok-2', 'pw-3', '112-233-445 95', 'tok-4']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
