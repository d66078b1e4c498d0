import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { JsonFileSettingsStore } from './settings';
import { workspaceDbFile } from './workspacePaths';

/** Folder and file names under the user-data folder, shared by the app and the CLI so both find the same data. */
export const appFolderName = 'QunDesk';
export const workspaceFolderName = 'workspace';
/** electron-store's default file name: the CLI's JSON settings store reads and writes the same file. */
export const settingsFileName = 'config.json';

/** Electron's `app.getPath('userData')` for this app, computed without Electron (for the CLI and browser mode). */
export function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), appFolderName);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', appFolderName);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), appFolderName);
}

/**
 * The workspace folder: `QUNDESK_DATA_DIR` when set, else the folder last chosen with "open this workspace" while it
 * still holds a workspace (a disk taken away falls back), else `<userData>/workspace`.
 */
export function defaultWorkspaceDir(
  env = process.env,
  userDataDir = defaultUserDataDir(process.platform, env),
): string {
  if (env.QUNDESK_DATA_DIR) return env.QUNDESK_DATA_DIR;
  const remembered = new JsonFileSettingsStore(join(userDataDir, settingsFileName)).workspaceDir();
  if (remembered !== null && existsSync(workspaceDbFile(remembered))) return remembered;
  return join(userDataDir, workspaceFolderName);
}
