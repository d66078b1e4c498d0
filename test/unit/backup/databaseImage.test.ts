import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import { restoreSnapshot } from '../../../electron/main/backup/restore';
import { backupTempFolder, databaseImage } from '../../../electron/main/backup/snapshot';
import { Vault } from '../../../electron/main/backup/vault';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { makeTempDir } from '../../support/tempWorkspace';
import { addMessages, makeWorkspace, testPassphrase, testScrypt } from './fixtures';

/** sha256 of a file's first `size` bytes. */
function hashPrefix(file: string, size: number): string {
  const buffer = Buffer.alloc(size);
  const fd = openSync(file, 'r');
  try {
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, buffer, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
  } finally {
    closeSync(fd);
  }
  return createHash('sha256').update(buffer).digest('hex');
}

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('qundesk-backup-image-');
});
afterEach(() => temp.remove());

describe('database image for a snapshot', () => {
  it('reads the workspace file itself, which holds still while other connections write and checkpoint', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 3000 });
    const file = workspaceDbFile(ws.dir);
    const image = await databaseImage(ws.dir, ws.db);
    try {
      expect(image.file).toBe(file);
      expect(image.facts.counts.messages).toBe(3000);
      const before = hashPrefix(file, image.size);
      // Enough writes to pass the auto-checkpoint threshold, then an explicit checkpoint: none may reach the file.
      addMessages(ws.db, ws.groupIds[0]!, 8000);
      ws.db.pragma('wal_checkpoint(PASSIVE)');
      expect(hashPrefix(file, image.size)).toBe(before);
    } finally {
      image.release();
    }
    // Released, the same checkpoint does change the file: the check above could have failed.
    const sizeBefore = image.size;
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    const after = await databaseImage(ws.dir, ws.db);
    after.release();
    expect(after.facts.counts.messages).toBe(11_000);
    expect(after.size).toBeGreaterThan(sizeBefore);
    ws.close();
  });

  it('takes a copy when another reader keeps the WAL from being emptied, and removes it at release', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 500 });
    addMessages(ws.db, ws.groupIds[0]!, 200);
    const reader = new Database(workspaceDbFile(ws.dir));
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM messages').get();
    try {
      const image = await databaseImage(ws.dir, ws.db);
      expect(image.file.startsWith(join(ws.dir, backupTempFolder))).toBe(true);
      expect(image.facts.counts.messages).toBe(700);
      image.release();
      expect(readdirSync(join(ws.dir, backupTempFolder))).toEqual([]);
    } finally {
      reader.exec('ROLLBACK');
      reader.close();
    }
    ws.close();
  });

  it('a backup taken while another reader holds the WAL restores with matching counts', async () => {
    const { vault } = await Vault.create(join(temp.dir, 'vault'), {
      passphrase: testPassphrase,
      scrypt: testScrypt,
    });
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 400, importSizes: [50_000] });
    addMessages(ws.db, ws.groupIds[0]!, 100);
    const reader = new Database(workspaceDbFile(ws.dir));
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM messages').get();
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    reader.exec('ROLLBACK');
    reader.close();
    ws.close();
    expect(result.verify.ok).toBe(true);
    const report = await restoreSnapshot(vault, result.snapshot.id, join(temp.dir, 'restored'));
    expect(report).toMatchObject({ complete: true, database: { integrity: 'ok', countsMatch: true } });
    expect(report.database?.counts?.messages).toBe(500);
  });
});
