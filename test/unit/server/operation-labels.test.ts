/** Operation names as log fields and metric labels: bounded, whatever names clients send. */
import { describe, expect, it } from 'vitest';
import { loadPersistedManifest } from '../../../src/server/persisted-manifest.js';
import {
  createOperationLabels,
  loggableOperationName,
  operationNamesOf,
  registeredOperationNames,
} from '../../../src/server/operation-labels.js';
import { createLogger } from '../../../src/logging/logger.js';

const MANIFEST = 'client/src/generated/persisted-documents.json';

describe('loggableOperationName', () => {
  it.each([
    ['Dashboard', 'Dashboard'],
    ['_private2', '_private2'],
    [`Q${'x'.repeat(63)}`, `Q${'x'.repeat(63)}`],
    [`Q${'x'.repeat(64)}`, '(invalid)'],
    ['2fast', '(invalid)'],
    ['with space', '(invalid)'],
    ['Дневник', '(invalid)'],
    ['a"b', '(invalid)'],
    ['', '(invalid)'],
    [null, '(anonymous)'],
  ])('should log %j as %j', (name, logged) => {
    expect(loggableOperationName(name)).toBe(logged);
  });
});

describe('createOperationLabels', () => {
  it('should keep registered names always, learn the first few others, and put the rest and invalid ones in other', () => {
    const labels = createOperationLabels({ registered: ['Dashboard', 'SignOut'], maxLearned: 2 });
    expect(labels.labelOf('IntegratorOne')).toBe('IntegratorOne');
    expect(labels.labelOf('IntegratorTwo')).toBe('IntegratorTwo');
    expect(labels.labelOf('IntegratorThree')).toBe('other');
    expect(labels.labelOf('IntegratorOne')).toBe('IntegratorOne');
    expect(labels.labelOf('Dashboard')).toBe('Dashboard');
    expect(labels.labelOf('SignOut')).toBe('SignOut');
    expect(labels.labelOf(`Q${'x'.repeat(64)}`)).toBe('other');
    expect(labels.labelOf(null)).toBe('(anonymous)');
  });

  it('should not let invalid names take the room of valid ones', () => {
    const labels = createOperationLabels({ registered: [], maxLearned: 1 });
    for (let index = 0; index < 10; index++) expect(labels.labelOf(`bad name ${index}`)).toBe('other');
    expect(labels.labelOf('Valid')).toBe('Valid');
  });

  it('should bound the labels to the registered names, the learned ones, other and (anonymous)', () => {
    const labels = createOperationLabels({ registered: ['Dashboard'] });
    const seen = new Set<string>();
    for (let index = 0; index < 1000; index++) seen.add(labels.labelOf(`Made_up_${index}`));
    seen.add(labels.labelOf('Dashboard'));
    seen.add(labels.labelOf(null));
    expect(seen.size).toBe(50 + 3);
  });
});

describe('the names of the manifest', () => {
  it("should be the operations of the client's manifest, not its fragments", () => {
    const names = operationNamesOf(loadPersistedManifest(MANIFEST));
    expect(names).toContain('SignOut');
    expect(names).toContain('Tenants');
    expect(names).not.toContain('TrustedPersonGrantFields');
  });

  it('should be none for a manifest that cannot be read', () => {
    expect(registeredOperationNames('no/such/manifest.json', createLogger('silent')).size).toBe(0);
  });
});
