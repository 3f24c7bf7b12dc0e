/**
 * Loaded before every test file (`setupFiles` in vitest.config.ts). Its `afterAll`, registered before any
 * of the file's own, runs after all of them: it lets go of whatever the file started outside a test and
 * did not let go of itself (see teardown.ts).
 */
import { afterAll } from 'vitest';
import { tearDownFileResources } from './teardown.js';

afterAll(tearDownFileResources);
