/**
 * The scale-out contract (replica-contract.ts) with the cache on a Redis of its own (`CACHE_REDIS_URL`, a
 * private `redis-server`), the store on the shared one on 127.0.0.1:6379: the claims that go through the
 * cache's Redis — a shared cache, one rate-limit allowance, invalidations reaching every replica — and
 * where each key lands.
 */
import { replicaContract } from './replica-contract.js';

replicaContract('single', { cacheRedis: true });
