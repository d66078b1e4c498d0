/**
 * Backup jobs: `backup.create` (snapshot + automatic verify), `backup.verify` (re-read every object) and
 * `backup.restore` (into a new folder, or over this workspace after a safety snapshot). Each runs on the job's own
 * connection, in a worker thread in the app. Secrets arrive in the input (a passphrase from the CLI, the unlocked
 * data key from the app) and are never written anywhere.
 */
import { dataEntities } from '../../../shared/ipc/contract';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  snapshotIdSchema,
  snapshotKinds,
  type ArchiveExportReport,
  type ArchiveImportReport,
  type BackupRunResult,
} from '../../../shared/ipc/channels/backup';
import { exportWorkspaceArchive, importWorkspaceArchive } from '../backup/archive';
import { backupWorkspace } from '../backup/backupRun';
import { restoreSnapshot } from '../backup/restore';
import { restoreOverWorkspace } from '../backup/restoreOver';
import { verifyVault } from '../backup/verify';
import { Vault } from '../backup/vault';
import type { Db } from '../db/connection';
import { recordAudit } from '../db/repositories/audit';
import {
  recordBackupRun,
  recordVerification,
  upsertVaultRow,
  listVaultRows,
} from '../db/repositories/backup';
import { exportWatermark } from '../services/audit';
import { defineJob } from './types';

const secretSchema = z
  .object({
    passphrase: z.string().optional(),
    recoveryKey: z.string().optional(),
    /** base64 of the data key the app unlocked. */
    dataKey: z.string().optional(),
  })
  .strict()
  .default({});

const vaultInput = { vaultDir: z.string().min(1), secret: secretSchema };

const createInputSchema = z.object({
  ...vaultInput,
  kind: z.enum(snapshotKinds).default('manual'),
  appVersion: z.string().nullable().default(null),
});
const verifyInputSchema = z.object({ ...vaultInput, snapshotId: snapshotIdSchema.optional() });
const restoreInputSchema = z.object({
  ...vaultInput,
  snapshotId: snapshotIdSchema,
  target: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('folder'),
      path: z.string().min(1),
      allowNonEmpty: z.boolean().default(false),
    }),
    z.object({ kind: z.literal('workspace') }),
  ]),
  appVersion: z.string().nullable().default(null),
});

const exportArchiveInputSchema = z.object({
  outPath: z.string().min(1),
  passphrase: z.string().min(1),
  overwrite: z.boolean().default(false),
  appVersion: z.string().nullable().default(null),
  /** Tests use cheap parameters; the app always takes the default. */
  scrypt: z.object({ N: z.number().int(), r: z.number().int(), p: z.number().int() }).optional(),
});
const importArchiveInputSchema = z.object({
  archivePath: z.string().min(1),
  target: z.string().min(1),
  passphrase: z.string().min(1),
});

export type BackupJobInput = z.input<typeof createInputSchema>;
export type ExportArchiveJobInput = z.input<typeof exportArchiveInputSchema>;
export type ImportArchiveJobInput = z.input<typeof importArchiveInputSchema>;
export type VerifyJobInput = z.input<typeof verifyInputSchema>;
export type RestoreJobInput = z.input<typeof restoreInputSchema>;

function openVault(input: { vaultDir: string; secret: z.output<typeof secretSchema> }): Promise<Vault> {
  const { passphrase, recoveryKey, dataKey } = input.secret;
  return Vault.open(input.vaultDir, {
    passphrase,
    recoveryKey,
    dataKey: dataKey ? Buffer.from(dataKey, 'base64') : undefined,
  });
}

function registeredVaultId(db: Db, vault: Vault): number | undefined {
  return listVaultRows(db).find((row) => row.path === vault.dir || row.vaultUuid === vault.uuid)?.id;
}

