/**
 * The restored database's integrity check on a worker thread: it answers as SQLite's own check on this thread does,
 * for a sound file, a damaged index, and a file that is not a database.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkIntegrityOffThread, integrityOf } from '../../../electron/main/backup/integrityCheck';
import { overwriteIndexRoot } from '../../support/damagedDatabase';
import { makeTempDir } from '../../support/tempWorkspace';

function makeDatabase(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE INDEX notes_body ON notes (body);');
  const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i += 1) insert.run(`群公告 ${i} ${'今晚八点直播'.repeat(i % 7)}`);
  })();
  db.close();
}

describe('integrity check off thread', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir('qundesk-integrity-')));
  afterEach(() => temp.remove());

  it('finds a sound database sound', async () => {
    const file = join(temp.dir, 'sound.db');
    makeDatabase(file);
    expect(await checkIntegrityOffThread(file).result).toBe('ok');
  });

  it('names the damage in a database whose index pages were overwritten, as the check on this thread does', async () => {
    const file = join(temp.dir, 'damaged.db');
    makeDatabase(file);
    overwriteIndexRoot(file, 'notes_body');
    const here = (() => {
      const check = new Database(file);
      try {
        return integrityOf(check);
      } catch (error) {
        return `error: ${(error as Error).message}`;
      } finally {
        check.close();
      }
    })();
    expect(here).not.toBe('ok');
    expect(here).not.toMatch(/in database main/);
    const offThread = await checkIntegrityOffThread(file).result.catch(
      (error: Error) => `error: ${error.message}`,
    );
    expect(offThread).toBe(here);
  });

  it('rejects a file that is not a database, and a check stopped early ends quietly', async () => {
    const file = join(temp.dir, 'not.db');
    writeFileSync(file, 'MemoTrace export, not a database\n'.repeat(200));
    await expect(checkIntegrityOffThread(file).result).rejects.toThrow(/not a database/);
    const sound = join(temp.dir, 'sound.db');
    makeDatabase(sound);
    const check = checkIntegrityOffThread(sound);
    check.stop();
    // Stopped before it answered (or, on a fast machine, just after): it settles either way, with nothing unhandled.
    await expect(check.result.catch((error: Error) => error.message)).resolves.toMatch(
      /^(ok|integrity check stopped)/,
    );
  });
});
