/**
 * Layer boundaries (architecture note): the renderer never reaches Electron or Node; only the shell, the composition
 * root and the preload import Electron; policy modules stay pure; shared/ imports no other layer.
 */
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, listSourceFiles, readRepoFile } from './sourceFiles';

const nodeBuiltins = new Set(builtinModules.filter((name) => !name.startsWith('_')));
const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith('node:') ||
  nodeBuiltins.has(specifier) ||
  nodeBuiltins.has(specifier.split('/')[0] ?? '');
const isElectron = (specifier: string) => /^(?:electron|electron-store|original-fs)(?:\/|$)/.test(specifier);
const isRelative = (specifier: string) => specifier.startsWith('.');

/** Where a relative import points, repo-relative with '/' separators. */
function resolveRelative(file: string, specifier: string): string {
  return normalize(join(dirname(file), specifier))
    .split('\\')
    .join('/');
}

function violations(files: string[], isForbidden: (specifier: string, file: string) => boolean): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const specifier of importSpecifiers(readRepoFile(file))) {
      if (isForbidden(specifier, file)) found.push(`${file} imports '${specifier}'`);
    }
  }
  return found;
}

const electronFiles = listSourceFiles('electron');
const rendererFiles = listSourceFiles('renderer');
const sharedFiles = listSourceFiles('shared');

describe('the scanner', () => {
  it('finds the layers and reads every import form', () => {
    expect(electronFiles).toContain('electron/main/shell/window.ts');
    expect(electronFiles).toContain('electron/preload/index.ts');
    expect(sharedFiles).toContain('shared/ipc/contract.ts');
    expect(importSpecifiers(readRepoFile('electron/main/shell/window.ts'))).toContain('electron');
    const sample = [
      "import a from 'a';",
      "import type { B } from 'b';",
      "import {\n  c,\n  type C,\n} from 'c';",
      "export { d } from 'd';",
      "export * from 'e';",
      "import 'f';",
      "const g = await import('g');",
      "const h = require('h');",
      "// import x from 'commented-out';",
      "/* import y from 'block-comment'; */",
      "const url = 'https://example.com'; import i from 'i';",
    ].join('\n');
    expect(importSpecifiers(sample).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });
});

describe('import boundaries', () => {
  it('renderer never imports Electron, Node built-ins or main-process code', () => {
    expect(rendererFiles.length).toBeGreaterThan(0);
    const found = violations(
      rendererFiles,
      (specifier, file) =>
        isElectron(specifier) ||
        isNodeBuiltin(specifier) ||
        (isRelative(specifier) && resolveRelative(file, specifier).startsWith('electron/')),
    );
    expect(found).toEqual([]);
  });

  it("only the composition root, the shell and the preload import 'electron'", () => {
    const mayImportElectron = (file: string) =>
      file === 'electron/main/index.ts' ||
      file.startsWith('electron/main/shell/') ||
      file.startsWith('electron/preload/');
    const found = violations(
      [...electronFiles, ...sharedFiles, ...rendererFiles],
      (specifier, file) => isElectron(specifier) && !mayImportElectron(file),
    );
    expect(found).toEqual([]);
  });

  it.each(['policy', 'ipc', 'services', 'db', 'jobs', 'import', 'server', 'cli'])(
    "electron/main/%s never imports 'electron' or the shell",
    (layer) => {
      const files = listSourceFiles(`electron/main/${layer}`);
      const found = violations(
        files,
        (specifier, file) =>
          isElectron(specifier) ||
          (isRelative(specifier) && resolveRelative(file, specifier).startsWith('electron/main/shell/')),
      );
      expect(found).toEqual([]);
    },
  );

  it("only the shell imports 'electron-store'", () => {
    const found = violations(
      [...electronFiles, ...sharedFiles, ...rendererFiles],
      (specifier, file) => specifier.startsWith('electron-store') && !file.startsWith('electron/main/shell/'),
    );
    expect(found).toEqual([]);
  });

  it('shared/ imports only shared/ and pure libraries, never Node built-ins', () => {
    expect(sharedFiles.length).toBeGreaterThan(0);
    const impure =
      /^(?:electron|electron-store|better-sqlite3|react|react-dom|@mantine\/|@tabler\/|recharts|playwright)/;
    const found = violations(
      sharedFiles,
      (specifier, file) =>
        isNodeBuiltin(specifier) ||
        impure.test(specifier) ||
        (isRelative(specifier) && !resolveRelative(file, specifier).startsWith('shared/')),
    );
    expect(found).toEqual([]);
  });

  it('the preload imports only electron, shared/ and the IPC names; never Node built-ins (it runs sandboxed)', () => {
    const files = listSourceFiles('electron/preload');
    const found = violations(files, (specifier, file) => {
      if (specifier === 'electron') return false;
      if (!isRelative(specifier)) return true;
      const target = resolveRelative(file, specifier);
      return !target.startsWith('shared/') && target !== 'electron/main/policy/ipcNames';
    });
    expect(found).toEqual([]);
  });
});
