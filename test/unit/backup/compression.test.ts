/**
 * Compressed objects: chunks that compress are stored compressed with Zstandard (chat exports, database pages), others
 * as they are; both read back exactly; damage to a compressed object is still named; a vault written before
 * compression existed (version 1 manifests, plain-size frames) or with Brotli objects (version 1 vaults) still
 * verifies, restores and has its objects reused, and its next backup raises its format version.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, zstdCompressSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import {
  expandDataKey,
  frameCodec,
  frameIsCompressed,
  maxFramePlaintextBytes,
  SealedFrameError,
  seal,
  sealParts,
  sha256,
  unseal,
  type VaultKeys,
} from '../../../electron/main/backup/crypto';
import type { SnapshotManifest } from '../../../electron/main/backup/manifest';
import { restoreSnapshot } from '../../../electron/main/backup/restore';
import { Vault } from '../../../electron/main/backup/vault';
import { verifyVault } from '../../../electron/main/backup/verify';
import type { Workspace } from '../../../electron/main/services/workspace';
import { makeTempDir } from '../../support/tempWorkspace';
import { makeWorkspace, testPassphrase, testScrypt } from './fixtures';

/** A raw chat export as the import feature keeps it (`imports/<sha256>`): text that compresses well. */
function addTextImport(workspaceDir: string, lines: number): string {
  const rows = Array.from(
    { length: lines },
    (_, i) =>
      `${i},wxid_${i % 97},1,0,0,${1_700_000_000 + i * 7},2,"今晚八点直播第${i}期，记得准时参加",,成员${i % 97}`,
  );
  const data = Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8');
  const name = createHash('sha256').update(data).digest('hex');
  mkdirSync(join(workspaceDir, 'imports'), { recursive: true });
  writeFileSync(join(workspaceDir, 'imports', name), data);
  return `imports/${name}`;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Rewrites every object of a snapshot the way an earlier version wrote it: `reseal` frames each object's plaintext
 * again. Returns each object's new file size.
 */
function rewriteObjects(
  vault: Vault,
  manifest: SnapshotManifest,
  reseal: (plaintext: Buffer, hash: Buffer, keys: VaultKeys, context: string) => Buffer,
): Map<string, number> {
  const keys = expandDataKey(vault.dataKey!, vault.uuid);
  const sizes = new Map<string, number>();
  for (const file of manifest.files) {
    for (const [name] of file.chunks) {
      const path = vault.objectPath(name);
      const { plaintext, hash } = unseal(readFileSync(path), keys, `object:${name}`);
      const frame = reseal(plaintext, hash, keys, `object:${name}`);
      writeFileSync(path, frame);
      sizes.set(name, frame.length);
    }
  }
  return sizes;
}

describe('sealed frames with compression', () => {
  const keys = expandDataKey(randomBytes(32), 'vault-uuid');
  const text = Buffer.from('群公告：本周六线下活动，报名请接龙。'.repeat(2000), 'utf8');

  const codecs = [
    ['zstd', zstdCompressSync],
    ['brotli', brotliCompressSync],
  ] as const;

  it.each([
    ['encrypted', keys, ...codecs[0]],
    ['plain', null, ...codecs[0]],
    ['encrypted', keys, ...codecs[1]],
    ['plain', null, ...codecs[1]],
  ] as const)(
    'a compressed %s frame opens to the plaintext, and is marked with its codec (%s)',
    (_mode, frameKeys, codec, compress) => {
      const packed = { codec, bytes: compress(text) };
      const frame = Buffer.concat(sealParts(text, frameKeys, 'object:x', sha256(text), packed));
      expect(frameIsCompressed(frame)).toBe(true);
      expect(frameCodec(frame)).toBe(codec);
      expect(frame.length).toBeLessThan(text.length / 10);
      const opened = unseal(frame, frameKeys, 'object:x');
      expect(opened.plaintext.equals(text)).toBe(true);
      expect(opened.hash.equals(sha256(text))).toBe(true);
      // Frames sealed without compression (as before it existed) still open.
      const plainFrame = seal(text, frameKeys, 'object:x');
      expect(frameIsCompressed(plainFrame)).toBe(false);
      expect(unseal(plainFrame, frameKeys, 'object:x').plaintext.equals(text)).toBe(true);
    },
  );

  it.each(codecs)(
    'damage to a compressed plain frame (%s) is named, and a forged one cannot unpack beyond any chunk',
    (codec, compress) => {
      const frame = Buffer.concat(
        sealParts(text, null, 'object:x', sha256(text), { codec, bytes: compress(text) }),
      );
      frame[frame.length - 5] = frame[frame.length - 5]! ^ 0x40;
      expect(() => unseal(frame, null, 'object:x')).toThrow(SealedFrameError);
      const bomb = Buffer.alloc(maxFramePlaintextBytes + 1024);
      const forged = Buffer.concat(
        sealParts(bomb, null, 'object:x', sha256(bomb), { codec, bytes: compress(bomb) }),
      );
      expect(forged.length).toBeLessThan(100_000);
      expect(() => unseal(forged, null, 'object:x')).toThrow(expect.objectContaining({ problem: 'hash' }));
    },
  );

  it('a frame marked with both codecs is not a frame', () => {
    const frame = seal(text, null, 'object:x');
    frame[4] = 2 | 8;
    expect(() => unseal(frame, null, 'object:x')).toThrow(expect.objectContaining({ problem: 'format' }));
  });
});

describe('compressed backups', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let ws: Workspace;
  let textImport: string;
  beforeEach(() => {
    temp = makeTempDir('qundesk-compression-');
    ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 2000, importSizes: [300_000] });
    textImport = addTextImport(ws.dir, 60_000);
  });
  afterEach(() => {
    ws.close();
    temp.remove();
  });

  it.each([
    ['encrypted', true],
    ['plain', false],
  ] as const)(
    'a %s vault stores text compressed, pictures as they are, and restores both exactly',
    async (_, encrypted) => {
      const { vault } = await Vault.create(
        join(temp.dir, 'vault'),
        encrypted ? { passphrase: testPassphrase, scrypt: testScrypt } : { allowUnencrypted: true },
      );
      const { snapshot, verify } = await backupWorkspace(vault, {
        workspaceDir: ws.dir,
        db: ws.db,
        kind: 'manual',
      });
      expect(verify.ok).toBe(true);
      const manifest = vault.readManifest(snapshot.id);
      const text = manifest.files.find((file) => file.path === textImport)!;
      const random = manifest.files.find(
        (file) => file.path !== textImport && file.path.startsWith('imports/'),
      )!;
      const storedOf = (file: typeof text) => file.chunks.reduce((sum, chunk) => sum + chunk[2]!, 0);
      // Every chunk records the size its object file holds, and that is what is on disk.
      for (const file of manifest.files)
        for (const [name, , stored] of file.chunks)
          expect(statSync(vault.objectPath(name)).size).toBe(stored);
      expect(storedOf(text)).toBeLessThan(text.size / 4);
      expect(storedOf(random)).toBeGreaterThan(random.size);
      expect(frameIsCompressed(readFileSync(vault.objectPath(random.chunks[0]![0])))).toBe(false);
      expect(snapshot.bytesWritten).toBeLessThan(snapshot.totalBytes / 2);

      expect((await verifyVault(vault)).ok).toBe(true);
      const restored = await restoreSnapshot(vault, snapshot.id, join(temp.dir, 'restored'));
      expect(restored.complete).toBe(true);
      expect(restored.database).toMatchObject({ integrity: 'ok', countsMatch: true });
      for (const path of [textImport, random.path])
        expect(sha(join(restored.target, path))).toBe(sha(join(ws.dir, path)));
    },
  );

  it('a flipped byte in a compressed object of a plain vault is named by verify', async () => {
    const { vault } = await Vault.create(join(temp.dir, 'vault'), { allowUnencrypted: true });
    const { snapshot } = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    const victim = vault.readManifest(snapshot.id).files.find((file) => file.path === textImport)!
      .chunks[0]![0];
    const file = vault.objectPath(victim);
    expect(frameIsCompressed(readFileSync(file))).toBe(true);
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0x01;
    writeFileSync(file, bytes);
    const report = await verifyVault(vault);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ object: victim, problem: 'hash' }]);
  });

  it('a vault written before compression still verifies and restores, and its objects are reused', async () => {
    const { vault } = await Vault.create(join(temp.dir, 'vault'), {
      passphrase: testPassphrase,
      scrypt: testScrypt,
    });
    const first = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    // Rewrite it as the earlier format: every object a plain-size frame, the manifest version 1 without stored sizes.
    const manifest = vault.readManifest(first.snapshot.id);
    const legacy: SnapshotManifest = {
      ...manifest,
      version: 1,
      files: manifest.files.map((file) => ({
        ...file,
        chunks: file.chunks.map(([name, size]) => [name, size] as [string, number]),
      })),
    };
    rewriteObjects(vault, manifest, (plaintext, _hash, keys, context) => seal(plaintext, keys, context));
    vault.writeManifest(legacy);

    const full = await verifyVault(vault);
    expect(full.ok).toBe(true);
    const restored = await restoreSnapshot(vault, first.snapshot.id, join(temp.dir, 'restored'));
    expect(restored.complete).toBe(true);
    expect(sha(join(restored.target, textImport))).toBe(sha(join(ws.dir, textImport)));

    // Nothing changed: the next backup reuses the old objects (only the database's first page may differ).
    const next = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    expect(next.verify.ok).toBe(true);
    expect(next.snapshot.newObjects).toBeLessThanOrEqual(1);
    const textChunks = vault
      .readManifest(next.snapshot.id)
      .files.find((file) => file.path === textImport)!.chunks;
    expect(textChunks).toEqual(legacy.files.find((file) => file.path === textImport)!.chunks);
    expect((await verifyVault(vault)).ok).toBe(true);
  });

  it('a version 1 vault with Brotli objects verifies and restores; its next backup raises it to version 2', async () => {
    const created = await Vault.create(join(temp.dir, 'vault'), {
      passphrase: testPassphrase,
      scrypt: testScrypt,
    });
    const first = await backupWorkspace(created.vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    // Rewrite it as an earlier version wrote it: objects compressed with Brotli, the header at version 1.
    const manifest = created.vault.readManifest(first.snapshot.id);
    const stored = rewriteObjects(created.vault, manifest, (plaintext, hash, keys, context) => {
      // Quality 1, as earlier versions wrote (the default, 11, takes seconds here).
      const bytes = brotliCompressSync(plaintext, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } });
      const packed = bytes.length < plaintext.length ? { codec: 'brotli' as const, bytes } : undefined;
      return Buffer.concat(sealParts(plaintext, keys, context, hash, packed));
    });
    created.vault.writeManifest({
      ...manifest,
      files: manifest.files.map((file) => ({
        ...file,
        chunks: file.chunks.map(
          ([name, size]) => [name, size, stored.get(name)!] as [string, number, number],
        ),
      })),
    });
    const textObject = manifest.files.find((file) => file.path === textImport)!.chunks[0]![0];
    expect(frameCodec(readFileSync(created.vault.objectPath(textObject)))).toBe('brotli');
    const headerFile = join(created.vault.dir, 'qundesk-vault.json');
    writeFileSync(
      headerFile,
      JSON.stringify({ ...JSON.parse(readFileSync(headerFile, 'utf8')), version: 1 }),
    );
    const vault = await Vault.open(created.vault.dir, { passphrase: testPassphrase });
    expect(vault.formatVersion).toBe(1);

    expect((await verifyVault(vault)).ok).toBe(true);
    const restored = await restoreSnapshot(vault, first.snapshot.id, join(temp.dir, 'restored'));
    expect(restored.complete).toBe(true);
    expect(restored.database).toMatchObject({ integrity: 'ok', countsMatch: true });
    expect(sha(join(restored.target, textImport))).toBe(sha(join(ws.dir, textImport)));

    const newImport = addTextImport(ws.dir, 20_000);
    const next = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    expect(next.verify.ok).toBe(true);
    expect(JSON.parse(readFileSync(headerFile, 'utf8')).version).toBe(2);
    const nextFiles = vault.readManifest(next.snapshot.id).files;
    // The Brotli objects are reused as they are; what is new is written with Zstandard.
    expect(nextFiles.find((file) => file.path === textImport)!.chunks[0]![0]).toBe(textObject);
    expect(frameCodec(readFileSync(vault.objectPath(textObject)))).toBe('brotli');
    const newObject = nextFiles.find((file) => file.path === newImport)!.chunks[0]![0];
    expect(frameCodec(readFileSync(vault.objectPath(newObject)))).toBe('zstd');
    expect((await verifyVault(vault)).ok).toBe(true);
  });
});
