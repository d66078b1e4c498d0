/**
 * A backup vault: a folder anywhere (external disk, synced folder) holding
 *   qundesk-vault.json        header: format version, encryption and KDF parameters, wrapped data keys
 *   objects/ab/<name>         content-addressed objects, one sealed chunk each (compressed when that pays; a
 *                             database chunk may be a delta against an older object, see `delta.ts`)
 *   snapshots/<id>.snapshot   sealed manifests; a manifest is renamed into place only once every object it
 *                             references is on disk, so its presence is the completion marker
 *   tmp/                      temporary names for writes in progress (cleared by the next writer)
 *   quarantine/               damaged objects moved aside by verify, so the next backup writes them again
 *   lock                      the writer lock (backup, prune, key changes)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { snapshotIdPattern, type ObjectProblem } from '../../../shared/ipc/channels/backup';
import { AppError } from '../../../shared/ipc/errors';
import {
  dataKeyBytes,
  deriveKeyFromRecoveryKey,
  expandDataKey,
  compressForFrame,
  frameIsCompressed,
  frameMode,
  frameIsDelta,
  frameOverhead,
  generateRecoveryKey,
  keyCheckValue,
  objectName,
  openObjectFrame,
  parseRecoveryKey,
  seal,
  SealedFrameError,
  sealObjectOffThread,
  sealPartsOffThread,
  sha256,
  unseal,
  unwrapKey,
  unwrapWithPassphrase,
  wrapKey,
  wrapWithPassphrase,
  type ScryptParams,
  type VaultKeys,
} from './crypto';
import {
  acquireLock,
  clearTemporaryFiles,
  fileSize,
  fsyncDirectory,
  isDirectoryEmpty,
  pathExists,
  readFolder,
  writeFileAtomic,
  type HeldLock,
} from './files';
import { storageFailure } from '../services/diskErrors';
import {
  applyDelta,
  clearlySmallDeltaShare,
  deltaRecord,
  deltaRecordBytes,
  maxDeltaShare,
  parseDeltaRecord,
  type ParsedDelta,
} from './delta';
import {
  basesComplete,
  manifestObjects,
  manifestSchema,
  objectNamePattern,
  type ManifestChunk,
  type SnapshotManifest,
} from './manifest';

/**
 * Version 2 vaults may hold objects compressed with Zstandard, which a version 1 reader would take for damage: a
 * writer raises an older vault's version before it writes any object (`upgradeFormat`), so an older app refuses it
 * plainly instead. Version 1 objects (Brotli or stored as they are) read as ever.
 */
export const vaultFormatVersion = 2;

const headerFile = 'qundesk-vault.json';
const snapshotSuffix = '.snapshot';

export const wrappedKeySchema = z.object({ nonce: z.string(), wrapped: z.string() });
export const scryptSchema = z.object({
  name: z.literal('scrypt'),
  // Bounded so a crafted header cannot make opening the vault eat all memory.
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 22)
    .refine((n) => (n & (n - 1)) === 0),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string(),
});

const headerSchema = z.object({
  format: z.literal('qundesk-vault'),
  version: z.number().int().min(1),
  vaultUuid: z.string().min(1).max(100),
  createdAt: z.string(),
  encryption: z
    .object({
      cipher: z.literal('aes-256-gcm'),
      objectNames: z.literal('hmac-sha256'),
      kdf: scryptSchema,
      passphraseKey: wrappedKeySchema,
      recoveryKey: z.object({ salt: z.string(), key: wrappedKeySchema }).nullable(),
      keyCheck: z.string(),
    })
    .nullable(),
});

export type VaultHeader = z.infer<typeof headerSchema>;

/** How to open an encrypted vault: the passphrase, the recovery key, or a data key already unwrapped. */
export interface VaultSecret {
  passphrase?: string | undefined;
  recoveryKey?: string | undefined;
  dataKey?: Buffer | undefined;
}

