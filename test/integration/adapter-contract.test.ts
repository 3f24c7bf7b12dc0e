import { describeAdapterContract } from '../contract/adapter-contract.js';
import { CONTRACT_DIARIES } from '../contract/adapter-diaries.js';

// Issue 12: one adapter contract, the same scenarios against each diary's adapter over its own simulator
// (real loopback HTTP). What is particular to one diary stays in its own suites
// (test/integration/{mesh,dnevnik,eljur}-simulator.test.ts, test/unit/*/adapter.nock.test.ts).
for (const diary of CONTRACT_DIARIES) describeAdapterContract(diary);
