/**
 * The base of the gateway's typed errors: a stable `code` that callers branch on, a message, and the
 * underlying error as `cause`. Each part keeps its own codes (`GatewayErrorCode`, `StoreErrorCode`,
 * `CredentialVaultErrorCode`); this holds only what they share, so every room may build on it.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The subclass's name (`StoreError`, `ProviderError`…), for logs and stack traces.
    this.name = new.target.name;
    this.code = code;
  }
}
