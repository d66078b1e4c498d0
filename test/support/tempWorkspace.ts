import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Backend, type BackendOptions } from '../../electron/main/backend';
import { JsonFileSettingsStore } from '../../electron/main/services/settings';

export function makeTempDir(prefix = 'qundesk-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real backend on the given workspace folder with its settings in `settingsFile`, jobs in-process. */
export function openTestBackend(
  workspaceDir: string,
  settingsFile: string,
  overrides: Partial<BackendOptions> = {},
): Backend {
  return createBackend({
    workspaceDir,
    settings: new JsonFileSettingsStore(settingsFile),
    appVersion: '0.0.0-test',
    jobs: { mode: 'in-process' },
    logError: () => {},
    ...overrides,
  });
}

/** A real backend on a fresh temp workspace, jobs in-process. */
export function makeTestBackend(
  overrides: Partial<BackendOptions> = {},
): Backend & { dir: string; dispose(): Promise<void> } {
  const temp = makeTempDir();
  const backend = openTestBackend(join(temp.dir, 'workspace'), join(temp.dir, 'settings.json'), overrides);
  return Object.assign(backend, {
    dir: temp.dir,
    async dispose() {
      await backend.close();
      temp.remove();
    },
  });
}

export const trustedSender = { origin: 'app://qundesk', isMainFrame: true };
export const trustAppOrigin = (sender: { origin: string; isMainFrame: boolean }) =>
  sender.origin === 'app://qundesk' && sender.isMainFrame;
