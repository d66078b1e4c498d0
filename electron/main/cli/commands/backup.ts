/**
 * Backup commands: backup, verify, restore, snapshots, prune. Secrets come from environment variables named by an
 * option (never from argv, which other users of the machine can read in the process list).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  ArchiveExportReport,
  BackupRunResult,
  RestoreReport,
  VerifyReport,
} from '../../../../shared/ipc/channels/backup';
import { minPassphraseLength, snapshotIdPattern } from '../../../../shared/ipc/channels/backup';
import { AppError, type ErrorCode } from '../../../../shared/ipc/errors';
import { checkArchiveDestination, importWorkspaceArchive } from '../../backup/archive';
import { summarizeManifest } from '../../backup/manifest';
import { restoreSnapshot } from '../../backup/restore';
import { defaultRetention, pruneVault } from '../../backup/retention';
import { Vault } from '../../backup/vault';
import { verifyVault } from '../../backup/verify';
import type { BackupJobInput, ExportArchiveJobInput } from '../../jobs/backupJob';
import type { Backend } from '../../backend';
import { workspaceDbFile } from '../../services/workspacePaths';
import type { CliCommand, CliContext } from '../context';

const defaultPassphraseEnv = 'QUNDESK_BACKUP_PASSPHRASE';

interface ParsedOptions {
  value(name: string): string | undefined;
  flag(name: string): boolean;
}

/** Strict option parsing: an unknown option is an error, so a mistyped one never silently changes what happens. */
function parseOptions(args: string[], valueOptions: string[], flagOptions: string[] = []): ParsedOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (valueOptions.includes(arg)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new AppError('VALIDATION', 'cli.errors.missingValue', { option: arg });
      values.set(arg, value);
      i += 1;
    } else if (flagOptions.includes(arg)) flags.add(arg);
    else throw new AppError('VALIDATION', 'backup.errors.unknownOption', { option: arg });
  }
  return { value: (name) => values.get(name), flag: (name) => flags.has(name) };
}

function required(options: ParsedOptions, name: string): string {
  const value = options.value(name);
  if (value === undefined) throw new AppError('VALIDATION', 'backup.errors.missingOption', { option: name });
  return value;
}

function count(options: ParsedOptions, name: string): number | undefined {
  const raw = options.value(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value))
    throw new AppError('VALIDATION', 'backup.errors.badNumber', { option: name });
  return value;
}

