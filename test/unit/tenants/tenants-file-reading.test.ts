import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { loadTenants } from '../../../src/tenants/load-tenants.js';
import { MAX_TENANTS_FILE_BYTES, readSmallFile } from '../../../src/tenants/tenants-file.js';
import { tempDir } from '../../support/temp-dir.js';
import { problemsOf } from './support.js';

describe('loadTenants: reading TENANTS_FILE', () => {
  const config = (path: string) => loadConfig({ TENANTS_FILE: path });

  it('should read a YAML file from disk', async () => {
    const directory = await tempDir('tenants-');
    const path = join(directory, 'tenants.yml');
    await writeFile(path, 'tenants:\n  - id: eljur-kurgan\n    enabled: false\n');
    expect(loadTenants(config(path)).get('eljur-kurgan')).toBeUndefined();
  });

  it('should name the path of a missing file', () => {
    expect(problemsOf(() => loadTenants(config('/nonexistent/tenants.json')))).toEqual([
      'TENANTS_FILE "/nonexistent/tenants.json": cannot be read (ENOENT)',
    ]);
  });

  it('should refuse a file larger than 1 MiB', async () => {
    const path = join(await tempDir('tenants-'), 'tenants.json');
    await writeFile(path, ' '.repeat(MAX_TENANTS_FILE_BYTES + 1));
    expect(problemsOf(() => loadTenants(config(path)))).toEqual([
      `TENANTS_FILE "${path}": cannot be read (larger than ${MAX_TENANTS_FILE_BYTES} bytes)`,
    ]);
    // The default reader looks at the size first, so a huge file is never loaded into memory.
    expect(() => readSmallFile(path)).toThrow(RangeError);
    expect(
      problemsOf(() => loadTenants(config(path), { readFile: () => '{}'.padEnd(MAX_TENANTS_FILE_BYTES + 1) })),
    ).toEqual([`TENANTS_FILE "${path}": cannot be read (larger than ${MAX_TENANTS_FILE_BYTES} bytes)`]);
  });

  it.each([
    ['tenants.toml', 'x', 'TENANTS_FILE "tenants.toml": must end in .json, .yaml or .yml'],
    ['tenants.json', '[]', 'TENANTS_FILE "tenants.json": the document must be object'],
    ['tenants.json', '{}', 'TENANTS_FILE "tenants.json": tenants is required'],
    ['tenants.yaml', 'tenants: []\nextra: 1', 'TENANTS_FILE "tenants.yaml": unknown field "extra"'],
    [
      'tenants.json',
      '{"tenants":[{"id":"eljur","devkey":"S3CRET-417" x}]}',
      'TENANTS_FILE "tenants.json": is not valid JSON',
    ],
    ['tenants.json', '{"tenants":[{"id":"eljur","devkey":S3CRET-417}]}', 'is not valid JSON'],
    [
      'tenants.yaml',
      'tenants:\n  - id: eljur\n    devkey: "S3CRET-417\n  - [',
      'TENANTS_FILE "tenants.yaml": is not valid YAML (line',
    ],
    [
      'tenants.yaml',
      'tenants:\n  - id: eljur\n    devkey: S3CRET-417\n    devkey: S3CRET-417',
      'is not valid YAML (line 4',
    ],
  ])('should refuse %s holding %j without quoting it', (path, text, problem) => {
    const found = problemsOf(() => loadTenants(config(path), { readFile: () => text }));
    expect(found).toEqual([expect.stringContaining(problem)]);
    expect(found.join('\n')).not.toContain('S3CRET');
  });

  it('should not read the file when TENANTS_FILE is unset', () => {
    const registry = loadTenants(loadConfig({}), {
      readFile: () => {
        throw new Error('read');
      },
    });
    expect(registry.all()).toHaveLength(15);
  });
});
