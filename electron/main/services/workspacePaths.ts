import { join } from 'node:path';

export const workspaceDbFileName = 'qundesk.db';

export function workspaceDbFile(workspaceDir: string): string {
  return join(workspaceDir, workspaceDbFileName);
}
