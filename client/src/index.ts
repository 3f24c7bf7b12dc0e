/**
 * `@diary-gateway/client`: typed operations of the family page and a small client over `fetch`.
 * See client/README.md.
 */
export { createDiaryClient } from './client.js';
export type {
  DiaryClient,
  DiaryClientOptions,
  DiaryCredentials,
  DiaryRequestOptions,
  DiaryResult,
  DiaryToken,
  VariablesArgument,
} from './client.js';
export { operationSource, persistedDocuments } from './documents.js';
export type { OperationSource } from './documents.js';
export { DiaryClientError } from './errors.js';
export type { TypedDocumentNode } from '@graphql-typed-document-node/core';
export type { DiaryErrorCode, DiaryGraphqlError, DiaryLanguage } from './errors.js';
export { KNOWN_ERROR_CODES } from './errors.js';
// Every operation's typed document (`DashboardDocument`…), its result and variables types
// (`DashboardQuery`, `DashboardQueryVariables`…), the fragments' types and the schema's enums and inputs.
export * from './generated/graphql.js';
