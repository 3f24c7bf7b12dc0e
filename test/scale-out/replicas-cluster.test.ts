/**
 * The scale-out contract (replica-contract.ts) on a Redis Cluster of three masters, started for this file
 * from the `redis-server` binary (test/support/redis-topologies.ts) and gone with its data when it ends.
 */
import { replicaContract } from './replica-contract.js';

replicaContract('cluster');
