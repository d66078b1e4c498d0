/** Packaging: electron-builder.yml is valid for electron-builder, targets Windows and macOS, and sets every fuse. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRepoFile, repoFileExists, repoRoot } from './sourceFiles';

interface TargetEntry {
  target: string;
  arch?: string[];
}
interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: string[];
  asar?: boolean;
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  win?: { target?: TargetEntry[]; icon?: string };
  mac?: { target?: TargetEntry[]; icon?: string; category?: string };
  nsis?: Record<string, unknown>;
  dmg?: Record<string, unknown>;
}

const config = parse(readRepoFile('electron-builder.yml')) as BuilderConfig;
const targetNames = (targets: TargetEntry[] | undefined) => (targets ?? []).map((entry) => entry.target);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    // app-builder-lib is electron-builder's dependency; resolve it from there rather than relying on hoisting.
    const requireFromBuilder = createRequire(
      join(repoRoot, 'node_modules', 'electron-builder', 'package.json'),
    );
    const { validateConfiguration } = requireFromBuilder('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = requireFromBuilder('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The validator does reject a wrong key, so the check above means something.
    await expect(
      validateConfiguration(
        { ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow();
  });

  it('names the app', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('QunDesk');
    expect(readRepoFile('electron-builder.yml')).toContain('群管工作台');
  });

  it('packs only the build output into an asar archive', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toContain('out/**/*');
    for (const pattern of config.files ?? []) expect(pattern).toMatch(/^!?(?:out\/|package\.json$)/);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('targets Windows (nsis) and macOS (dmg)', () => {
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(config.nsis?.oneClick).toBe(false);
    expect(config.dmg).toBeTypeOf('object');
  });

  it('sets every security fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('points at icons that exist', () => {
    for (const icon of [config.win?.icon, config.mac?.icon]) {
      expect(icon).toBeTypeOf('string');
      expect(repoFileExists(icon ?? '')).toBe(true);
    }
    expect(repoFileExists('resources/icons/icon.svg')).toBe(true);
    const png = readRepoFile('resources/icons/icon.png');
    expect(png.startsWith('\uFFFDPNG')).toBe(true);
  });
});

describe('Electron version', () => {
  const supportedMajor = 43;
  const majorOf = (version: string) => Number(/(\d+)\./.exec(version)?.[1] ?? NaN);

  it(`package.json asks for a supported major (>= ${supportedMajor})`, () => {
    const pkg = JSON.parse(readRepoFile('package.json')) as { devDependencies?: Record<string, string> };
    expect(majorOf(pkg.devDependencies?.electron ?? '')).toBeGreaterThanOrEqual(supportedMajor);
  });

  it('the installed electron package is that major', () => {
    const installed = JSON.parse(readRepoFile('node_modules/electron/package.json')) as { version: string };
    expect(majorOf(installed.version)).toBeGreaterThanOrEqual(supportedMajor);
  });

  it('main is the built ESM entry and the preload path in the composition root is the built CJS file', () => {
    const pkg = JSON.parse(readRepoFile('package.json')) as { main?: string; type?: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.type).toBe('module');
    expect(readRepoFile('electron/main/index.ts')).toContain(
      "new URL('../preload/index.cjs', import.meta.url)",
    );
  });
});
