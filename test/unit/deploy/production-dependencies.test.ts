/**
 * The image's runtime stage installs production dependencies only (`npm ci --omit=dev`): so no compiled
 * file may import a package that is not in `dependencies` — a dev-only import in production code would
 * start in every test and fail in the container. Building the image here is impossible and installing
 * `--omit=dev` into a temporary folder too slow for every run, so the compiled imports are read instead.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY, repositoryFile } from '../../support/container-files.js';
import { compiledProject, importsOutsideDependencies, packageOf } from '../../support/production-imports.js';

const MANIFEST = JSON.parse(repositoryFile('package.json')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const PROJECT = compiledProject(join(REPOSITORY, 'tsconfig.build.json'));

describe('production dependencies', () => {
  it('should compile the gateway, the adapters and the demo upstreams (what the image runs)', () => {
    const files = PROJECT.files.map((file) => file.slice(REPOSITORY.length + 1));
    expect(files).toEqual(
      expect.arrayContaining(['src/main.ts', 'src/demo/upstreams-main.ts', 'adapters/mesh/client.ts']),
    );
    expect(files.filter((file) => file.startsWith('test/') || file.endsWith('.test.ts'))).toEqual([]);
  });

  it('should import at run time only packages listed in dependencies', () => {
    const outside = importsOutsideDependencies(PROJECT.files, PROJECT.options, MANIFEST.dependencies).map(
      ({ file, packageName }) =>
        `${file.slice(REPOSITORY.length + 1)} imports ${packageName}` +
        (Object.hasOwn(MANIFEST.devDependencies, packageName) ? ' (a devDependency)' : ' (not a dependency)'),
    );
    expect(outside).toEqual([]);
  });

  it('should need no install script at run time (the image installs with --ignore-scripts)', () => {
    const lock = JSON.parse(repositoryFile('package-lock.json')) as {
      packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript && !entry.dev)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    // @apollo/protobufjs's postinstall only makes a folder for its command-line tool, which nothing runs.
    expect(withScripts).toEqual(['@apollo/protobufjs']);
  });

  describe('the check itself', () => {
    const check = (source: string) =>
      importsOutsideDependencies(['src/example.ts'], PROJECT.options, MANIFEST.dependencies, () => source).map(
        ({ packageName }) => packageName,
      );

    it.each([
      ['an import', `import { describe } from 'vitest';\ndescribe('x', () => {});`, ['vitest']],
      ['a re-export', `export { default } from 'nock';`, ['nock']],
      ['a dynamic import', `export const load = () => import('playwright-core');`, ['playwright-core']],
      ['a side-effect import', `import 'fast-check';`, ['fast-check']],
      [
        'a type named inline (kept as an import by verbatimModuleSyntax)',
        `import { type Plugin } from 'vite';\nexport type P = Plugin;`,
        ['vite'],
      ],
      ['a transitive package not declared', `import { Kind } from 'graphql-tag';\nexport { Kind };`, ['graphql-tag']],
    ])('should flag %s', (_what, source, flagged) => {
      expect(check(source)).toEqual(flagged);
    });

    it.each([
      ['a type-only import, erased by the compiler', `import type { Plugin } from 'vite';\nexport type P = Plugin;`],
      [
        'Node built-ins',
        `import { readFileSync } from 'node:fs';\nimport path from 'path';\nexport { readFileSync, path };`,
      ],
      ['relative imports', `export { createGateway } from './index.js';`],
      [
        'a dependency’s subpath',
        `import { ApolloServer } from '@apollo/server';\nimport { LRUCache } from 'lru-cache';\nexport { ApolloServer, LRUCache };`,
      ],
    ])('should not flag %s', (_what, source) => {
      expect(check(source)).toEqual([]);
    });

    it('should name scoped packages by scope and name', () => {
      expect(['@apollo/server/standalone', 'yaml', 'node:fs', './x.js'].map(packageOf)).toEqual([
        '@apollo/server',
        'yaml',
        null,
        null,
      ]);
    });
  });
});