function fromEnv(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new AppError('VALIDATION', 'backup.errors.badEnvName', { name });
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

const secretOptions = ['--passphrase-env', '--recovery-key-env'];

/** The passphrase or recovery key the options point at; an encrypted vault needs one. */
function readSecret(options: ParsedOptions): { passphrase?: string; recoveryKey?: string } {
  const recoveryEnv = options.value('--recovery-key-env');
  if (recoveryEnv !== undefined) {
    const recoveryKey = fromEnv(recoveryEnv);
    if (!recoveryKey) throw new AppError('VALIDATION', 'backup.errors.envMissing', { name: recoveryEnv });
    return { recoveryKey };
  }
  const passphraseEnv = options.value('--passphrase-env') ?? defaultPassphraseEnv;
  const passphrase = fromEnv(passphraseEnv);
  return passphrase === undefined ? {} : { passphrase };
}

async function openVault(options: ParsedOptions): Promise<Vault> {
  const dir = resolve(required(options, '--vault'));
  const header = Vault.readHeader(dir);
  const secret = readSecret(options);
  if (header.encryption && !secret.passphrase && !secret.recoveryKey) {
    throw new AppError('VALIDATION', 'backup.errors.envMissing', {
      name: options.value('--passphrase-env') ?? defaultPassphraseEnv,
    });
  }
  return Vault.open(dir, secret);
}

/** Exit code of a verify that found damage or a restore that could not restore everything. */
const damagedExitCode = 3;

function describeVerify(context: CliContext, report: VerifyReport): void {
  for (const snapshot of report.snapshots) {
    if (snapshot.ok) context.out(context.t('backup.cli.snapshotOk', { id: snapshot.id }));
    else if (snapshot.manifestProblem)
      context.out(
        context.t('backup.cli.snapshotManifestBad', {
          id: snapshot.id,
          reason: context.t(snapshot.manifestProblem),
        }),
      );
    else {
      context.out(
        context.t('backup.cli.snapshotBad', {
          id: snapshot.id,
          missing: snapshot.missingObjects.join(', ') || '-',
          damaged: snapshot.damagedObjects.join(', ') || '-',
          files: snapshot.affectedFiles.join(', '),
        }),
      );
    }
  }
  context.out(
    context.t('backup.cli.verifySummary', {
      objects: report.objectsChecked,
      mb: (report.bytesRead / 1e6).toFixed(1),
      ms: report.durationMs,
    }),
  );
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summaryKey: 'backup.cli.backup',
  usage: 'backup --workspace <dir> --vault <dir> [--passphrase-env VAR] [--no-encryption --yes-unencrypted]',
  async run(context) {
    const options = parseOptions(
      context.args,
      ['--vault', ...secretOptions],
      ['--no-encryption', '--yes-unencrypted'],
    );
    const vaultDir = resolve(required(options, '--vault'));
    if (!existsSync(workspaceDbFile(context.workspaceDir))) {
      throw new AppError('NOT_FOUND', 'backup.errors.noWorkspace', { path: context.workspaceDir });
    }
    let created = false;
    let recoveryKey: string | null = null;
    let secret: BackupJobInput['secret'];
    if (Vault.isVault(vaultDir)) {
      const vault = await openVault(options);
      secret = vault.dataKey ? { dataKey: vault.dataKey.toString('base64') } : {};
    } else if (options.flag('--no-encryption')) {
      if (!options.flag('--yes-unencrypted'))
        throw new AppError('VALIDATION', 'backup.errors.unencryptedNeedsConfirmation');
      await Vault.create(vaultDir, { allowUnencrypted: true });
      created = true;
      secret = {};
    } else {
      const { passphrase } = readSecret(options);
      const envName = options.value('--passphrase-env') ?? defaultPassphraseEnv;
      if (!passphrase) throw new AppError('VALIDATION', 'backup.errors.envMissing', { name: envName });
      if ([...passphrase].length < 8)
        throw new AppError('VALIDATION', 'backup.errors.passphraseTooShort', { min: 8 });
      const made = await Vault.create(vaultDir, { passphrase });
      created = true;
      recoveryKey = made.recoveryKey;
      secret = { dataKey: made.vault.dataKey!.toString('base64') };
      context.out(context.t('backup.cli.recoveryKeyNotice', { key: recoveryKey ?? '' }));
    }

    return context.withBackend(async (backend) => {
      const input: BackupJobInput = { vaultDir, secret, kind: 'manual', appVersion: backend.appVersion };
      // Ctrl+C cancels between chunks; the vault keeps every finished snapshot either way.
      const result = await runJob<BackupRunResult>(backend, 'backup.create', input);
      const { snapshot } = result;
      context.out(
        context.t('backup.cli.backupDone', {
          id: snapshot.id,
          files: snapshot.counts.files,
          members: snapshot.counts.members,
          messages: snapshot.counts.messages,
          total: (snapshot.totalBytes / 1e6).toFixed(1),
          written: (snapshot.bytesWritten / 1e6).toFixed(2),
        }),
      );
      if (!result.verify.ok) {
        describeVerify(context, result.verify);
        context.setExitCode(damagedExitCode);
      }
      return {
        vault: vaultDir,
        created,
        recoveryKey,
        snapshot,
        counts: snapshot.counts,
        bytesWritten: snapshot.bytesWritten,
        totalBytes: snapshot.totalBytes,
        verify: result.verify,
        healedObjects: result.healedObjects,
      };
    });
  },
};

/** Runs a job in-process to its end (Ctrl+C cancels it between chunks); its failure becomes the command's. */
async function runJob<T>(backend: Backend, kind: string, input: unknown): Promise<T> {
  const jobId = backend.jobs.start(kind, input, 'cli');
  const cancel = () => backend.jobs.cancel(jobId);
  process.once('SIGINT', cancel);
  const job = await backend.jobs.wait(jobId).finally(() => process.off('SIGINT', cancel));
  if (job.status !== 'done') {
    throw job.error
      ? new AppError(job.error.code as ErrorCode, job.error.message, job.error.params)
      : new AppError('CANCELLED');
  }
  return job.result as T;
}

export const verifyCommand: CliCommand = {
  name: 'verify',
  summaryKey: 'backup.cli.verify',
  usage:
    'verify --vault <dir> [--snapshot <id>] [--quarantine] [--passphrase-env VAR | --recovery-key-env VAR]',
  async run(context) {
    const options = parseOptions(context.args, ['--vault', '--snapshot', ...secretOptions], ['--quarantine']);
    const snapshotId = options.value('--snapshot');
    if (snapshotId !== undefined && !snapshotIdPattern.test(snapshotId)) {
      throw new AppError('VALIDATION', 'backup.errors.badSnapshotId', { id: snapshotId });
    }
    const vault = await openVault(options);
    if (snapshotId !== undefined && !vault.listSnapshotIds().includes(snapshotId)) {
      throw new AppError('NOT_FOUND', 'backup.errors.snapshotNotFound', { id: snapshotId });
    }
    // --quarantine moves damaged objects aside so the next backup writes those chunks again.
    const report = await verifyVault(vault, {
      snapshotIds: snapshotId ? [snapshotId] : undefined,
      quarantine: options.flag('--quarantine'),
    });
    describeVerify(context, report);
    if (!report.ok) context.setExitCode(damagedExitCode);
    return {
      ...report,
      counts: {
        snapshots: report.snapshots.length,
        objects: report.objectsChecked,
        problems: report.problems.length,
      },
      bytesWritten: 0,
    };
  },
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  summaryKey: 'backup.cli.restore',
  usage: 'restore --vault <dir> --snapshot <id> --to <dir> [--allow-non-empty] [--passphrase-env VAR]',
  async run(context) {
    const options = parseOptions(
      context.args,
      ['--vault', '--snapshot', '--to', ...secretOptions],
      ['--allow-non-empty'],
    );
    const snapshotId = required(options, '--snapshot');
    if (!snapshotIdPattern.test(snapshotId))
      throw new AppError('VALIDATION', 'backup.errors.badSnapshotId', { id: snapshotId });
    const target = resolve(required(options, '--to'));
    const vault = await openVault(options);
    const report: RestoreReport = await restoreSnapshot(vault, snapshotId, target, {
      allowNonEmpty: options.flag('--allow-non-empty'),
    });
    context.out(
      context.t('backup.cli.restoreDone', {
        files: report.restoredFiles,
        mb: (report.bytesWritten / 1e6).toFixed(1),
        path: report.target,
      }),
    );
    if (!report.complete) {
      for (const file of report.failedFiles) {
        context.out(
          context.t('backup.cli.restoreFailedFile', {
            path: file.path,
            reason: context.t(file.reason),
            objects: file.objects.join(', '),
          }),
        );
      }
      for (const file of report.refusedFiles)
        context.out(
          context.t('backup.cli.restoreRefusedFile', { path: file.path, reason: context.t(file.reason) }),
        );
      if (report.database && (report.database.integrity !== 'ok' || !report.database.countsMatch)) {
        context.out(context.t('backup.cli.restoreDatabaseBad', { integrity: report.database.integrity }));
      }
      context.setExitCode(damagedExitCode);
    }
    return { ...report, counts: report.database?.counts ?? null };
  },
};

export const snapshotsCommand: CliCommand = {
  name: 'snapshots',
  summaryKey: 'backup.cli.snapshots',
  usage: 'snapshots --vault <dir> [--passphrase-env VAR | --recovery-key-env VAR]',
  async run(context) {
    const options = parseOptions(context.args, ['--vault', ...secretOptions]);
    const vault = await openVault(options);
    const { manifests, damaged } = vault.readAllManifests();
    const snapshots = manifests.map((manifest) => ({ ...summarizeManifest(manifest), verified: null }));
    for (const snapshot of snapshots) {
      context.out(
        context.t('backup.cli.snapshotLine', {
          id: snapshot.id,
          kind: snapshot.kind,
          at: snapshot.createdAt,
          members: snapshot.counts.members,
          messages: snapshot.counts.messages,
          total: (snapshot.totalBytes / 1e6).toFixed(1),
          written: (snapshot.bytesWritten / 1e6).toFixed(2),
        }),
      );
    }
    for (const bad of damaged)
      context.out(
        context.t('backup.cli.snapshotManifestBad', { id: bad.snapshotId, reason: context.t(bad.reason) }),
      );
    return {
      vault: vault.dir,
      vaultUuid: vault.uuid,
      encrypted: vault.encrypted,
      snapshots,
      damaged: damaged.map((error) => ({ id: error.snapshotId, reason: error.reason })),
      counts: { snapshots: snapshots.length, damaged: damaged.length },
      bytesWritten: 0,
    };
  },
};

export const pruneCommand: CliCommand = {
  name: 'prune',
  summaryKey: 'backup.cli.prune',
  usage: 'prune --vault <dir> [--keep-daily 7] [--keep-weekly 4] [--keep-monthly 12] [--dry-run]',
  async run(context) {
    const options = parseOptions(
      context.args,
      ['--vault', '--keep-daily', '--keep-weekly', '--keep-monthly', ...secretOptions],
      ['--dry-run'],
    );
    // A count left out keeps the app's default rather than zero: a bare `prune` must not empty the vault.
    const policy = {
      keepDaily: count(options, '--keep-daily') ?? defaultRetention.keepDaily,
      keepWeekly: count(options, '--keep-weekly') ?? defaultRetention.keepWeekly,
      keepMonthly: count(options, '--keep-monthly') ?? defaultRetention.keepMonthly,
    };
    const vault = await openVault(options);
    const report = await pruneVault(vault, policy, { dryRun: options.flag('--dry-run') });
    context.out(
      context.t(report.dryRun ? 'backup.cli.pruneDryRun' : 'backup.cli.pruneDone', {
        kept: report.kept.length,
        removed: report.removed.length,
        objects: report.objectsDeleted,
        mb: (report.bytesFreed / 1e6).toFixed(1),
      }),
    );
    if (report.sweepSkipped) context.out(context.t(report.sweepSkipped));
    return {
      ...report,
      counts: {
        kept: report.kept.length,
        removed: report.removed.length,
        objectsDeleted: report.objectsDeleted,
      },
    };
  },
};

const archiveUsage =
  'archive export --workspace <dir> --out <file> [--overwrite] [--passphrase-env VAR] | archive import <file> --to <dir> [--passphrase-env VAR]';

/** The passphrase the archive commands read from the environment variable the options name. */
function archivePassphrase(options: ParsedOptions): string {
  const envName = options.value('--passphrase-env') ?? defaultPassphraseEnv;
  const passphrase = fromEnv(envName);
  if (!passphrase) throw new AppError('VALIDATION', 'backup.errors.envMissing', { name: envName });
  return passphrase;
}

/** `archive export` packs the workspace into one encrypted file; `archive import` unpacks one into a new folder. */
export const archiveCommand: CliCommand = {
  name: 'archive',
  summaryKey: 'backup.cli.archive',
  usage: archiveUsage,
  async run(context) {
    const [action, ...rest] = context.args;
    if (action === 'export') {
      const options = parseOptions(rest, ['--out', '--passphrase-env'], ['--overwrite']);
      const out = resolve(required(options, '--out'));
      const passphrase = archivePassphrase(options);
      if ([...passphrase].length < minPassphraseLength)
        throw new AppError('VALIDATION', 'backup.errors.passphraseTooShort', { min: minPassphraseLength });
      checkArchiveDestination(out, options.flag('--overwrite'));
      if (!existsSync(workspaceDbFile(context.workspaceDir))) {
        throw new AppError('NOT_FOUND', 'backup.errors.noWorkspace', { path: context.workspaceDir });
      }
      return context.withBackend(async (backend) => {
        const input: ExportArchiveJobInput = {
          outPath: out,
          passphrase,
          overwrite: options.flag('--overwrite'),
          appVersion: backend.appVersion,
        };
        const report = await runJob<ArchiveExportReport>(backend, 'backup.exportArchive', input);
        context.out(
          context.t('backup.cli.archiveExported', {
            path: report.path,
            files: report.files,
            members: report.counts.members,
            messages: report.counts.messages,
            mb: (report.bytesWritten / 1e6).toFixed(1),
          }),
        );
        return report;
      });
    }
    if (action === 'import' && rest[0] !== undefined && !rest[0].startsWith('--')) {
      const [file, ...optionArgs] = rest;
      const options = parseOptions(optionArgs, ['--to', '--passphrase-env']);
      const report = await importWorkspaceArchive({
        archivePath: resolve(file!),
        target: resolve(required(options, '--to')),
        passphrase: archivePassphrase(options),
      });
      context.out(
        context.t('backup.cli.archiveImported', {
          path: report.target,
          files: report.files,
          members: report.counts.members,
          messages: report.counts.messages,
        }),
      );
      return report;
    }
    throw new AppError('VALIDATION', 'backup.errors.archiveUsage', { usage: archiveUsage });
  },
};

export const backupCommands: readonly CliCommand[] = [
  backupCommand,
  archiveCommand,
  verifyCommand,
  restoreCommand,
  snapshotsCommand,
  pruneCommand,
];
