/** Settings persisted by electron-store in the user-data folder (the file the CLI's JSON store also reads). */
import Store from 'electron-store';
import type { Settings } from '../../../shared/domain/types';
import { settingsFileName } from '../services/dataDir';
import {
  sanitizeSettings,
  storedWorkspaceDir,
  workspaceDirKey,
  type SettingsStore,
} from '../services/settings';

export class ElectronSettingsStore implements SettingsStore {
  private readonly store: Store<Record<string, unknown>>;

  constructor(userDataDir: string) {
    this.store = new Store<Record<string, unknown>>({
      cwd: userDataDir,
      name: settingsFileName.replace(/\.json$/, ''),
      // A hand-edited or truncated file must not keep the app from starting; defaults apply instead.
      clearInvalidConfig: true,
    });
  }

  get(): Settings {
    return sanitizeSettings(this.store.store);
  }

  update(patch: Partial<Settings>): Settings {
    const next = sanitizeSettings({ ...this.get(), ...patch });
    this.store.set({ ...next });
    return next;
  }

  workspaceDir(): string | null {
    return storedWorkspaceDir(this.store.store);
  }

  rememberWorkspaceDir(dir: string | null): void {
    if (dir === null) this.store.delete(workspaceDirKey);
    else this.store.set(workspaceDirKey, dir);
  }
}