export interface CreateVaultOptions {
  passphrase?: string | undefined;
  /** An unencrypted vault is made only when asked for in so many words. */
  allowUnencrypted?: boolean | undefined;
  scrypt?: ScryptParams | undefined;
  now?: number | undefined;
}

export class ObjectReadError extends Error {
  constructor(
    readonly object: string,
    readonly problem: ObjectProblem,
    /** With problem 'base': why the object's base could not be read. */
    readonly baseError?: ObjectReadError,
  ) {
    super(`object ${object}: ${problem}${baseError ? ` (${baseError.message})` : ''}`);
  }

  /** The object actually missing or damaged: this one, or the base down its chain that is. */
  get damagedObject(): string {
    return this.baseError ? this.baseError.damagedObject : this.object;
  }
}

/** A delta chain is followed at most this deep when read (ours stop at `maxDeltaDepth`; this bounds a forged one). */
const maxChainRead = 32;

/** An object read and checked as far as it can be alone: a whole chunk, or a delta still to apply to its base. */
export type OpenedObject =
  /** `plaintext` null when not asked for (verify only checks most objects); `size` its length all the same. */
  | { kind: 'whole'; plaintext: Buffer | null; size: number; storedBytes: number }
  | { kind: 'delta'; delta: ParsedDelta; storedHash: Buffer | null; storedBytes: number };

/** An object's plaintext with the entries of its chain as found on disk: the object first, then its bases. */
export interface ReadChain {
  /** Null when not asked for (a whole object only: a delta's plaintext is rebuilt to check it anyway). */
  plaintext: Buffer | null;
  chain: ManifestChunk[];
}

export class ManifestReadError extends Error {
  constructor(
    readonly snapshotId: string,
    /** i18n key. */
    readonly reason: string,
  ) {
    super(`snapshot ${snapshotId}: ${reason}`);
  }
}

const passphraseContext = (uuid: string) => `qundesk-vault passphrase key ${uuid}`;
const recoveryContext = (uuid: string) => `qundesk-vault recovery key ${uuid}`;
const objectContext = (name: string) => `object:${name}`;
const snapshotContext = (id: string) => `snapshot:${id}`;

export class Vault {
  private constructor(
    readonly dir: string,
    private header: VaultHeader,
    private readonly keys: VaultKeys | null,
  ) {}

  get uuid(): string {
    return this.header.vaultUuid;
  }

  get encrypted(): boolean {
    return this.keys !== null;
  }

  get createdAt(): string {
    return this.header.createdAt;
  }

  /** The unwrapped data key, to hand to a job on another thread without asking for the passphrase again. */
  get dataKey(): Buffer | null {
    return this.keys?.dataKey ?? null;
  }

  static isVault(dir: string): boolean {
    return pathExists(join(dir, headerFile));
  }

