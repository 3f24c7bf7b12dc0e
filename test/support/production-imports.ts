/**
 * Which packages the compiled gateway imports at run time, read the way `tsc` writes dist/: each file of
 * tsconfig.build.json is transpiled with the project's options (`verbatimModuleSyntax`: `import type` is
 * erased, everything else stays), and the output's imports, re-exports, dynamic `import()` and `require()`
 * are listed. A container's runtime stage installs only `dependencies` (`npm ci --omit=dev`), so each of
 * these packages must be one.
 */
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import ts from 'typescript';

/** A package a compiled file imports at run time. */
export interface RuntimeImport {
  file: string;
  specifier: string;
  /** The package's name (`@scope/name` or `name`). */
  packageName: string;
}

/** The files `tsconfig` (e.g. tsconfig.build.json) compiles, and the options it compiles them with. */
export function compiledProject(tsconfigPath: string): { files: string[]; options: ts.CompilerOptions } {
  const read = ts.readConfigFile(tsconfigPath, (path) => readFileSync(path, 'utf8'));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfigPath));
  return { files: parsed.fileNames, options: parsed.options };
}

/** The package a bare specifier names; `null` for relative paths, absolute paths and Node's built-ins. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The packages `source` (TypeScript) imports once compiled with `options`. */
export function runtimeImports(file: string, source: string, options: ts.CompilerOptions): RuntimeImport[] {
  // ESNext output whatever the project's `module`: only which imports survive matters, not their syntax.
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { ...options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false },
  });
  return ts
    .preProcessFile(outputText, true, true)
    .importedFiles.map(({ fileName: specifier }) => ({ file, specifier, packageName: packageOf(specifier) }))
    .filter((entry): entry is RuntimeImport => entry.packageName !== null);
}

/** Every import of a package that `dependencies` does not list, in `files` (read with `read`). */
export function importsOutsideDependencies(
  files: readonly string[],
  options: ts.CompilerOptions,
  dependencies: Readonly<Record<string, string>>,
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): RuntimeImport[] {
  return files
    .flatMap((file) => runtimeImports(file, read(file), options))
    .filter(({ packageName }) => !Object.hasOwn(dependencies, packageName));
}
