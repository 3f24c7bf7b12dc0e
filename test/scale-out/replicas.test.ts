/**
 * The scale-out contract (replica-contract.ts) on a single Redis: the shared one on 127.0.0.1:6379, under
 * a key prefix of this file's own (deleted when it ends).
 */
import { replicaContract } from './replica-contract.js';

replicaContract('single');
