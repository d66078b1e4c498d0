/**
 * Verify: re-read every object a snapshot references (each object once, however many snapshots share it),
 * authenticate it (GCM tag, or the stored hash in a plain vault) and check it hashes to its own name and has the
 * size the manifest says. The report names every missing or damaged object and the files it breaks.
 *
 * A delta object is checked by rebuilding its chunk from its base's plaintext. A full verify walks each chain from
 * the whole object it starts from, holding only the plaintexts down the chain being walked, so every object is still
 * read once. A delta whose base is missing or damaged cannot be checked: it is reported with problem 'base' (beside
 * the base's own problem), unless its own frame already fails.
 */
import type { ObjectProblem, VerifiedSnapshot, VerifyReport } from '../../../shared/ipc/channels/backup';
import { AppError } from '../../../shared/ipc/errors';
import type { HeldLock } from './files';
import {
  baseOf,
  manifestObjects,
  storedBytesOf,
  type ManifestChunk,
  type SnapshotManifest,
} from './manifest';
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
  /** Notes an object's problem and, for 'base', those down its chain (a 'base' never hides the object's own). */
  const noteProblem = (error: unknown) => {
    if (!(error instanceof ObjectReadError)) throw error;
    for (let found: ObjectReadError | undefined = error; found; found = found.baseError) {
      if (found.problem !== 'base' || !problems.has(found.object)) problems.set(found.object, found.problem);
    }
  };
  const checked = new Set<string>();
  const dependants = new Map<string, string[]>();
  for (const [name, chunk] of expected) {
    const base = baseOf(chunk);
    if (base === undefined || !expected.has(base)) continue;
    const list = dependants.get(base);
    if (list) list.push(name);
    else dependants.set(base, [name]);
  }
  /**
   * Reads an object on its own (a delta through its chain of bases, read from disk); its plaintext is kept only for
   * the deltas stored against it.
   */
  const readAlone = (name: string, chunk: ManifestChunk) =>
    vault.readObjectChain(name, chunk[1], chunk[2], expected, dependants.has(name)).then(
      ({ plaintext }) => {
        bytesRead += storedBytes(chunk);
        return plaintext;
      },
      (error: unknown) => {
        noteProblem(error);
        return null;
      },
    );
  /**
   * Checks the deltas stored against `base` (whose plaintext is given, null when it could not be read), then theirs
   * in turn: one plaintext held per level of the chain.
   */
  const checkDependants = async (base: string, basePlaintext: Buffer | null): Promise<void> => {
    for (const name of dependants.get(base) ?? []) {
      if (checked.has(name)) continue;
      checked.add(name);
      steps.throwIfCancelled();
      const chunk = expected.get(name)!;
      let plaintext: Buffer | null = null;
      try {
        const opened = await vault.openObject(name, chunk[1], chunk[2], dependants.has(name));
        if (opened.kind === 'whole') plaintext = opened.plaintext;
        // Stored against another base than the manifest records: nothing keeps that one from being pruned.
        else if (opened.delta.baseName !== base) throw new ObjectReadError(name, 'format');
        else if (basePlaintext === null) problems.set(name, 'base');
        else plaintext = vault.completeDelta(name, opened, basePlaintext);
        bytesRead += storedBytes(chunk);
      } catch (error) {
        noteProblem(error);
      }
      counted(chunk[1]);
      await checkDependants(name, plaintext);
    }
  };
  try {
    for (const [name, chunk] of expected) {
      const [, size] = chunk;
      steps.throwIfCancelled();
      if (!options.readOnly) {
        // Each chain from the whole object it starts from; the deltas down it are checked by `checkDependants`.
        const base = baseOf(chunk);
        if (checked.has(name) || (base !== undefined && expected.has(base))) continue;
        checked.add(name);
        // A few chains at once: read on the thread pool, decrypted, unpacked and hashed on the frame workers.
        await reads.room();
        reads.add(
          readAlone(name, chunk).then(async (plaintext) => {
            counted(size);
            await checkDependants(name, plaintext);
          }),
        );
        continue;
      }
      if (options.readOnly.has(name)) {
        await reads.room();
        reads.add(readAlone(name, chunk).then(() => counted(size)));
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
    await reads.drain();
    // Objects no chain walk reached (their bases loop): each on its own, as far as it reads.
    if (!options.readOnly) {
      for (const [name, chunk] of expected) {
        if (checked.has(name)) continue;
        checked.add(name);
        await reads.room();
        reads.add(readAlone(name, chunk).then(() => counted(chunk[1])));
      }
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
        // The chunk's object and the bases down its chain: a problem with any of them breaks the file.
        const unreadable: string[] = [];
        let named = false;
        const seen = new Set<string>();
        for (let object: string | undefined = name; object !== undefined && !seen.has(object);) {
          seen.add(object);
          const problem = problems.get(object);
          if (problem === 'base') unreadable.push(object);
          else if (problem) {
            (problem === 'missing' ? missing : damaged).add(object);
            named = true;
          }
          const entry = expected.get(object);
          object = entry ? baseOf(entry) : undefined;
        }
        // A delta that cannot be rebuilt, its base's problem not found down the recorded chain: name it.
        if (!named) for (const object of unreadable) damaged.add(object);
        if (named || unreadable.length > 0) affected = true;
      }
      if (affected) result.affectedFiles.push(file.path);
    }
    result.missingObjects = [...missing];
    result.damagedObjects = [...damaged];
    result.ok = missing.size === 0 && damaged.size === 0;
  }

  const quarantined: string[] = [];
  // An object that cannot be checked for want of its base is not known to be damaged: it stays where it is.
  const damaged = [...problems]
    .filter(([, problem]) => problem !== 'missing' && problem !== 'base')
    .map(([name]) => name);
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
