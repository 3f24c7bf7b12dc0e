import { describe, expect, it } from 'vitest';
import { createMemoryChangeLog } from '../../../src/changes/memory-change-log.js';
import { absenceChange, describeChangeLogContract, T0 } from '../../support/change-log-contract.js';

describeChangeLogContract('memory change log', (setup) => createMemoryChangeLog(setup));

describe('the memory change log over a document', () => {
  it('should hand over what it keeps and continue from it, positions and dropped changes included', async () => {
    let now = T0;
    let changed = 0;
    const log = createMemoryChangeLog({ now: () => now, maxPerChild: 2, onChange: () => (changed += 1) });
    const [a] = await log.append('child-1', [absenceChange('a')]);
    await log.append('child-1', [absenceChange('b'), absenceChange('c')]);
    await log.append('child-1', [absenceChange('c')]); // nothing new: no change to save
    expect(changed).toBe(2);

    now = T0 - 1_000; // a restarted process whose clock is behind
    const again = createMemoryChangeLog({ now: () => now, maxPerChild: 2, initial: log.toDocument() });
    expect(await again.read('child-1', '0-0', 10)).toMatchObject({ complete: false }); // a was dropped
    expect(await again.read('child-1', a!.position, 10)).toMatchObject({ complete: true });
    expect(await again.append('child-1', [absenceChange('a'), absenceChange('d')])).toMatchObject([
      { id: 'chg_d', position: `${T0}-3` },
    ]);
  });

  it('should refuse limits that are not whole numbers of at least 1, naming the option', () => {
    expect(() => createMemoryChangeLog({ maxPerChild: 0 })).toThrow(/maxPerChild must be a whole number/);
    expect(() => createMemoryChangeLog({ retentionMs: Number.POSITIVE_INFINITY })).toThrow(/retentionMs/);
  });
});
