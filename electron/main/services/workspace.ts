import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { WorkspaceInfo } from '../../../shared/domain/types';
import { AppError } from '../../../shared/ipc/errors';
import { openDatabase, schemaVersion, type Db } from '../db/connection';
import { getMeta, setMeta } from '../db/repositories/meta';
import { countRows } from '../db/repositories/messages';
import { workspaceDbFile } from './workspacePaths';

export interface Workspace {
  dir: string;
  db: Db;
  close(): void;
}

/** Opens (creating when needed) the workspace folder and its database. */
export function openWorkspace(dir: string, now: number = Date.now()): Workspace {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new AppError('IO', 'errors.workspaceFolder', { path: dir, reason: (error as NodeJS.ErrnoException).code ?? 'unknown' });
  }
  const db = openDatabase(workspaceDbFile(dir));
  if (getMeta(db, 'created_at') === null) {
    db.transaction(() => {
      setMeta(db, 'workspace_id', randomUUID());
      setMeta(db, 'created_at', String(now));
    })();
  }
  return { dir, db, close: () => db.close() };
}

export function workspaceInfo(workspace: Workspace, appVersion: string): WorkspaceInfo {
  const { db } = workspace;
  const counts = {
    groups: countRows(db, 'groups'),
    members: countRows(db, 'members'),
    messages: countRows(db, 'messages'),
    imports: countRows(db, 'imports'),
  };
  return {
    path: workspace.dir,
    schemaVersion: schemaVersion(db),
    appVersion,
    createdAt: new Date(Number(getMeta(db, 'created_at') ?? 0)).toISOString(),
    counts,
    isEmpty: counts.groups === 0 && counts.members === 0 && counts.messages === 0,
  };
}
