import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRecoveryKey, parseRecoveryKey } from '../../../electron/main/backup/crypto';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import { Vault } from '../../../electron/main/backup/vault';
import { verifyVault } from '../../../electron/main/backup/verify';
import { AppError } from '../../../shared/ipc/errors';
import { makeTempDir } from '../../support/tempWorkspace';
import { makeWorkspace, testPassphrase, testScrypt } from './fixtures';

async function errorOf(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

describe('recovery keys', () => {
  it('print as nine groups of four and parse back, forgiving case, spaces and look-alike letters', () => {
    const { text, bytes } = generateRecoveryKey();
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseRecoveryKey(text).equals(bytes)).toBe(true);
    expect(parseRecoveryKey(` ${text.toLowerCase().replace(/-/g, ' ')} `).equals(bytes)).toBe(true);
    expect(parseRecoveryKey(text.replace(/0/g, 'O').replace(/1/g, 'I')).equals(bytes)).toBe(true);
  });

  it('catch a mistyped character with the check group', () => {
    const { text } = generateRecoveryKey();
    const typo = text.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(() => parseRecoveryKey(typo)).toThrowError(
      expect.objectContaining({ messageKey: 'backup.errors.recoveryKeyFormat' }),
    );
    expect(() => parseRecoveryKey('too-short')).toThrow(AppError);
  });
});

