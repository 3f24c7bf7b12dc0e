/** The adapter fuzzing kit of issue 6: generated answers, the fake transport that serves them, the checks. */
export {
  fuzzedAnswer,
  fuzzedAnswers,
  normaliserAnswers,
  VALID,
  type EdgeEdit,
  type FuzzedAnswer,
  type LeafValue,
  type Spoil,
  type WireWriter,
} from './answers.js';
export { fuzzedTransport, isContainer, propertyScope, stringValues, type ServedLog } from './transport.js';
export {
  ADAPTER_METHODS,
  callMethod,
  expectedKind,
  leakedPiece,
  modelProblems,
  settle,
  violation,
  type AdapterMethod,
  type ResultKind,
  type Settled,
} from './checks.js';
