/**
 * Delta objects: a database chunk that changed by a few pages is stored as a delta against the previous snapshot's
 * chunk at its place; chains stay bounded; verify rebuilds deltas and names a damaged base and what it breaks;
 * prune keeps the bases kept snapshots need; restore rebuilds every chunk byte for byte.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import {
  expandDataKey,
  frameIsDelta,
  SealedFrameError,
  sealParts,
  sha256,
  unseal,
} from '../../../electron/main/backup/crypto';
import {
  applyDelta,
  deltaRecord,
  maxDeltaDepth,
  parseDeltaRecord,
} from '../../../electron/main/backup/delta';
import {
  baseOf,
  chainOf,
  manifestObjects,
  type ManifestChunk,
  type SnapshotManifest,
} from '../../../electron/main/backup/manifest';
import { restoreSnapshot } from '../../../electron/main/backup/restore';
import { pruneVault } from '../../../electron/main/backup/retention';
import { databaseChunkBytes, ObjectWriter } from '../../../electron/main/backup/snapshot';
import { Vault } from '../../../electron/main/backup/vault';
import { verifyVault } from '../../../electron/main/backup/verify';
import { makeTempDir } from '../../support/tempWorkspace';
import { addImportFile, addMessages, makeWorkspace, testPassphrase, testScrypt } from './fixtures';

const pageBytes = 4096;
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A database chunk (1 MB, 256 pages) of text that compresses about as database pages do, each page different. */
function textChunk(seed: number): Buffer {
  const words = ['群', '会员', 'member', 'message', '今晚八点', 'live', '报名', 'group', 'notice', '接龙'];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  const chunk = Buffer.alloc(databaseChunkBytes);
  for (let page = 0; page < databaseChunkBytes / pageBytes; page += 1) {
    let text = `page ${page} `;
    while (Buffer.byteLength(text) < pageBytes) text += `${words[next() % words.length]}${next() % 1000} `;
    Buffer.from(text).copy(chunk, page * pageBytes, 0, pageBytes);
  }
  return chunk;
}

/** The chunk with a few bytes of one page changed (a row updated in place). */
function touchPage(chunk: Buffer, page: number, stamp: number): Buffer {
  const changed = Buffer.from(chunk);
  changed.write(`changed ${stamp} `, page * pageBytes + 100);
  return changed;
}

const vaultModes = [
  ['encrypted', true],
  ['plain', false],
] as const;

async function makeVault(dir: string, encrypted: boolean): Promise<Vault> {
  return (
    await Vault.create(
      dir,
      encrypted ? { passphrase: testPassphrase, scrypt: testScrypt } : { allowUnencrypted: true },
    )
  ).vault;
}

describe('delta records', () => {
  it('rebuild the chunk from its base, whatever their lengths', () => {
    const base = textChunk(1);
    const chunk = touchPage(base, 3, 7);
    const record = deltaRecord(chunk, base, 'ab'.repeat(32));
    const parsed = parseDeltaRecord(record);
    expect(parsed.baseName).toBe('ab'.repeat(32));
    expect(applyDelta(parsed, base).equals(chunk)).toBe(true);
    // Unchanged pages are copies: only the changed bytes are literals.
    expect(parsed.literals.length).toBeLessThan(100);
    const rebuilt = (data: Buffer, from: Buffer) =>
      applyDelta(parseDeltaRecord(deltaRecord(data, from, 'cd'.repeat(32))), from);
    const short = chunk.subarray(0, 1000 + 3);
    expect(rebuilt(short, base).equals(short)).toBe(true);
    const longer = Buffer.concat([chunk, Buffer.from('tail')]);
    expect(rebuilt(longer, base).equals(longer)).toBe(true);
    expect(rebuilt(chunk, Buffer.alloc(0)).equals(chunk)).toBe(true);
    // Cells moved within a page and between pages (SQLite defragmenting and balancing) are found as copies.
    const moved = Buffer.from(base);
    base.copy(moved, 5 * pageBytes + 10, 5 * pageBytes + 300, 6 * pageBytes - 200);
    base.copy(moved, 9 * pageBytes, 30 * pageBytes, 31 * pageBytes);
    const movedRecord = parseDeltaRecord(deltaRecord(moved, base, 'cd'.repeat(32)));
    expect(movedRecord.literals.length).toBeLessThan(100);
    expect(applyDelta(movedRecord, base).equals(moved)).toBe(true);
    // Random data both ways.
    const noise = randomBytes(databaseChunkBytes);
    expect(rebuilt(noise, base).equals(noise)).toBe(true);
    expect(rebuilt(base, noise).equals(base)).toBe(true);
    // Ops that do not fit are refused, not followed outside the base.
    expect(() => applyDelta(parsed, base.subarray(0, 1000))).toThrow(SealedFrameError);
  });

  it('a delta frame never opens as a manifest or an archive record would', () => {
    const keys = expandDataKey(randomBytes(32), 'vault-uuid');
    const chunk = textChunk(2);
    const frame = Buffer.concat(
      sealParts(
        deltaRecord(chunk, textChunk(3), 'ab'.repeat(32)),
        keys,
        'object:x',
        sha256(chunk),
        undefined,
        true,
      ),
    );
    expect(frameIsDelta(frame)).toBe(true);
    expect(() => unseal(frame, keys, 'object:x')).toThrow(SealedFrameError);
  });
});

