/**
 * `npm start`'s process on a termination signal: it shuts down in order and lets go of the store file's
 * lock (so the next start does not have to take over a stale one), then exits 0. Runs the real entry
 * point as a child process.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

function withoutTestEnvironment(): NodeJS.ProcessEnv {
  const { NODE_ENV: _testMode, VITEST: _vitest, ...rest } = process.env;
  return rest;
}

describe('the entry point', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'should close the gateway and release the store lock on %s, exiting 0',
    async (signal) => {
      const file = join(await tempDir('dg-shutdown-'), `${signal}.json`);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: process.cwd(),
        // As `npm start` runs it: vitest's NODE_ENV=test would hide Apollo's own signal handling.
        env: { ...withoutTestEnvironment(), PORT: '0', STORE: 'file', STORE_FILE: file, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await expect.poll(() => output, { timeout: 30_000, interval: 100 }).toContain('diary-gateway listening');
      expect(existsSync(`${file}.lock`)).toBe(true);

      child.kill(signal);
      expect(await exited).toBe(0);
      expect(output).toContain('shutting down');
      expect(existsSync(`${file}.lock`)).toBe(false);
      expect(existsSync(file)).toBe(true);
    },
    60_000,
  );
});