describe('vault', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir('qundesk-vault-');
  });
  afterEach(() => temp.remove());

  const create = (name = 'vault') =>
    Vault.create(join(temp.dir, name), { passphrase: testPassphrase, scrypt: testScrypt });

  it('is encrypted unless unencrypted is asked for explicitly', async () => {
    expect((await errorOf(Vault.create(join(temp.dir, 'v'), {}))).messageKey).toBe(
      'backup.errors.passphraseRequired',
    );
    const { vault, recoveryKey } = await create();
    expect(vault.encrypted).toBe(true);
    expect(recoveryKey).toMatch(/^[0-9A-Z-]{44}$/);
    const header = JSON.parse(readFileSync(join(vault.dir, 'qundesk-vault.json'), 'utf8'));
    expect(header.encryption).toMatchObject({
      cipher: 'aes-256-gcm',
      kdf: { name: 'scrypt', N: 4096, r: 8, p: 1 },
    });
    expect(JSON.stringify(header)).not.toContain(testPassphrase);

    const plain = await Vault.create(join(temp.dir, 'plain'), { allowUnencrypted: true });
    expect(plain.vault.encrypted).toBe(false);
    expect(plain.recoveryKey).toBeNull();
  });

  it('an unencrypted vault names objects by the plain sha256', async () => {
    const { vault } = await Vault.create(join(temp.dir, 'plain'), { allowUnencrypted: true });
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 10, importSizes: [1000] });
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    const file = vault.readManifest(result.snapshot.id).files.find((f) => f.path.startsWith('imports/'))!;
    expect(file.chunks[0]![0]).toBe(file.path.slice('imports/'.length));
    expect(
      createHash('sha256')
        .update(readFileSync(join(ws.dir, file.path)))
        .digest('hex'),
    ).toBe(file.chunks[0]![0]);
  });

  it('refuses a wrong passphrase with a clear error, and a missing one', async () => {
    const { vault } = await create();
    const wrong = await errorOf(Vault.open(vault.dir, { passphrase: 'not the passphrase' }));
    expect(wrong).toMatchObject({ code: 'VALIDATION', messageKey: 'backup.errors.wrongPassphrase' });
    expect((await errorOf(Vault.open(vault.dir, {}))).messageKey).toBe('backup.errors.passphraseRequired');
    expect((await Vault.open(vault.dir, { passphrase: testPassphrase })).uuid).toBe(vault.uuid);
  });

  it('opens with the recovery key instead of the passphrase, and reads what the passphrase wrote', async () => {
    const { vault, recoveryKey } = await create();
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 50 });
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    const recovered = await Vault.open(vault.dir, { recoveryKey: recoveryKey! });
    expect(recovered.readManifest(result.snapshot.id).counts.messages).toBe(50);
    expect((await verifyVault(recovered)).ok).toBe(true);
    const other = generateRecoveryKey().text;
    expect((await errorOf(Vault.open(vault.dir, { recoveryKey: other }))).messageKey).toBe(
      'backup.errors.wrongRecoveryKey',
    );
  });

  it('changes the passphrase and replaces the recovery key without touching any object', async () => {
    const { vault, recoveryKey } = await create();
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 50, importSizes: [5000] });
    await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    const objects = vault
      .listObjectNames()
      .map((name) => [name, readFileSync(vault.objectPath(name)).toString('base64')]);
    await vault.changePassphrase('a brand new passphrase', testScrypt);
    const newRecovery = vault.replaceRecoveryKey();
    expect((await errorOf(Vault.open(vault.dir, { passphrase: testPassphrase }))).messageKey).toBe(
      'backup.errors.wrongPassphrase',
    );
    expect((await errorOf(Vault.open(vault.dir, { recoveryKey: recoveryKey! }))).messageKey).toBe(
      'backup.errors.wrongRecoveryKey',
    );
    const reopened = await Vault.open(vault.dir, { passphrase: 'a brand new passphrase' });
    expect((await verifyVault(reopened)).ok).toBe(true);
    expect((await Vault.open(vault.dir, { recoveryKey: newRecovery })).uuid).toBe(vault.uuid);
    expect(
      vault.listObjectNames().map((name) => [name, readFileSync(vault.objectPath(name)).toString('base64')]),
    ).toEqual(objects);
  });

  it('refuses a header edited to say unencrypted over encrypted snapshots', async () => {
    const { vault } = await create();
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 5 });
    await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    const headerFile = join(vault.dir, 'qundesk-vault.json');
    writeFileSync(
      headerFile,
      JSON.stringify({ ...JSON.parse(readFileSync(headerFile, 'utf8')), encryption: null }),
    );
    expect((await errorOf(Vault.open(vault.dir))).messageKey).toBe('backup.errors.headerMismatch');
  });

  it('refuses newer formats, absurd KDF parameters, non-empty folders and folders that are no vault', async () => {
    const { vault } = await create();
    const headerFile = join(vault.dir, 'qundesk-vault.json');
    const header = JSON.parse(readFileSync(headerFile, 'utf8'));
    writeFileSync(headerFile, JSON.stringify({ ...header, version: 99 }));
    expect(await errorOf(Vault.open(vault.dir, { passphrase: testPassphrase }))).toMatchObject({
      code: 'UNSUPPORTED',
      messageKey: 'backup.errors.newerVault',
    });
    writeFileSync(
      headerFile,
      JSON.stringify({
        ...header,
        encryption: { ...header.encryption, kdf: { ...header.encryption.kdf, N: 2 ** 30 } },
      }),
    );
    expect((await errorOf(Vault.open(vault.dir, { passphrase: testPassphrase }))).messageKey).toBe(
      'backup.errors.headerDamaged',
    );
    writeFileSync(headerFile, '{ half');
    expect((await errorOf(Vault.open(vault.dir, { passphrase: testPassphrase }))).messageKey).toBe(
      'backup.errors.headerDamaged',
    );

    mkdirSync(join(temp.dir, 'busy'));
    writeFileSync(join(temp.dir, 'busy', 'holiday.jpg'), 'x');
    expect(
      (
        await errorOf(
          Vault.create(join(temp.dir, 'busy'), { passphrase: testPassphrase, scrypt: testScrypt }),
        )
      ).messageKey,
    ).toBe('backup.errors.folderNotEmpty');
    expect((await errorOf(Vault.open(join(temp.dir, 'busy')))).messageKey).toBe('backup.errors.notAVault');
    expect((await errorOf(create())).messageKey).toBe('backup.errors.alreadyAVault');
  });

  it('has one writer at a time, and breaks the lock of a writer that died', async () => {
    const { vault } = await create();
    const held = vault.lock('test');
    expect((await errorOf(() => vault.lock('second'))).messageKey).toBe('backup.errors.vaultBusy');
    held.release();
    // A lock left by a process that no longer exists (pid far beyond any live one on this machine).
    const { hostname } = await import('node:os');
    writeFileSync(
      join(vault.dir, 'lock'),
      JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), purpose: 'backup', at: Date.now() }),
    );
    writeFileSync(join(vault.dir, 'tmp', 'abc.123.deadbeef.tmp'), 'leftover');
    const again = vault.lock('third');
    expect(readdirSync(join(vault.dir, 'tmp'))).toEqual([]);
    again.release();
    // A lock from another machine is honoured until it goes stale.
    writeFileSync(
      join(vault.dir, 'lock'),
      JSON.stringify({ pid: 1, host: 'another-laptop', purpose: 'backup', at: Date.now() }),
    );
    expect((await errorOf(() => vault.lock('fourth'))).messageKey).toBe('backup.errors.vaultBusy');
    const old = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(join(vault.dir, 'lock'), old, old);
    vault.lock('fifth').release();
    expect(statSync(vault.dir).isDirectory()).toBe(true);
  });
});