describe('the object writer', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir('qundesk-delta-writer-');
  });
  afterEach(() => temp.remove());

  it.each(vaultModes)(
    'in a %s vault stores a chunk with a few changed pages as a small delta, bounds chains, and stores whole what changed throughout',
    async (_mode, encrypted) => {
      const vault = await makeVault(join(temp.dir, 'vault'), encrypted);
      const lock = vault.lock('test');
      try {
        let previous: ManifestChunk | undefined;
        const entries: ManifestChunk[] = [];
        const versions: Buffer[] = [];
        let chunk = textChunk(10);
        for (let version = 0; version <= maxDeltaDepth + 2; version += 1) {
          if (version > 0) chunk = touchPage(chunk, version % 64, version);
          // One writer per run, as each backup has, knowing what the previous ones wrote.
          const writer = new ObjectWriter(vault, lock, new Map(entries.map((entry) => [entry[0], entry])));
          const entry = await writer.put(chunk, previous);
          await writer.flush();
          entries.push(entry);
          versions.push(chunk);
          previous = entry;
        }
        const whole = entries[0]!;
        expect(baseOf(whole)).toBeUndefined();
        const known = new Map(entries.map((entry) => [entry[0], entry]));
        // Deltas, each against the one before, down to a chain of maxDeltaDepth deltas; then whole again.
        for (let version = 1; version <= maxDeltaDepth; version += 1) {
          const entry = entries[version]!;
          expect(baseOf(entry)).toBe(entries[version - 1]![0]);
          expect(chainOf(entry[0], known)).toHaveLength(version + 1);
          expect(entry[2]).toBeLessThan(whole[2]! / 10);
          expect(frameIsDelta(readFileSync(vault.objectPath(entry[0])))).toBe(true);
        }
        expect(baseOf(entries[maxDeltaDepth + 1]!)).toBeUndefined();
        expect(frameIsDelta(readFileSync(vault.objectPath(entries[maxDeltaDepth + 1]![0])))).toBe(false);
        expect(baseOf(entries[maxDeltaDepth + 2]!)).toBe(entries[maxDeltaDepth + 1]![0]);
        // Every version reads back exactly, the deepest through its whole chain.
        for (const [index, entry] of entries.entries()) {
          const read = await vault.readObjectChain(entry[0], entry[1], entry[2], known);
          expect(read.plaintext!.equals(versions[index]!)).toBe(true);
          expect(read.chain).toEqual(chainOf(entry[0], known));
        }

        // A chunk that changed throughout is stored whole, its old self notwithstanding.
        const writer = new ObjectWriter(vault, lock, known);
        const rewritten = await writer.put(textChunk(99), previous);
        await writer.flush();
        expect(baseOf(rewritten)).toBeUndefined();
        expect(writer.deltaObjects).toBe(0);
      } finally {
        lock.release();
      }
    },
  );
});

