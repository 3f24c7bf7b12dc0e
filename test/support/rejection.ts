/**
 * What adapter tests expect of a failure: a `ProviderError` of the right diary, or a `BadUserInputError`
 * naming the right argument, whose message quotes no secret. And an address where nothing listens, to
 * fail a connection for real.
 */
import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { ProviderKind } from '../../src/domain/model.js';
import { BadUserInputError, ProviderError } from '../../src/errors/gateway-error.js';

/**
 * The error of class `type` that `promise` rejects with; fails the test when it resolves, rejects with
 * anything else, or quotes one of `secrets` in its message.
 */
async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
  secrets: readonly (string | undefined)[],
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  for (const secret of secrets) if (secret) expect((error as E).message).not.toContain(secret);
  return error as E;
}

/**
 * The `ProviderError` a call rejects with; fails the test when it resolves, rejects with anything else, or
 * (given them) names another diary or quotes one of `secrets` in its message.
 */
export async function providerRejection(
  promise: Promise<unknown>,
  provider?: ProviderKind,
  secrets: readonly (string | undefined)[] = [],
): Promise<ProviderError> {
  const failure = await rejectionOf(promise, ProviderError, secrets);
  if (provider) expect(failure.provider).toBe(provider);
  return failure;
}

/**
 * The `BadUserInputError` a call rejects with; fails the test when it resolves, rejects with anything else,
 * or (given them) names another argument than `argument` or quotes one of `secrets` in its message.
 */
export async function badUserInput(
  promise: Promise<unknown>,
  argument?: string,
  secrets: readonly (string | undefined)[] = [],
): Promise<BadUserInputError> {
  const refusal = await rejectionOf(promise, BadUserInputError, secrets);
  if (argument !== undefined) expect(refusal.argument).toBe(argument);
  return refusal;
}

/** `http://127.0.0.1:<port>` for a loopback port that was free a moment ago and is closed now. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
