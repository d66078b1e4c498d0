/**
 * One backup run: take the snapshot under the vault's writer lock, verify it at once, and when that finds objects
 * missing or damaged (a bad disk sector, an object that rotted since an earlier snapshot wrote it) write them
 * again from the sources still at hand, which also repairs every older snapshot sharing them.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupRunResult, VerifyReport } from '../../../shared/ipc/channels/backup';
import { sha256 } from './crypto';
import { fsyncDirectory, writeFileAtomic } from './files';
import { baseOf, manifestObjects, summarizeManifest, type ManifestChunk } from './manifest';
import { writeSnapshot, type SnapshotOptions, type WrittenSnapshot } from './snapshot';
import { quietSteps } from './steps';
import { verifyVault } from './verify';
import { ObjectReadError, type Vault } from './vault';

function readChunk(source: string, offset: number, size: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(source, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, buffer, filled, size - filled, offset + filled);
      if (read === 0) return null;
      filled += read;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/** The plaintext of a delta's base, to seal it again against; null when the base cannot be read. */
async function readBase(
  vault: Vault,
  objects: ReadonlyMap<string, ManifestChunk>,
  base: string,
): Promise<Buffer | null> {
  const entry = objects.get(base);
  try {
    return await vault.readObject(base, entry?.[1], entry?.[2], objects);
  } catch (error) {
    if (error instanceof ObjectReadError) return null;
    throw error;
  }
}

/**
 * Writes again the snapshot's objects the report found bad; returns how many it could restore from the sources.
 * Sealing is deterministic but for the nonce, so the new object has the size this run's manifest recorded: a delta
 * is sealed again against the same base. A delta whose base is bad is left as it is (only its base could heal it).
 */
async function healObjects(vault: Vault, written: WrittenSnapshot, report: VerifyReport): Promise<number> {
  const bad = new Set(
    report.problems.filter((problem) => problem.problem !== 'base').map((problem) => problem.object),
  );
  const objects = manifestObjects(written.manifest);
  let healed = 0;
  for (const file of written.manifest.files) {
    const source = written.sources.get(file.path);
    let offset = 0;
    for (const entry of file.chunks) {
      const [name, size] = entry;
      if (bad.has(name) && source) {
        const chunk = readChunk(source, offset, size);
        const hash = chunk ? sha256(chunk) : null;
        const baseName = baseOf(entry);
        const base = baseName === undefined ? undefined : await readBase(vault, objects, baseName);
        if (chunk && hash && vault.objectName(hash) === name && base !== null) {
          const sealed = await vault.sealChunk(
            chunk,
            hash,
            base && baseName !== undefined ? { name: baseName, plaintext: base } : undefined,
            true,
          );
          vault.quarantineObject(name);
          const newFolder = vault.prepareObjectFolder(name);
          writeFileAtomic(vault.objectPath(name), sealed.frame, vault.tempDir);
          if (newFolder) fsyncDirectory(join(vault.dir, 'objects'));
          bad.delete(name);
          written.newObjects.add(name);
          healed += 1;
        }
      }
      offset += size;
    }
  }
  return healed;
}

export async function backupWorkspace(vault: Vault, options: SnapshotOptions): Promise<BackupRunResult> {
  const steps = options.steps ?? quietSteps;
  const lock = vault.lock('backup');
  try {
    vault.upgradeFormat(lock);
    const written = await writeSnapshot(vault, lock, { ...options, steps });
    try {
      const check = () =>
        verifyVault(vault, { snapshotIds: [written.manifest.id], readOnly: written.newObjects, steps });
      let verify = await check();
      let healedObjects = 0;
      if (!verify.ok) {
        healedObjects = await healObjects(vault, written, verify);
        if (healedObjects > 0) verify = await check();
      }
      return { snapshot: { ...summarizeManifest(written.manifest), verified: null }, verify, healedObjects };
    } finally {
      written.cleanup();
    }
  } finally {
    lock.release();
  }
}
