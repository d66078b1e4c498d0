/** Where the app keeps its data: the same folders the CLI computes in services/dataDir.ts. */
import { join } from 'node:path';
import { app } from 'electron';
import { appFolderName, defaultWorkspaceDir } from '../services/dataDir';

/**
 * Pins userData to `<appData>/QunDesk`. Electron would otherwise derive it from the product name (which carries
 * Chinese characters and differs between dev and packaged builds), and the CLI would look elsewhere.
 * Call before 'ready' and before electron-store is created.
 */
export function pinUserDataDir(): string {
  const dir = join(app.getPath('appData'), appFolderName);
  app.setPath('userData', dir);
  return dir;
}

/** The workspace folder: `QUNDESK_DATA_DIR` when set, else `<userData>/workspace`. */
export function workspaceDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return defaultWorkspaceDir(env, app.getPath('userData'));
}
