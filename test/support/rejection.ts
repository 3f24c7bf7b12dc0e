/**
 * What adapter tests expect of a failure: a `ProviderError` of the right diary whose message quotes no
 * secret. And an address where nothing listens, to fail a connection for real.
 */
import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { ProviderKind } from '../../src/domain/model.js';
import { ProviderError } from '../../src/errors/gateway-error.js';

/**
 * The `ProviderError` a call rejects with; fails the test when it resolves, rejects with anything else, or
 * (given them) names another diary or quotes one of `secrets` in its message.
 */
export async function providerRejection(
  promise: Promise<unknown>,
  provider?: ProviderKind,
  secrets: readonly (string | undefined)[] = [],
): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  const failure = error as ProviderError;
  if (provider) expect(failure.provider).toBe(provider);
  for (const secret of secrets) if (secret) expect(failure.message).not.toContain(secret);
  return failure;
}

/** `http://127.0.0.1:<port>` for a loopback port that was free a moment ago and is closed now. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