  static readHeader(dir: string): VaultHeader {
    let raw: string;
    try {
      raw = readFileSync(join(dir, headerFile), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('NOT_FOUND', 'backup.errors.notAVault', { path: dir });
      }
      throw new AppError('IO', 'backup.errors.vaultUnreadable', { path: dir });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new AppError('BAD_FILE', 'backup.errors.headerDamaged', { path: dir });
    }
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > vaultFormatVersion) {
      throw new AppError('UNSUPPORTED', 'backup.errors.newerVault', {
        found: version,
        supported: vaultFormatVersion,
      });
    }
    const parsed = headerSchema.safeParse(json);
    if (!parsed.success) throw new AppError('BAD_FILE', 'backup.errors.headerDamaged', { path: dir });
    return parsed.data;
  }

  /** Creates a vault in a new or empty folder; returns the recovery key to show once. */
  static async create(
    dir: string,
    options: CreateVaultOptions,
  ): Promise<{ vault: Vault; recoveryKey: string | null }> {
    const root = resolve(dir);
    if (Vault.isVault(root)) throw new AppError('CONFLICT', 'backup.errors.alreadyAVault', { path: root });
    if (!isDirectoryEmpty(root))
      throw new AppError('CONFLICT', 'backup.errors.folderNotEmpty', { path: root });
    if (options.passphrase === undefined && !options.allowUnencrypted) {
      throw new AppError('VALIDATION', 'backup.errors.passphraseRequired');
    }
    const vaultUuid = randomUUID();
    const createdAt = new Date(options.now ?? Date.now()).toISOString();
    let header: VaultHeader = {
      format: 'qundesk-vault',
      version: vaultFormatVersion,
      vaultUuid,
      createdAt,
      encryption: null,
    };
    let keys: VaultKeys | null = null;
    let recoveryText: string | null = null;
    if (options.passphrase !== undefined) {
      const dataKey = randomBytes(dataKeyBytes);
      const passphraseKey = await wrapWithPassphrase(
        dataKey,
        options.passphrase,
        passphraseContext(vaultUuid),
        options.scrypt,
      );
      const recovery = wrapWithNewRecoveryKey(dataKey, vaultUuid);
      recoveryText = recovery.text;
      header = {
        ...header,
        encryption: {
          cipher: 'aes-256-gcm',
          objectNames: 'hmac-sha256',
          ...passphraseKey,
          recoveryKey: recovery.entry,
          keyCheck: keyCheckValue(dataKey),
        },
      };
      keys = expandDataKey(dataKey, vaultUuid);
    }
    try {
      mkdirSync(root, { recursive: true });
      for (const sub of ['objects', 'snapshots', 'tmp', 'quarantine'])
        mkdirSync(join(root, sub), { recursive: true });
      fsyncDirectory(root);
      // The header goes last: a folder without it is not a vault yet.
      writeFileAtomic(join(root, headerFile), JSON.stringify(header, null, 2), join(root, 'tmp'));
    } catch (error) {
      throw asVaultError(error, root);
    }
    return { vault: new Vault(root, header, keys), recoveryKey: recoveryText };
  }

  static async open(dir: string, secret: VaultSecret = {}): Promise<Vault> {
    const root = resolve(dir);
    const header = Vault.readHeader(root);
    const encryption = header.encryption;
    if (!encryption) {
      const vault = new Vault(root, header, null);
      vault.refuseDowngrade();
      return vault;
    }
    let dataKey: Buffer | null = null;
    if (secret.dataKey) {
      dataKey = secret.dataKey;
    } else if (secret.recoveryKey !== undefined) {
      const recovery = parseRecoveryKey(secret.recoveryKey);
      if (encryption.recoveryKey) {
        const wrappingKey = deriveKeyFromRecoveryKey(
          recovery,
          Buffer.from(encryption.recoveryKey.salt, 'base64'),
        );
        dataKey = unwrapKey(wrappingKey, encryption.recoveryKey.key, recoveryContext(header.vaultUuid));
      }
      if (!dataKey) throw new AppError('VALIDATION', 'backup.errors.wrongRecoveryKey');
    } else if (secret.passphrase !== undefined) {
      dataKey = await unwrapWithPassphrase(
        encryption.kdf,
        encryption.passphraseKey,
        secret.passphrase,
        passphraseContext(header.vaultUuid),
      );
      if (!dataKey) throw new AppError('VALIDATION', 'backup.errors.wrongPassphrase');
    } else {
      throw new AppError('VALIDATION', 'backup.errors.passphraseRequired');
    }
    if (keyCheckValue(dataKey) !== encryption.keyCheck) {
      throw new AppError(
        'VALIDATION',
        secret.dataKey ? 'backup.errors.wrongKey' : 'backup.errors.headerDamaged',
        {
          path: root,
        },
      );
    }
    return new Vault(root, header, expandDataKey(dataKey, header.vaultUuid));
  }

  /**
   * Whoever can edit the header could mark an encrypted vault plain so the next backup writes in the clear;
   * a plain header over encrypted manifests is refused.
   */
  private refuseDowngrade(): void {
    const ids = this.listSnapshotIds();
    for (const id of ids.slice(-3)) {
      let frame: Buffer;
      try {
        frame = readFileSync(this.snapshotPath(id));
      } catch {
        continue;
      }
      if (frameMode(frame) === 'encrypted')
        throw new AppError('BAD_FILE', 'backup.errors.headerMismatch', { path: this.dir });
    }
  }

  /** Wraps the data key under a new passphrase; objects stay as they are. */
  async changePassphrase(passphrase: string, params?: ScryptParams): Promise<void> {
    const encryption = this.header.encryption;
    if (!encryption || !this.keys) throw new AppError('UNSUPPORTED', 'backup.errors.notEncrypted');
    const wrapped = await wrapWithPassphrase(
      this.keys.dataKey,
      passphrase,
      passphraseContext(this.uuid),
      params,
    );
    this.writeHeader({ ...this.header, encryption: { ...encryption, ...wrapped } });
  }

  /** Replaces the recovery key (the old one stops working); returns the new one to show once. */
  replaceRecoveryKey(): string {
    const encryption = this.header.encryption;
    if (!encryption || !this.keys) throw new AppError('UNSUPPORTED', 'backup.errors.notEncrypted');
    const recovery = wrapWithNewRecoveryKey(this.keys.dataKey, this.uuid);
    this.writeHeader({ ...this.header, encryption: { ...encryption, recoveryKey: recovery.entry } });
    return recovery.text;
  }

  private writeHeader(header: VaultHeader): void {
    const lock = this.lock('header');
    try {
      this.replaceHeader(header);
    } finally {
      lock.release();
    }
  }

  private replaceHeader(header: VaultHeader): void {
    writeFileAtomic(join(this.dir, headerFile), JSON.stringify(header, null, 2), this.tempDir);
    this.header = header;
  }

  get formatVersion(): number {
    return this.header.version;
  }

  /** Raises an older vault's format version to this one's; the caller holds the writer lock and writes objects next. */
  upgradeFormat(_lock: HeldLock): void {
    if (this.header.version < vaultFormatVersion)
      this.replaceHeader({ ...this.header, version: vaultFormatVersion });
  }

  get tempDir(): string {
    return join(this.dir, 'tmp');
  }

  /** The exclusive writer lock; clears what dead writers left in tmp/. */
  lock(purpose: string): HeldLock {
    mkdirSync(this.tempDir, { recursive: true });
    const lock = acquireLock(join(this.dir, 'lock'), this.tempDir, purpose);
    clearTemporaryFiles(this.tempDir);
    return lock;
  }

  // Objects

  objectName(plaintextHash: Buffer): string {
    return objectName(plaintextHash, this.keys);
  }

  objectPath(name: string): string {
    if (!objectNamePattern.test(name)) throw new ObjectReadError(name, 'format');
    return join(this.dir, 'objects', name.slice(0, 2), name);
  }

  /**
   * Creates the object's fan-out folder (objects/ab/) when missing; true when it did, so the writer flushes
   * objects/ too before a manifest may reference anything in it.
   */
  prepareObjectFolder(name: string): boolean {
    const dir = dirname(this.objectPath(name));
    if (this.knownFolders.has(dir)) return false;
    const created = !pathExists(dir);
    if (created) mkdirSync(dir, { recursive: true });
    this.knownFolders.add(dir);
    return created;
  }

  private readonly knownFolders = new Set<string>();

  hasObject(name: string): boolean {
    return pathExists(this.objectPath(name));
  }

  /** Seals a chunk as an object, compressed when that pays (see `compressForFrame`), on worker threads. */
  async sealObject(plaintext: Buffer, plaintextHash: Buffer): Promise<{ name: string; frame: Buffer[] }> {
    const name = this.objectName(plaintextHash);
    return {
      name,
      frame: await sealObjectOffThread(plaintext, this.keys, objectContext(name), plaintextHash),
    };
  }

  /**
   * Seals a chunk as a delta against `base` (an object's name and plaintext) when that stores at most half what the
   * whole chunk would (`force`: always, as a rewrite of a delta recorded before must), else whole. A delta clearly
   * small beside `base.wholeBytes` (what the whole object its chain starts from stores) is kept without compressing
   * the chunk whole to compare. `base` in the result names the base used, undefined when stored whole. The frame's
   * buffers are the caller's alone (copies where a plain frame carries the chunk), so it may free them once written.
   */
  async sealChunk(
    chunk: Buffer,
    plaintextHash: Buffer,
    base?: { name: string; plaintext: Buffer; wholeBytes?: number | undefined },
    force = false,
  ): Promise<{ name: string; frame: Buffer[]; base?: string }> {
    if (!base) return this.sealObject(chunk, plaintextHash);
    const name = this.objectName(plaintextHash);
    const context = objectContext(name);
    const record = deltaRecord(chunk, base.plaintext, base.name);
    const packedDelta = await compressForFrame(record);
    const deltaBytes = (packedDelta?.bytes ?? record).length;
    const sealDelta = async () => ({
      name,
      frame: await sealPartsOffThread(record, this.keys, context, plaintextHash, packedDelta, true),
      base: base.name,
    });
    if (force || (base.wholeBytes !== undefined && deltaBytes <= base.wholeBytes * clearlySmallDeltaShare))
      return sealDelta();
    const packedWhole = await compressForFrame(chunk);
    if (deltaBytes <= (packedWhole?.bytes ?? chunk).length * maxDeltaShare) return sealDelta();
    return { name, frame: await sealPartsOffThread(chunk, this.keys, context, plaintextHash, packedWhole) };
  }

  /**
   * Reads, authenticates and unpacks an object and checks it against its name, its plaintext size and the size of its
   * file when known (manifests written before compression record only the plaintext size); throws ObjectReadError.
   * A whole object is checked in full; a delta only once applied to its base (`completeDelta`).
   * The read goes to the thread pool and the rest to a worker (`openObjectFrame`), so verify and restore keep a few
   * in flight on every core. `keepPlaintext` false: a whole object is only checked, its plaintext not handed back.
   */
  async openObject(
    name: string,
    expectedSize?: number,
    storedBytes?: number,
    keepPlaintext = true,
  ): Promise<OpenedObject> {
    let frame: Buffer;
    try {
      frame = await readFile(this.objectPath(name));
    } catch (error) {
      if (error instanceof ObjectReadError) throw error;
      throw new ObjectReadError(
        name,
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'format',
      );
    }
    const frameBytes = frame.length;
    const delta = frameIsDelta(frame);
    // Without the stored size, an object is at most its plaintext plus the frame (compressed ones are smaller).
    // Only manifests that record stored sizes reference deltas (whose record is a little longer than the chunk).
    const expectedFrame =
      storedBytes ??
      (expectedSize === undefined || delta ? undefined : expectedSize + frameOverhead(this.encrypted));
    if (expectedFrame !== undefined && frameBytes !== expectedFrame) {
      if (frameBytes < expectedFrame && (storedBytes !== undefined || !frameIsCompressed(frame)))
        throw new ObjectReadError(name, 'truncated');
      if (frameBytes > expectedFrame) throw new ObjectReadError(name, 'format');
    }
    const unpackedBytes =
      expectedSize === undefined ? undefined : delta ? deltaRecordBytes(expectedSize) : expectedSize;
    try {
      const opened = await openObjectFrame(
        frame,
        this.keys,
        objectContext(name),
        unpackedBytes,
        keepPlaintext,
      );
      if (opened.delta) {
        const parsed = parseDeltaRecord(opened.record);
        if (parsed.baseName === name) throw new ObjectReadError(name, 'format');
        if (expectedSize !== undefined && parsed.length !== expectedSize)
          throw new ObjectReadError(name, 'truncated');
        return { kind: 'delta', delta: parsed, storedHash: opened.storedHash, storedBytes: frameBytes };
      }
      if (this.objectName(opened.hash) !== name) throw new ObjectReadError(name, 'hash');
      if (expectedSize !== undefined && opened.length !== expectedSize)
        throw new ObjectReadError(name, 'truncated');
      return { kind: 'whole', plaintext: opened.plaintext, size: opened.length, storedBytes: frameBytes };
    } catch (error) {
      if (error instanceof SealedFrameError) throw new ObjectReadError(name, error.problem);
      throw error;
    }
  }

  /** A delta object's plaintext: its delta applied to its base's plaintext, checked against the object's name. */
  completeDelta(name: string, opened: OpenedObject & { kind: 'delta' }, basePlaintext: Buffer): Buffer {
    let plaintext: Buffer;
    try {
      plaintext = applyDelta(opened.delta, basePlaintext);
    } catch (error) {
      // Ops that do not fit the base: this object is damaged (the base checked out against its own name).
      if (error instanceof SealedFrameError)
        throw new ObjectReadError(name, opened.storedHash ? 'hash' : 'format');
      throw error;
    }
    const hash = sha256(plaintext);
    // The base checked out against its own name: a mismatch here is this object's damage.
    if (opened.storedHash && !opened.storedHash.equals(hash)) throw new ObjectReadError(name, 'hash');
    if (this.objectName(hash) !== name) throw new ObjectReadError(name, 'hash');
    return plaintext;
  }

  /**
   * Reads an object and, for a delta, its chain of bases (each read and checked in turn), as `openObject` checks
   * them; `known` gives the sizes manifests record for the bases. Throws ObjectReadError: for a delta whose base
   * cannot be read, problem 'base' with the base's error. `keepPlaintext` false: a whole object is only checked.
   */
  async readObjectChain(
    name: string,
    expectedSize?: number,
    storedBytes?: number,
    known?: ReadonlyMap<string, ManifestChunk>,
    keepPlaintext = true,
    depth = 0,
  ): Promise<ReadChain> {
    const opened = await this.openObject(name, expectedSize, storedBytes, keepPlaintext);
    if (opened.kind === 'whole')
      return { plaintext: opened.plaintext, chain: [[name, opened.size, opened.storedBytes]] };
    if (depth >= maxChainRead) throw new ObjectReadError(name, 'format');
    const entry = known?.get(opened.delta.baseName);
    let base: ReadChain;
    try {
      base = await this.readObjectChain(
        opened.delta.baseName,
        entry?.[1],
        entry?.[2],
        known,
        true,
        depth + 1,
      );
    } catch (error) {
      if (error instanceof ObjectReadError) throw new ObjectReadError(name, 'base', error);
      throw error;
    }
    const plaintext = this.completeDelta(name, opened, base.plaintext!);
    return {
      plaintext,
      chain: [[name, plaintext.length, opened.storedBytes, opened.delta.baseName], ...base.chain],
    };
  }

  /** An object's plaintext, rebuilt through its chain of bases when it is a delta (see `readObjectChain`). */
  async readObject(
    name: string,
    expectedSize?: number,
    storedBytes?: number,
    known?: ReadonlyMap<string, ManifestChunk>,
  ): Promise<Buffer> {
    return (await this.readObjectChain(name, expectedSize, storedBytes, known)).plaintext!;
  }

  /** Every object name on disk (a walk of objects/). */
  listObjectNames(): string[] {
    const names: string[] = [];
    const objectsDir = join(this.dir, 'objects');
    for (const fan of readFolder(objectsDir)) {
      for (const name of readFolder(join(objectsDir, fan)))
        if (objectNamePattern.test(name)) names.push(name);
    }
    return names;
  }

  objectSize(name: string): number {
    return fileSize(this.objectPath(name));
  }

  deleteObject(name: string): void {
    rmSync(this.objectPath(name), { force: true });
  }

  /** Moves a damaged object aside (kept for inspection) so the next backup stores the chunk again. */
  quarantineObject(name: string): void {
    const target = join(this.dir, 'quarantine', `${name}.${Date.now()}`);
    mkdirSync(join(this.dir, 'quarantine'), { recursive: true });
    try {
      renameSync(this.objectPath(name), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  // Snapshots

  private snapshotPath(id: string): string {
    return join(this.dir, 'snapshots', `${id}${snapshotSuffix}`);
  }

  /** Ids of the finished snapshots (those whose manifest was renamed into place), oldest first. */
  listSnapshotIds(): string[] {
    return readFolder(join(this.dir, 'snapshots'))
      .filter((name) => name.endsWith(snapshotSuffix))
      .map((name) => name.slice(0, -snapshotSuffix.length))
      .filter((id) => snapshotIdPattern.test(id))
      .sort();
  }

  /** Call only after every object the manifest references is durable (ObjectWriter.flush). */
  writeManifest(manifest: SnapshotManifest): number {
    const frame = seal(
      Buffer.from(JSON.stringify(manifest), 'utf8'),
      this.keys,
      snapshotContext(manifest.id),
    );
    writeFileAtomic(this.snapshotPath(manifest.id), frame, this.tempDir);
    return frame.length;
  }

  readManifest(id: string): SnapshotManifest {
    let frame: Buffer;
    try {
      frame = readFileSync(this.snapshotPath(id));
    } catch (error) {
      throw new ManifestReadError(
        id,
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'backup.errors.snapshotNotFound'
          : 'backup.errors.manifestUnreadable',
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(unseal(frame, this.keys, snapshotContext(id)).plaintext.toString('utf8'));
    } catch {
      throw new ManifestReadError(id, 'backup.errors.manifestDamaged');
    }
    const parsed = manifestSchema.safeParse(json);
    if (
      !parsed.success ||
      parsed.data.id !== id ||
      parsed.data.vaultUuid !== this.uuid ||
      // A manifest names every base its delta objects need (else prune could delete one).
      !basesComplete(manifestObjects(parsed.data))
    ) {
      throw new ManifestReadError(id, 'backup.errors.manifestDamaged');
    }
    return parsed.data;
  }

  manifestSize(id: string): number {
    return fileSize(this.snapshotPath(id));
  }

  deleteManifest(id: string): void {
    rmSync(this.snapshotPath(id), { force: true });
  }

  /** Readable manifests, newest first, and the ids of those that cannot be read. */
  readAllManifests(): { manifests: SnapshotManifest[]; damaged: ManifestReadError[] } {
    const manifests: SnapshotManifest[] = [];
    const damaged: ManifestReadError[] = [];
    for (const id of this.listSnapshotIds().reverse()) {
      try {
        manifests.push(this.readManifest(id));
      } catch (error) {
        if (error instanceof ManifestReadError) damaged.push(error);
        else throw error;
      }
    }
    return { manifests, damaged };
  }
}

function wrapWithNewRecoveryKey(dataKey: Buffer, vaultUuid: string) {
  const recovery = generateRecoveryKey();
  const salt = randomBytes(16);
  const wrappingKey = deriveKeyFromRecoveryKey(recovery.bytes, salt);
  return {
    text: recovery.text,
    entry: { salt: salt.toString('base64'), key: wrapKey(wrappingKey, dataKey, recoveryContext(vaultUuid)) },
  };
}

/** File-system failures become an IO AppError naming the place; anything else passes through unchanged. */
export function asVaultError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (error instanceof AppError || typeof code !== 'string') return error;
  // A full disk or read-only folder gets the plain message (recovery.errors.*).
  return storageFailure(error, path) ?? new AppError('IO', 'backup.errors.io', { path, reason: code });
}
