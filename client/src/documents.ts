/**
 * The text and id of an operation as the client sends it. A document generated from client/src/operations
 * carries its id (`__meta__.hash`, `sha256:<hex>`) and its text is the manifest's
 * (generated/persisted-documents.json): the id is the SHA-256 of exactly that text, so the gateway can
 * tell a registered operation by its id alone or by its text. Any other document is printed and sent
 * as text only.
 */
import { Kind, print, type DocumentNode } from 'graphql';
import manifest from './generated/persisted-documents.json' with { type: 'json' };

/** The registered operations: id (`sha256:<hex>`) → the document text sent for it. */
export const persistedDocuments: Readonly<Record<string, string>> = manifest;

/** What the client sends for one document. */
export interface OperationSource {
  /** The document text. */
  readonly text: string;
  /** Its registered id (`sha256:<hex>`), or `null` when the manifest does not hold it. */
  readonly documentId: string | null;
  /** The operation's name, sent as `operationName`; `null` for an anonymous operation. */
  readonly operationName: string | null;
}

const SOURCES = new WeakMap<DocumentNode, OperationSource>();

/** The text, id and operation name of `document`, worked out once per document. */
export function operationSource(document: DocumentNode): OperationSource {
  const known = SOURCES.get(document);
  if (known) return known;
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  const registered = typeof hash === 'string' ? persistedDocuments[hash] : undefined;
  const source: OperationSource = {
    text: registered ?? print(document),
    documentId: registered === undefined ? null : (hash as string),
    operationName: operationNameOf(document),
  };
  SOURCES.set(document, source);
  return source;
}

/** The hex digest of a `sha256:<hex>` id, as Apollo's automatic persisted queries name it (`sha256Hash`). */
export function sha256HexOf(documentId: string): string {
  return documentId.startsWith('sha256:') ? documentId.slice('sha256:'.length) : documentId;
}

function operationNameOf(document: DocumentNode): string | null {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value ?? null;
  }
  return null;
}
