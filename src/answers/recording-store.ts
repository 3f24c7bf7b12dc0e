/**
 * The store as one request's resolvers see it while the answer cache records (answer-basis.ts): every read of
 * {@link STORE_READS} is recorded with what it answered; every other method (a write, a `take*`, anything
 * added later) goes through but refuses the answer, so a store method nobody listed can never be cached past.
 */
import type { GatewayStore } from '../store/store.js';
import {
  fingerprintOf,
  STORE_READS,
  type AnswerBasisRecorder,
  type StoreDependency,
  type StoreRead,
} from './answer-basis.js';

const READS: ReadonlySet<string> = new Set(STORE_READS);

type Method = (...args: unknown[]) => Promise<unknown>;

/** `store`, reporting to `recorder` (see the module comment). */
export function recordingStore(store: GatewayStore, recorder: AnswerBasisRecorder): GatewayStore {
  const wrapped = new Map<PropertyKey, Method>();
  return new Proxy(store, {
    get(target, property) {
      const member: unknown = Reflect.get(target, property, target);
      if (typeof member !== 'function') return member;
      let method = wrapped.get(property);
      if (!method) {
        method = wrap(target, property, member as Method, recorder);
        wrapped.set(property, method);
      }
      return method;
    },
  });
}

function wrap(target: GatewayStore, property: PropertyKey, member: Method, recorder: AnswerBasisRecorder): Method {
  const name = String(property);
  if (!READS.has(name))
    return (...args) => {
      recorder.refuse(`store.${name}`);
      return member.apply(target, args);
    };
  return async (...args) => {
    try {
      const result = await member.apply(target, args);
      recorder.storeRead(name as StoreRead, args, result);
      return result;
    } catch (error) {
      recorder.refuse(`store.${name} failed`);
      throw error;
    }
  };
}

/** Whether every read in `reads`, made again now (all at once), answers what it answered then. */
export async function storeUnchanged(store: GatewayStore, reads: readonly StoreDependency[]): Promise<boolean> {
  const same = await Promise.all(
    reads.map(async ({ method, args, fingerprint }) => {
      const read = Reflect.get(store, method) as Method;
      return fingerprintOf(await Reflect.apply(read, store, [...args])) === fingerprint;
    }),
  );
  return same.every(Boolean);
}