export const backupCreateJob = defineJob({
  kind: 'backup.create',
  titleKey: 'backup.jobs.create',
  changes: ['backups'],
  async run(rawInput, context): Promise<BackupRunResult> {
    const input = createInputSchema.parse(rawInput);
    const vault = await openVault(input);
    const startedAt = context.now();
    const result = await backupWorkspace(vault, {
      workspaceDir: context.workspaceDir,
      db: context.db,
      kind: input.kind,
      appVersion: input.appVersion,
      now: context.now,
      steps: context,
    });
    // The history goes into the workspace after the snapshot was taken, so it shows up in the next one.
    const finishedAt = context.now();
    const verification = {
      ok: result.verify.ok,
      missing: result.verify.snapshots.reduce((sum, s) => sum + s.missingObjects.length, 0),
      damaged: result.verify.snapshots.reduce((sum, s) => sum + s.damagedObjects.length, 0),
    };
    context.db.transaction(() => {
      const vaultId =
        registeredVaultId(context.db, vault) ??
        upsertVaultRow(
          context.db,
          { path: resolve(vault.dir), vaultUuid: vault.uuid, encrypted: vault.encrypted },
          finishedAt,
        );
      recordBackupRun(context.db, {
        vaultId,
        snapshotId: result.snapshot.id,
        kind: input.kind,
        startedAt,
        finishedAt,
        bytesWritten: result.snapshot.bytesWritten,
        verifiedOk: result.verify.ok,
      });
      recordVerification(context.db, vaultId, result.snapshot.id, finishedAt, verification);
    })();
    return {
      ...result,
      snapshot: { ...result.snapshot, verified: { at: new Date(finishedAt).toISOString(), ...verification } },
    };
  },
});

export const backupVerifyJob = defineJob({
  kind: 'backup.verify',
  titleKey: 'backup.jobs.verify',
  changes: ['backups'],
  async run(rawInput, context) {
    const input = verifyInputSchema.parse(rawInput);
    const vault = await openVault(input);
    // Damaged objects go to quarantine/ so the next backup stores those chunks again (when the data still exists).
    const report = await verifyVault(vault, {
      snapshotIds: input.snapshotId ? [input.snapshotId] : undefined,
      quarantine: true,
      steps: context,
    });
    const vaultId = registeredVaultId(context.db, vault);
    if (vaultId !== undefined) {
      const at = context.now();
      context.db.transaction(() => {
        for (const snapshot of report.snapshots) {
          recordVerification(context.db, vaultId, snapshot.id, at, {
            ok: snapshot.ok,
            missing: snapshot.missingObjects.length,
            damaged: snapshot.damagedObjects.length + (snapshot.manifestProblem ? 1 : 0),
          });
        }
      })();
    }
    return report;
  },
});

export const backupRestoreJob = defineJob({
  kind: 'backup.restore',
  titleKey: 'backup.jobs.restore',
  // A restore can change anything the workspace holds.
  changes: [...dataEntities],
  async run(rawInput, context) {
    const input = restoreInputSchema.parse(rawInput);
    const vault = await openVault(input);
    if (input.target.kind === 'folder') {
      return restoreSnapshot(vault, input.snapshotId, resolve(input.target.path), {
        allowNonEmpty: input.target.allowNonEmpty,
        steps: context,
      });
    }
    return restoreOverWorkspace(vault, input.snapshotId, {
      workspaceDir: context.workspaceDir,
      db: context.db,
      operator: context.operator,
      appVersion: input.appVersion,
      now: context.now,
      steps: context,
    });
  },
});

export const exportArchiveJob = defineJob({
  kind: 'backup.exportArchive',
  titleKey: 'backup.jobs.exportArchive',
  changes: ['backups', 'audit'],
  async run(rawInput, context): Promise<ArchiveExportReport> {
    const input = exportArchiveInputSchema.parse(rawInput);
    const report = await exportWorkspaceArchive({
      workspaceDir: context.workspaceDir,
      db: context.db,
      outPath: input.outPath,
      passphrase: input.passphrase,
      overwrite: input.overwrite,
      appVersion: input.appVersion,
      now: context.now,
      scrypt: input.scrypt,
      steps: context,
      watermark: exportWatermark(context.db, { operator: context.operator, now: context.now() }),
    });
    // The whole workspace left in one file: worth a line in the activity log.
    recordAudit(context.db, context.now(), {
      operator: context.operator,
      action: 'archive-export',
      entity: 'workspace',
      detail: { path: report.path, files: report.files, bytes: report.bytesWritten },
    });
    return report;
  },
});

export const importArchiveJob = defineJob({
  kind: 'backup.importArchive',
  titleKey: 'backup.jobs.importArchive',
  changes: ['backups', 'audit'],
  async run(rawInput, context): Promise<ArchiveImportReport> {
    const input = importArchiveInputSchema.parse(rawInput);
    const report = await importWorkspaceArchive({
      archivePath: input.archivePath,
      target: input.target,
      passphrase: input.passphrase,
      steps: context,
    });
    recordAudit(context.db, context.now(), {
      operator: context.operator,
      action: 'archive-import',
      entity: 'workspace',
      detail: { archive: report.archivePath, target: report.target, files: report.files },
    });
    return report;
  },
});

export const backupJobs = [
  backupCreateJob,
  backupVerifyJob,
  backupRestoreJob,
  exportArchiveJob,
  importArchiveJob,
] as const;
