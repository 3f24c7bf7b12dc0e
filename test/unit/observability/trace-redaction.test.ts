import { describe, expect, it } from 'vitest';
import { redactedQuery, routeTemplateOf } from '../../../src/observability/trace-transport.js';
import { diagnosticText } from '../../../src/observability/tracing.js';
import { errorTypeOf } from '../../../src/upstream/trace-spans.js';
import { ProviderUnavailableError } from '../../../src/errors/gateway-error.js';
import { UpstreamNetworkError } from '../../../src/upstream/transport.js';

describe('what a diary call span may say', () => {
  it('should keep the query’s parameter names and replace every value, credentials and ids alike', () => {
    const url = new URL('https://school.eljur.ru/apiv3/getmarks?devkey=k3y&auth_token=t0ken&student=123&days=1-2');
    expect(redactedQuery(url.searchParams)).toBe('devkey=REDACTED&auth_token=REDACTED&student=REDACTED&days=REDACTED');
    expect(redactedQuery(new URLSearchParams(''))).toBe('');
    expect(redactedQuery(new URLSearchParams('a%20b=1'))).toBe('a%20b=REDACTED');
  });

  it('should name a call by its route template when it has one, else by its path', () => {
    const url = new URL('https://api.dnevnik.ru/v2/persons/1000001/edu-groups');
    expect(routeTemplateOf({ url, route: '/v2/persons/{person}/edu-groups' })).toBe('/v2/persons/{person}/edu-groups');
    expect(routeTemplateOf({ url: new URL('https://school.mos.ru/api/family/mobile/v1/marks?student_id=7') })).toBe(
      '/api/family/mobile/v1/marks',
    );
  });

  it('should type a failure by its stable code or kind, never by its message', () => {
    expect(errorTypeOf(new ProviderUnavailableError('MESH', 'down for maintenance'))).toBe('PROVIDER_UNAVAILABLE');
    expect(errorTypeOf(new UpstreamNetworkError('headers-timeout', 'no headers'))).toBe('headers-timeout');
    expect(errorTypeOf(new TypeError('token abc refused'))).toBe('TypeError');
    expect(errorTypeOf('a string')).toBe('unknown');
  });
});

describe('what the SDK’s own diagnostics put in the log', () => {
  it('should keep an exception’s message without its stack, and bound any text', () => {
    const thrown = JSON.stringify({
      stack: 'Error: Timeout\n    at Timeout._onTimeout (…)',
      message: 'Timeout',
      name: 'Error',
    });
    expect(diagnosticText(thrown)).toBe('Timeout');
    expect(diagnosticText('Dropped 12 spans because maxQueueSize reached')).toBe(
      'Dropped 12 spans because maxQueueSize reached',
    );
    expect(diagnosticText('x'.repeat(1000))).toHaveLength(300);
    expect(diagnosticText('{"not":"an exception"}')).toBe('{"not":"an exception"}');
  });
});