describe('backups with delta objects', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let ws: ReturnType<typeof makeWorkspace>;
  beforeEach(() => {
    temp = makeTempDir('qundesk-delta-');
    ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 4000, importSizes: [20_000] });
  });
  afterEach(() => {
    ws.close();
    temp.remove();
  });

  const databaseFile = () => join(ws.dir, 'qundesk.db');
  const databaseOf = (manifest: SnapshotManifest) =>
    manifest.files.find((file) => file.path === 'qundesk.db')!;
  let day = 0;
  /** A few new messages: a few pages change, here and there in the database. */
  const touchDatabase = () => addMessages(ws.db, ws.groupIds[0]!, 5, Date.UTC(2024, 6, 1 + (day += 1)));
  const backup = async (vault: Vault) => {
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    expect(result.verify.ok).toBe(true);
    // The snapshot is the database file as it is now (the backup checkpointed it; nothing wrote since).
    return { ...result, databaseSha: sha(readFileSync(databaseFile())) };
  };

  /** Restores the snapshot into `folder` (under the test's temp dir): complete, its database byte for byte. */
  const expectRestoredExactly = async (vault: Vault, id: string, databaseSha: string, folder: string) => {
    const restored = await restoreSnapshot(vault, id, join(temp.dir, folder));
    expect(restored.complete).toBe(true);
    expect(sha(readFileSync(join(restored.target, 'qundesk.db')))).toBe(databaseSha);
  };

  it.each(vaultModes)(
    'a %s vault: changed chunks become deltas, chains stay bounded, and every snapshot restores byte for byte',
    async (_mode, encrypted) => {
      const vault = await makeVault(join(temp.dir, 'vault'), encrypted);
      const snapshots: { id: string; databaseSha: string }[] = [];
      const first = await backup(vault);
      snapshots.push({ id: first.snapshot.id, databaseSha: first.databaseSha });
      expect(vault.readManifest(first.snapshot.id).version).toBe(2);
      let deltaChunks = 0;
      for (let run = 0; run < maxDeltaDepth + 3; run += 1) {
        touchDatabase();
        const next = await backup(vault);
        snapshots.push({ id: next.snapshot.id, databaseSha: next.databaseSha });
        const manifest = vault.readManifest(next.snapshot.id);
        const objects = manifestObjects(manifest);
        for (const chunk of databaseOf(manifest).chunks) {
          const chain = chainOf(chunk[0], objects);
          expect(chain).not.toBeNull();
          expect(chain!.length).toBeLessThanOrEqual(maxDeltaDepth + 1);
          if (baseOf(chunk) !== undefined && next.snapshot.newObjects > 0) deltaChunks += 1;
        }
        if (run === 0) {
          // The first change: deltas against the first snapshot's chunks, much smaller than those.
          expect(manifest.version).toBe(3);
          const changed = databaseOf(manifest).chunks.filter((chunk) => baseOf(chunk) !== undefined);
          expect(changed.length).toBeGreaterThan(0);
          const firstObjects = manifestObjects(vault.readManifest(first.snapshot.id));
          let deltaBytes = 0;
          let baseBytes = 0;
          for (const chunk of changed) {
            expect(firstObjects.has(baseOf(chunk)!)).toBe(true);
            deltaBytes += chunk[2]!;
            baseBytes += firstObjects.get(baseOf(chunk)!)![2]!;
          }
          expect(deltaBytes).toBeLessThan(baseBytes / 2);
        }
      }
      expect(deltaChunks).toBeGreaterThan(0);
      // The longest chain reaches the bound: some chunk changed every time.
      const last = vault.readManifest(snapshots.at(-1)!.id);
      const objects = manifestObjects(last);
      const longest = Math.max(...[...objects.keys()].map((name) => chainOf(name, objects)!.length));
      expect(longest).toBeGreaterThan(2);
      expect(longest).toBeLessThanOrEqual(maxDeltaDepth + 1);

      const full = await verifyVault(vault);
      expect(full.ok).toBe(true);
      expect(full.problems).toEqual([]);
      for (const [index, { id, databaseSha }] of snapshots.entries()) {
        if (index % 3 !== 0 && index !== snapshots.length - 1) continue;
        await expectRestoredExactly(vault, id, databaseSha, `restored-${index}`);
      }
    },
  );

  it('verify names a damaged base and the deltas it leaves unverifiable; restore says which object broke', async () => {
    const vault = await makeVault(join(temp.dir, 'vault'), true);
    const first = await backup(vault);
    touchDatabase();
    const second = await backup(vault);
    const manifest = vault.readManifest(second.snapshot.id);
    const delta = databaseOf(manifest).chunks.find((chunk) => baseOf(chunk) !== undefined)!;
    expect(delta).toBeDefined();
    const base = baseOf(delta)!;
    // The base is an object of the first snapshot only: the second names it among its bases.
    expect(manifest.bases?.map(([name]) => name)).toContain(base);
    const bytes = readFileSync(vault.objectPath(base));
    bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 0x01;
    writeFileSync(vault.objectPath(base), bytes);

    const report = await verifyVault(vault);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ object: base, problem: 'authentication' });
    expect(report.problems).toContainEqual({ object: delta[0], problem: 'base' });
    // Only the base and the deltas stored against it.
    for (const { object, problem } of report.problems)
      if (object !== base) expect(problem, object).toBe('base');
    const [firstResult, secondResult] = report.snapshots;
    expect(firstResult).toMatchObject({
      id: first.snapshot.id,
      ok: false,
      damagedObjects: [base],
      affectedFiles: ['qundesk.db'],
    });
    expect(secondResult).toMatchObject({
      id: second.snapshot.id,
      ok: false,
      missingObjects: [],
      damagedObjects: [base],
      affectedFiles: ['qundesk.db'],
    });

    const restored = await restoreSnapshot(vault, second.snapshot.id, join(temp.dir, 'restored'));
    expect(restored.complete).toBe(false);
    expect(restored.failedFiles).toHaveLength(1);
    expect(restored.failedFiles[0]!.path).toBe('qundesk.db');
    expect(restored.failedFiles[0]!.objects).toEqual(expect.arrayContaining([base, delta[0]]));
    expect(restored.restoredFiles).toBe(1);

    // Quarantine moves the damaged base aside, never a delta that is itself sound.
    const quarantined = await verifyVault(vault, { quarantine: true });
    expect(quarantined.quarantined).toEqual([base]);
    expect(vault.hasObject(delta[0])).toBe(true);
    // The next backup does not build on the broken chain: it stores the chunk whole again and is whole itself.
    const third = await backup(vault);
    const thirdObjects = manifestObjects(vault.readManifest(third.snapshot.id));
    expect(thirdObjects.has(base)).toBe(false);
    await expectRestoredExactly(vault, third.snapshot.id, third.databaseSha, 'restored-third');
  });

  it('a delta damaged itself is named on its own (its base is fine)', async () => {
    const vault = await makeVault(join(temp.dir, 'vault'), false);
    await backup(vault);
    touchDatabase();
    const second = await backup(vault);
    const delta = databaseOf(vault.readManifest(second.snapshot.id)).chunks.find(
      (chunk) => baseOf(chunk) !== undefined,
    )!;
    // A plain vault: a byte of the compressed delta record, just past the stored hash (nothing authenticates it).
    const bytes = readFileSync(vault.objectPath(delta[0]));
    bytes[45] = bytes[45]! ^ 0x10;
    writeFileSync(vault.objectPath(delta[0]), bytes);
    const report = await verifyVault(vault);
    expect(report.problems).toEqual([{ object: delta[0], problem: 'hash' }]);
    expect(report.snapshots[0]!.ok).toBe(true);
    expect(report.snapshots[1]).toMatchObject({ ok: false, damagedObjects: [delta[0]] });
  });

  it('prune keeps the bases of kept snapshots, deletes what nothing needs, and the kept snapshot restores', async () => {
    const vault = await makeVault(join(temp.dir, 'vault'), true);
    const onlyFirst = addImportFile(ws.dir, 30_000);
    const first = await backup(vault);
    const onlyFirstObject = vault
      .readManifest(first.snapshot.id)
      .files.find((file) => file.path === onlyFirst)!.chunks[0]![0];
    rmSync(join(ws.dir, onlyFirst));
    touchDatabase();
    const second = await backup(vault);
    const secondManifest = vault.readManifest(second.snapshot.id);
    const bases = secondManifest.bases ?? [];
    expect(bases.length).toBeGreaterThan(0);

    const report = await pruneVault(vault, { keepDaily: 0, keepWeekly: 0, keepMonthly: 0 });
    expect(report.removed).toEqual([first.snapshot.id]);
    expect(report.objectsDeleted).toBeGreaterThan(0);
    expect(vault.hasObject(onlyFirstObject)).toBe(false);
    for (const [name] of bases) expect(vault.hasObject(name)).toBe(true);
    expect((await verifyVault(vault)).ok).toBe(true);
    await expectRestoredExactly(vault, second.snapshot.id, second.databaseSha, 'restored');

    // The next backup builds on the pruned vault: its manifest still names every base it needs.
    touchDatabase();
    const third = await backup(vault);
    const thirdObjects = manifestObjects(vault.readManifest(third.snapshot.id));
    for (const entry of thirdObjects.values()) {
      const base = baseOf(entry);
      if (base !== undefined) expect(thirdObjects.has(base)).toBe(true);
    }
    await pruneVault(vault, { keepDaily: 0, keepWeekly: 0, keepMonthly: 0 });
    expect((await verifyVault(vault)).ok).toBe(true);
    await expectRestoredExactly(vault, third.snapshot.id, third.databaseSha, 'restored-third');
  });

  it('a manifest that leaves out a base its deltas need does not read', async () => {
    const vault = await makeVault(join(temp.dir, 'vault'), true);
    await backup(vault);
    touchDatabase();
    const second = await backup(vault);
    const manifest = vault.readManifest(second.snapshot.id);
    expect(manifest.bases?.length).toBeGreaterThan(0);
    vault.writeManifest({ ...manifest, bases: [] });
    expect(() => vault.readManifest(second.snapshot.id)).toThrow(/manifestDamaged/);
  });
});
