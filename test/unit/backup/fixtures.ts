/** Small real workspaces for the backup tests: a migrated database with groups, members, messages and raw import files. */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../electron/main/db/connection';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { insertMember } from '../../../electron/main/db/repositories/members';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import { messageFingerprint } from '../../../electron/main/services/fingerprint';
import { openWorkspace, type Workspace } from '../../../electron/main/services/workspace';
import type { ScryptParams } from '../../../electron/main/backup/crypto';
import { spawnCli as spawnCliProcess } from '../../support/cli';

/** Cheap scrypt for tests; real vaults use the default (2^17). */
export const testScrypt: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };
export const testPassphrase = 'correct horse battery staple';

export interface WorkspaceShape {
  groups?: number;
  members?: number;
  messages?: number;
  /** Sizes in bytes of the raw import files to write under imports/. */
  importSizes?: number[];
}

let sequence = 0;

/** Inserts `count` text messages into a group, a transaction per 5,000 (the way imports batch them). */
export function addMessages(db: Db, groupId: number, count: number, start = Date.UTC(2024, 0, 1)): void {
  const insert = prepareMessageInsert(db);
  const salt = `${Date.now()}-${(sequence += 1)}`;
  for (let offset = 0; offset < count; offset += 5000) {
    db.transaction(() => {
      for (let i = offset; i < Math.min(count, offset + 5000); i += 1) {
        const content = `消息 ${salt} #${i}：今晚八点直播，记得准时参加 ${'内容'.repeat(i % 7)}`;
        const sentAt = start + i * 60_000;
        const senderName = `成员${i % 40}`;
        const fingerprint = messageFingerprint(groupId, senderName, sentAt, content);
        insert({
          groupId,
          memberId: null,
          senderName,
          sentAt,
          kind: 'text',
          content,
          fingerprint,
          importId: null,
        });
      }
    })();
  }
}

/** The real CLI with its settings kept in `configDir` and no vault passphrase from the environment. */
export function spawnCli(
  args: string[],
  configDir: string,
  options: { env?: Record<string, string>; detached?: boolean } = {},
): ChildProcess {
  return spawnCliProcess(args, {
    configDir,
    env: { QUNDESK_BACKUP_PASSPHRASE: '', ...options.env },
    ...(options.detached === undefined ? {} : { detached: options.detached }),
  });
}

/** Writes a raw import file the way the import feature keeps them: `imports/<sha256>`. Returns its relative path. */
export function addImportFile(workspaceDir: string, size: number): string {
  const data = randomBytes(size);
  const name = createHash('sha256').update(data).digest('hex');
  mkdirSync(join(workspaceDir, 'imports'), { recursive: true });
  writeFileSync(join(workspaceDir, 'imports', name), data);
  return `imports/${name}`;
}

/** Fills an open workspace database (and its folder) with the given shape; returns the group ids. */
export function seedWorkspace(db: Db, dir: string, shape: WorkspaceShape = {}): number[] {
  const now = Date.UTC(2024, 4, 1);
  const groupIds: number[] = [];
  db.transaction(() => {
    for (let g = 0; g < (shape.groups ?? 2); g += 1) {
      groupIds.push(
        insertGroup(
          db,
          { name: `读书会 ${g + 1}`, type: 'content', positioning: '', coreGoal: '', memberCap: 500 },
          now,
        ),
      );
    }
    for (let m = 0; m < (shape.members ?? 30); m += 1) {
      insertMember(db, { displayName: `会员${m}`, wxid: `wxid_test_${m}`, joinChannel: 'referral' }, now);
    }
  })();
  if (groupIds[0] !== undefined) addMessages(db, groupIds[0], shape.messages ?? 500);
  for (const size of shape.importSizes ?? []) addImportFile(dir, size);
  return groupIds;
}

export function makeWorkspace(dir: string, shape: WorkspaceShape = {}): Workspace & { groupIds: number[] } {
  const workspace = openWorkspace(dir);
  return Object.assign(workspace, { groupIds: seedWorkspace(workspace.db, dir, shape) });
}
