import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../../electron/main/backup/vault';
import { makeTempDir } from '../../support/tempWorkspace';
import { makeWorkspace, spawnCli, testPassphrase, testScrypt } from './fixtures';

const temp = makeTempDir('qundesk-backup-cli-');
afterAll(() => temp.remove());

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnCli([...args, '--lang', 'en'], join(temp.dir, 'config'), { env });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const json = (result: { stdout: string }) => JSON.parse(result.stdout);

describe('backup CLI', () => {
  const workspace = join(temp.dir, 'ws');
  const vaultDir = join(temp.dir, 'vault');
  const secret = { BACKUP_PASS: testPassphrase };
  let snapshotId: string;

  beforeAll(async () => {
    makeWorkspace(workspace, { messages: 300, importSizes: [40_000] }).close();
    // Made here with cheap KDF parameters (stored in the header), so each CLI run derives the key quickly.
    await Vault.create(vaultDir, { passphrase: testPassphrase, scrypt: testScrypt });
  });

  it('backup takes the passphrase from the named environment variable and reports counts and bytes', async () => {
    const args = [
      'backup',
      '--workspace',
      workspace,
      '--vault',
      vaultDir,
      '--passphrase-env',
      'BACKUP_PASS',
      '--json',
    ];
    const [missing, first, wrong] = await Promise.all([
      cli(args),
      cli(args, secret),
      cli(args, { BACKUP_PASS: 'wrong passphrase' }),
    ]);
    expect(missing.code).toBe(1);
    expect(json(missing).error.message).toBe('backup.errors.envMissing');

    expect(first.code, first.stderr).toBe(0);
    const result = json(first);
    expect(result).toMatchObject({
      created: false,
      recoveryKey: null,
      counts: { messages: 300, files: 2, groups: 2, members: 30 },
    });
    expect(result.bytesWritten).toBeGreaterThan(40_000);
    expect(result.verify.ok).toBe(true);
    snapshotId = result.snapshot.id;

    expect(wrong.code).toBe(1);
    expect(json(wrong).error).toMatchObject({ code: 'VALIDATION', message: 'backup.errors.wrongPassphrase' });
    expect(wrong.stderr).toContain('Wrong backup passphrase');
  });

  it('never accepts a passphrase on the command line, and asks twice before an unencrypted vault', async () => {
    const plainArgs = [
      'backup',
      '--workspace',
      workspace,
      '--vault',
      join(temp.dir, 'plain'),
      '--no-encryption',
      '--json',
    ];
    const [argv, once] = await Promise.all([
      cli([
        'backup',
        '--workspace',
        workspace,
        '--vault',
        join(temp.dir, 'v2'),
        '--passphrase',
        'secret',
        '--json',
      ]),
      cli(plainArgs),
    ]);
    expect(json(argv).error).toMatchObject({ message: 'backup.errors.unknownOption' });
    expect(json(once).error.message).toBe('backup.errors.unencryptedNeedsConfirmation');
    const plain = await cli([...plainArgs, '--yes-unencrypted']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(json(plain)).toMatchObject({ created: true, recoveryKey: null, counts: { messages: 300 } });
  });

  it('snapshots, verify, restore and prune', async () => {
    const [list, verify, restore] = await Promise.all([
      cli(['snapshots', '--vault', vaultDir, '--passphrase-env', 'BACKUP_PASS', '--json'], secret),
      cli(
        [
          'verify',
          '--vault',
          vaultDir,
          '--snapshot',
          snapshotId,
          '--passphrase-env',
          'BACKUP_PASS',
          '--json',
        ],
        secret,
      ),
      cli(
        [
          'restore',
          '--vault',
          vaultDir,
          '--snapshot',
          snapshotId,
          '--to',
          join(temp.dir, 'restored'),
          '--passphrase-env',
          'BACKUP_PASS',
          '--json',
        ],
        secret,
      ),
    ]);
    expect(json(list)).toMatchObject({
      encrypted: true,
      counts: { snapshots: 1, damaged: 0 },
      bytesWritten: 0,
    });
    expect(json(list).snapshots[0]).toMatchObject({ id: snapshotId, counts: { messages: 300 } });
    expect(verify.code).toBe(0);
    expect(json(verify)).toMatchObject({
      ok: true,
      mode: 'full',
      bytesWritten: 0,
      counts: { snapshots: 1, problems: 0 },
    });
    expect(restore.code, restore.stderr).toBe(0);
    expect(json(restore)).toMatchObject({ complete: true, restoredFiles: 2, counts: { messages: 300 } });
    expect(json(restore).bytesWritten).toBeGreaterThan(40_000);

    const prune = await cli(
      [
        'prune',
        '--vault',
        vaultDir,
        '--keep-daily',
        '7',
        '--keep-weekly',
        '4',
        '--keep-monthly',
        '12',
        '--passphrase-env',
        'BACKUP_PASS',
        '--json',
      ],
      secret,
    );
    expect(prune.code, prune.stderr).toBe(0);
    expect(json(prune)).toMatchObject({ removed: [], bytesWritten: 0, counts: { kept: 1, removed: 0 } });
  });

  it('archive export packs the workspace into one file; archive import unpacks it into a new folder', async () => {
    const archive = join(temp.dir, 'move.qdarchive');
    const target = join(temp.dir, 'moved');
    const exported = await cli(
      [
        'archive',
        'export',
        '--workspace',
        workspace,
        '--out',
        archive,
        '--passphrase-env',
        'BACKUP_PASS',
        '--json',
      ],
      secret,
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(json(exported)).toMatchObject({ path: archive, files: 2, counts: { messages: 300, files: 2 } });
    const importArgs = [
      'archive',
      'import',
      archive,
      '--to',
      target,
      '--passphrase-env',
      'BACKUP_PASS',
      '--json',
    ];
    const [wrong, imported, again] = await Promise.all([
      cli([...importArgs.slice(0, 4), `${target}-wrong`, ...importArgs.slice(5)], {
        BACKUP_PASS: 'wrong one!',
      }),
      cli(importArgs, secret),
      cli(
        ['archive', 'export', '--workspace', workspace, '--out', archive, '--passphrase-env', 'BACKUP_PASS'],
        secret,
      ),
    ]);
    expect(wrong.code).toBe(1);
    expect(json(wrong).error.message).toBe('backup.errors.archiveWrongPassphrase');
    expect(existsSync(`${target}-wrong`)).toBe(false);
    expect(imported.code, imported.stderr).toBe(0);
    expect(json(imported)).toMatchObject({ target, integrity: 'ok', counts: { messages: 300, files: 2 } });
    // Never replaces a file silently; the human output says why.
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already there');
  });

  it('verify exits non-zero and names a damaged object', async () => {
    const vault = await Vault.open(vaultDir, { passphrase: testPassphrase });
    const object = vault.readManifest(snapshotId).files[1]!.chunks[0]![0];
    const bytes = readFileSync(vault.objectPath(object));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(vault.objectPath(object), bytes);
    const [verify, text] = await Promise.all([
      cli(['verify', '--vault', vaultDir, '--passphrase-env', 'BACKUP_PASS', '--json'], secret),
      cli(['verify', '--vault', vaultDir, '--passphrase-env', 'BACKUP_PASS'], secret),
    ]);
    expect(verify.code).toBe(3);
    expect(json(verify).problems).toEqual([{ object, problem: 'authentication' }]);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain(object);
  });
});
