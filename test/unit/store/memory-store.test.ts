import { createMemoryStore } from '../../../src/store/memory-store.js';
import { describeStoreContract } from '../../contract/store-contract.js';

describeStoreContract('memory store', () => createMemoryStore());
