/**
 * "Open this workspace": after an archive import or a restore into a folder, the app switches to that folder itself
 * (instead of telling the user to restart with another data folder) and opens it again at the next start.
 * The folder is checked before anything closes: it must hold a QunDesk workspace database this version can open.
 * The workspace being left stays exactly as it was.
 */
import { lstatSync, realpathSync } from 'node:fs';
import type { OpenedWorkspace } from '../../../shared/ipc/channels/backup';
import { AppError } from '../../../shared/ipc/errors';
import type { Backend } from '../backend';
import { latestSchemaVersion } from '../db/migrations';
import { recordAudit } from '../db/repositories/audit';
import { getMeta } from '../db/repositories/meta';
import { openReadOnlyFile, workspaceInfo } from '../services/workspace';
import { workspaceDbFile } from '../services/workspacePaths';
import { requireAbsolutePath } from './archive';

/** What the folder's database says about itself, read without changing the folder. */
function readIdentity(file: string): { workspaceId: string | null; schemaVersion: number } | null {
  let connection;
  try {
    connection = openReadOnlyFile(file);
  } catch {
    return null;
  }
  try {
    return {
      workspaceId: getMeta(connection.db, 'workspace_id'),
      schemaVersion: connection.db.pragma('user_version', { simple: true }) as number,
    };
  } catch {
    // Not SQLite, or SQLite without our tables.
    return null;
  } finally {
    connection.close();
  }
}

/** The folder's real path when it holds a QunDesk workspace this version can open; a clear error otherwise. */
export function checkWorkspaceFolder(path: string): string {
  const dir = requireAbsolutePath(path);
  let isFolder: boolean;
  try {
    isFolder = lstatSync(dir).isDirectory();
  } catch {
    throw new AppError('NOT_FOUND', 'backup.errors.folderMissing', { path: dir });
  }
  if (!isFolder) throw new AppError('VALIDATION', 'backup.errors.notAWorkspace', { path: dir });
  const file = workspaceDbFile(dir);
  let isFile: boolean;
  try {
    isFile = lstatSync(file).isFile();
  } catch {
    isFile = false;
  }
  const identity = isFile ? readIdentity(file) : null;
  if (!identity?.workspaceId) throw new AppError('VALIDATION', 'backup.errors.notAWorkspace', { path: dir });
  if (identity.schemaVersion > latestSchemaVersion) {
    throw new AppError('UNSUPPORTED', 'errors.newerDatabase', {
      found: identity.schemaVersion,
      supported: latestSchemaVersion,
    });
  }
  return realpathSync(dir);
}

/**
 * Switches the backend to the workspace in `path` and remembers it for the next start. Refused while jobs run (they
 * belong to the open workspace). If the settings cannot be saved nothing is switched; if the workspace fails its
 * start-up check, the previous one is reopened and the remembered folder put back.
 */
export async function openOtherWorkspace(backend: Backend, path: string): Promise<OpenedWorkspace> {
  const dir = checkWorkspaceFolder(path);
  const previousPath = backend.workspace.dir;
  const previousMode = backend.workspace.state === 'readOnly' ? 'readOnly' : 'normal';
  if (dir === realpathSync(previousPath))
    throw new AppError('CONFLICT', 'backup.errors.workspaceAlreadyOpen', { path: dir });
  if (backend.jobs.list().some((job) => job.status === 'running'))
    throw new AppError('CONFLICT', 'backup.errors.switchJobsRunning');
  const operator = backend.context.operator();
  const rememberedBefore = backend.settings.workspaceDir();
  backend.settings.rememberWorkspaceDir(dir);
  try {
    await backend.reopen('normal', undefined, dir);
    if (backend.workspace.state !== 'ok') {
      await backend.reopen(previousMode, undefined, previousPath);
      throw new AppError('BAD_FILE', 'backup.errors.workspaceDamaged', { path: dir });
    }
  } catch (error) {
    backend.settings.rememberWorkspaceDir(rememberedBefore);
    throw error;
  }
  const { context } = backend;
  recordAudit(context.db, context.now(), {
    operator,
    action: 'workspace-open',
    entity: 'workspace',
    detail: { path: dir, previous: previousPath },
  });
  return { workspace: workspaceInfo(backend.workspace, backend.appVersion), previousPath };
}
