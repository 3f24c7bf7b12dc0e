/**
 * The embedded default's change state file (src/changes/file-change-state.ts): what a restart finds, when
 * it is written, and a malformed file moved aside rather than stopping the gateway.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeStateFileFor, openFileChangeState } from '../../../src/changes/file-change-state.js';
import { createLogger } from '../../../src/logging/logger.js';
import { absenceChange, T0 } from '../../support/change-log-contract.js';
import { captureLogs } from '../../support/logs.js';
import { registerTeardown } from '../../support/teardown.js';
import { tempDir } from '../../support/temp-dir.js';

const silent = createLogger('silent');

/** Opens the state at `file`, closed when the test ends. */
async function openState(file: string, options: Partial<Parameters<typeof openFileChangeState>[1]> = {}) {
  const state = await openFileChangeState(file, { logger: silent, now: () => T0, ...options });
  registerTeardown(() => state.close());
  return state;
}

describe('the change state file', () => {
  it('should live beside the store file, named after it', () => {
    expect(changeStateFileFor('/data/store.json')).toBe('/data/store.changes.json');
    expect(changeStateFileFor('/data/gateway')).toBe('/data/gateway.changes.json');
  });

  it('should find after a restart the log, the schedule and the snapshots, but no lease', async () => {
    const file = join(await tempDir('dg-changes-'), 'store.changes.json');
    const first = await openState(file);
    const [a] = await first.log.append('child-1', [absenceChange('a')]);
    await first.detector.enrol(
      new Map([
        ['acc-1', T0],
        ['acc-2', T0],
      ]),
    );
    const lease = (await first.detector.claim('acc-1', 'replica-a', T0, 60_000))!;
    await first.detector.complete(lease, 'snapshot-1', T0 + 60_000);
    await first.detector.claim('acc-2', 'replica-a', T0, 60_000); // held when the process stops
    await first.close();

    const second = await openState(file);
    expect(await second.log.read('child-1', null, 10)).toEqual({ changes: [a], complete: true });
    expect(await second.log.append('child-1', [absenceChange('a'), absenceChange('b')])).toMatchObject([
      { id: 'chg_b', position: `${T0}-1` },
    ]);
    expect(await second.detector.snapshot('acc-1')).toBe('snapshot-1');
    expect(await second.detector.due(T0, 10)).toEqual(['acc-2']);
    expect(await second.detector.claim('acc-2', 'replica-b', T0, 60_000)).not.toBeNull();
  });

  it('should write a short while after a change, once for all the changes meanwhile', async () => {
    const file = join(await tempDir('dg-changes-'), 'store.changes.json');
    const state = await openState(file, { writeDelayMs: 1_000 });
    const written = async () => JSON.parse(await readFile(file, 'utf8')) as { log: { children: unknown[] } };
    expect((await written()).log.children).toEqual([]); // a new file is written at once
    await state.log.append('child-1', [absenceChange('a')]);
    await state.log.append('child-2', [absenceChange('b', 'child-2')]);
    expect((await written()).log.children).toEqual([]);
    await expect.poll(async () => (await written()).log.children.length, { timeout: 5_000 }).toBe(2);
  });

  it('should move a malformed file aside, say so, and start empty', async () => {
    const directory = await tempDir('dg-changes-');
    const file = join(directory, 'store.changes.json');
    const logs = captureLogs();
    for (const damaged of [
      '{"version":1,',
      '{"version":2,"log":{"children":[]},"detector":{"schedule":[],"snapshots":[]}}',
    ]) {
      await writeFile(file, damaged);
      const state = await openState(file, { logger: createLogger('warn', logs.stream) });
      expect(await state.detector.scheduled()).toEqual([]);
      await state.close();
    }
    const quarantined = (await readdir(directory)).filter((name) => name.includes('.quarantine-'));
    expect(quarantined).toHaveLength(2);
    expect(logs.text()).toContain('the change state file was malformed and was moved aside');
    expect(logs.text()).toContain('"problem":"not JSON"');
    expect(logs.text()).toContain('"problem":"version:');
    // The fresh state was written over the old name.
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('should move aside a file whose log is out of order, naming the place and never a value', async () => {
    const directory = await tempDir('dg-changes-');
    const file = join(directory, 'store.changes.json');
    const first = await openState(file);
    await first.log.append('child-1', [absenceChange('a'), absenceChange('b')]);
    await first.close();
    const document = JSON.parse(await readFile(file, 'utf8')) as { log: { children: { changes: unknown[] }[] } };
    document.log.children[0]!.changes.reverse();
    await writeFile(file, JSON.stringify(document));

    const logs = captureLogs();
    const second = await openState(file, { logger: createLogger('warn', logs.stream) });
    expect(await second.log.head('child-1')).toBeNull();
    expect(logs.text()).toContain('log.children.0.changes.1.position: not after the change before it');
    expect(logs.text()).not.toContain('chg_a');
  });

  it('should refuse to open a file it cannot read, and leave it be', async () => {
    // A folder in the file's place: unreadable as a file for every user, root included.
    const file = join(await tempDir('dg-changes-'), 'store.changes.json');
    await mkdir(file);
    await expect(openFileChangeState(file, { logger: silent })).rejects.toMatchObject({
      code: 'CHANGES_FILE_UNREADABLE',
    });
    expect((await stat(file)).isDirectory()).toBe(true);
  });
});
