import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnevnikAvailable } from '../../../bench/providers.js';
import { tempDir } from '../../support/temp-dir.js';

// Which diaries the bench drives follows the build: a regression here silently turns the bench МЭШ-only.

describe('dnevnikAvailable', () => {
  async function build(files: Record<string, string>): Promise<string> {
    const root = await tempDir('bench-dist-');
    await mkdir(join(root, 'src'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(root, 'src', name), text);
    return root;
  }

  it.each([
    ['the composition root', { 'index.js': 'createDnevnikAdapter({})' }, true],
    [
      'the adapter wiring split off the root',
      { 'index.js': 'createAdapters()', 'tenant-adapters.js': 'createDnevnikAdapter({})' },
      true,
    ],
    ['neither', { 'index.js': 'createAdapters()', 'tenant-adapters.js': 'createMeshAdapter({})' }, false],
    ['no build at all', {}, false],
  ])('should tell whether a Dnevnik.ru adapter is registered in %s', async (_where, files, expected) => {
    expect(dnevnikAvailable(await build(files))).toBe(expected);
  });
});
