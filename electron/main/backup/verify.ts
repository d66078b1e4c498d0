/**
 * Verify: re-read every object a snapshot references (each object once, however many snapshots share it),
 * authenticate it (GCM tag, or the stored hash in a plain vault) and check it hashes to its own name and has the
 * size the manifest says. The report names every missing or damaged object and the files it breaks.
 */
import type { ObjectProblem, VerifiedSnapshot, VerifyReport } from '../../../shared/ipc/channels/backup';
import { AppError } from '../../../shared/ipc/errors';
import type { HeldLock } from './files';
import { manifestObjects, storedBytesOf, type ManifestChunk, type SnapshotManifest } from './manifest';
import { quietSteps, type WorkSteps } from './steps';
import { TaskQueue } from './taskQueue';
import { ManifestReadError, ObjectReadError, type Vault } from './vault';

export interface VerifyOptions {
  /** Snapshots to check; all when left out. */
  snapshotIds?: string[] | undefined;
  /**
   * Objects to re-read when only part of the data needs reading (the check right after a backup re-reads what
   * that backup wrote); every other object is checked for presence and size. Left out: re-read everything.
   */
  readOnly?: ReadonlySet<string> | undefined;
  /** Move damaged objects to quarantine/ so the next backup writes them again. */
  quarantine?: boolean | undefined;
  steps?: WorkSteps | undefined;
}

const objectsInFlight = 4;

export async function verifyVault(vault: Vault, options: VerifyOptions = {}): Promise<VerifyReport> {
  const startedAt = Date.now();
  const steps = options.steps ?? quietSteps;
  const ids = options.snapshotIds ?? vault.listSnapshotIds();
  const manifests: SnapshotManifest[] = [];
  const results = new Map<string, VerifiedSnapshot>();
  for (const id of ids) {
    const result: VerifiedSnapshot = {
      id,
      ok: true,
      manifestProblem: null,
      missingObjects: [],
      damagedObjects: [],
      affectedFiles: [],
    };
    results.set(id, result);
    try {
      manifests.push(vault.readManifest(id));
    } catch (error) {
      if (!(error instanceof ManifestReadError)) throw error;
      result.ok = false;
      result.manifestProblem = error.reason;
    }
  }

  const expected = new Map<string, ManifestChunk>();
  for (const manifest of manifests)
    for (const [name, chunk] of manifestObjects(manifest)) expected.set(name, chunk);
  const totalBytes = [...expected.values()].reduce((sum, [, size]) => sum + size, 0);
  const storedBytes = (chunk: ManifestChunk) => storedBytesOf(chunk, vault.encrypted);
  const problems = new Map<string, ObjectProblem>();
  let bytesRead = 0;
  let done = 0;
  let objectsChecked = 0;
  steps.progress(0, totalBytes, 'backup.steps.verify');
  const reads = new TaskQueue(objectsInFlight);
  let statChecks = 0;
  const counted = (size: number) => {
    objectsChecked += 1;
    done += size;
    steps.progress(done, totalBytes, 'backup.steps.verify');
  };
  const noteProblem = (error: unknown) => {
    if (!(error instanceof ObjectReadError)) throw error;
    problems.set(error.object, error.problem);
  };
  try {
    for (const [name, chunk] of expected) {
      const [, size, recordedBytes] = chunk;
      steps.throwIfCancelled();
      if (!options.readOnly || options.readOnly.has(name)) {
        // A few objects are read at once on the thread pool while this thread decrypts and hashes those read.
        await reads.room();
        reads.add(
          vault
            .readObject(name, size, recordedBytes)
            .then(() => {
              bytesRead += storedBytes(chunk);
            }, noteProblem)
            .then(() => counted(size)),
        );
        continue;
      }
      try {
        const stored = vault.objectSize(name);
        if (stored === 0 && storedBytes(chunk) !== 0)
          throw new ObjectReadError(name, vault.hasObject(name) ? 'truncated' : 'missing');
        if (stored !== storedBytes(chunk)) throw new ObjectReadError(name, 'truncated');
      } catch (error) {
        noteProblem(error);
      }
      counted(size);
      if ((statChecks += 1) % 64 === 0) await steps.yieldToLoop();
    }
  } finally {
    // Cancelled or failed: the reads still running finish before the verify returns.
    await reads.settle();
  }
  await reads.drain();

  for (const manifest of manifests) {
    const result = results.get(manifest.id)!;
    const missing = new Set<string>();
    const damaged = new Set<string>();
    for (const file of manifest.files) {
      let affected = false;
      for (const [name] of file.chunks) {
        const problem = problems.get(name);
        if (!problem) continue;
        affected = true;
        (problem === 'missing' ? missing : damaged).add(name);
      }
      if (affected) result.affectedFiles.push(file.path);
    }
    result.missingObjects = [...missing];
    result.damagedObjects = [...damaged];
    result.ok = missing.size === 0 && damaged.size === 0;
  }

  const quarantined: string[] = [];
  const damaged = [...problems].filter(([, problem]) => problem !== 'missing').map(([name]) => name);
  if (options.quarantine && damaged.length > 0) {
    // Moving objects is a write: only while no backup or prune holds the vault (else the next verify does it).
    let lock: HeldLock | null = null;
    try {
      lock = vault.lock('verify');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
    try {
      for (const name of lock ? damaged : []) {
        vault.quarantineObject(name);
        quarantined.push(name);
      }
    } finally {
      lock?.release();
    }
  }
  const snapshots = [...results.values()];
  return {
    ok: snapshots.every((snapshot) => snapshot.ok),
    mode: options.readOnly ? 'quick' : 'full',
    snapshots,
    objectsChecked,
    bytesRead,
    problems: [...problems].map(([object, problem]) => ({ object, problem })),
    quarantined,
    durationMs: Date.now() - startedAt,
  };
}
