/**
 * SQLite's integrity check of a restored database on a worker thread, so a restore checks its database while it goes
 * on writing the import files: the check reads the whole file on one core (2-4 s for a 200 MB database), the
 * restore's own work keeps about one other busy.
 *
 * The worker runs a short program given as source (as the frame workers do) and loads the database driver by the path
 * this module resolves. Where it cannot load it, the check runs here instead: never a failed check for a reason that
 * is not the database's.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker program (CommonJS, run with `eval`): `checkIntegrityHere` there (its check as `integrityOf`'s). The
 * connection is closed before the answer goes back.
 */
const workerProgram = `
const { parentPort, workerData } = require('node:worker_threads');

function check(Database) {
  let db;
  try {
    db = new Database(workerData.file, { fileMustExist: true });
    // As integrityOf does.
    const lines = db.prepare('PRAGMA integrity_check(' + workerData.problemsListed + ')').pluck().all();
    return { integrity: lines.join('\\n').replace(/^[*]{3} in database \\S+ [*]{3}\\n/, '') };
  } catch (error) {
    return { error: String((error && error.message) || error) };
  } finally {
    try {
      if (db) db.close();
    } catch {}
  }
}

let driver;
try {
  driver = require(workerData.driver);
} catch (error) {
  parentPort.postMessage({ unavailable: String(error) });
}
if (driver) parentPort.postMessage(check(driver));
`;

interface Reply {
  integrity?: string;
  error?: string;
  unavailable?: string;
}

/** Problems `integrityOf` lists at most (a badly damaged file has thousands). */
const problemsListed = 10;

/**
 * `PRAGMA integrity_check` on an open connection: 'ok', or the problems found (up to ten, a line each; the heading
 * SQLite puts before them, "*** in database main ***", left out).
 */
export function integrityOf(db: Database.Database): string {
  const lines = db.prepare(`PRAGMA integrity_check(${problemsListed})`).pluck().all() as string[];
  return lines.join('\n').replace(/^[*]{3} in database \S+ [*]{3}\n/, '');
}

/**
 * `integrityOf` a database file, on this thread. Opened read-write, as `readDatabaseFacts` does (a read-only open of
 * a WAL database leaves -shm/-wal files behind).
 */
function checkIntegrityHere(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    return integrityOf(db);
  } finally {
    db.close();
  }
}

export interface IntegrityCheck {
  /** As `integrityOf` says; rejects when the file cannot be opened as a database. */
  readonly result: Promise<string>;
  /** Stops a check no longer wanted (a restore cancelled or failed). */
  stop(): void;
}

/** Starts `checkIntegrityHere` on a worker thread. */
export function checkIntegrityOffThread(file: string): IntegrityCheck {
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(workerProgram, { eval: true, workerData: { file, driver, problemsListed } });
  } catch {
    return { result: Promise.resolve().then(() => checkIntegrityHere(file)), stop: () => {} };
  }
  const result = new Promise<string>((resolve, reject) => {
    let answered = false;
    const checkHere = () => {
      try {
        resolve(checkIntegrityHere(file));
      } catch (error) {
        reject(error as Error);
      }
    };
    worker.once('message', (reply: Reply) => {
      answered = true;
      if (reply.integrity !== undefined) resolve(reply.integrity);
      else if (reply.error !== undefined) reject(new Error(reply.error));
      else checkHere(); // the driver did not load there
    });
    // The worker died before answering: not the database's fault, so check it here.
    worker.once('error', () => {
      if (!answered) checkHere();
      answered = true;
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`integrity check stopped (exit code ${code})`));
    });
  });
  // Awaited by whoever wants the answer; a stopped check's rejection is nobody's concern.
  result.catch(() => undefined);
  return { result, stop: () => void worker.terminate() };
}
