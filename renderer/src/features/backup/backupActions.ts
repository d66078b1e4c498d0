/**
 * Starting backup jobs from any screen (the banner too), the backup routes, and the data hook the backup views
 * share. A started job is tracked by the jobs indicator (progress, ETA, cancel, the notification when it ends) and
 * watched here so its report opens when it finishes.
 */
import { ApiError, call } from '../../api/client';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../../shared/ipc/contract';
import { navigate } from '../../app/router';
import { notifyError } from '../../ui/errors';
import { useChannel, type ChannelState } from '../../ui/useChannel';
import { useJobs } from '../jobs/JobsProvider';
import { announceBackupChange, useBackupChanged, watchBackupJob, type WatchedKind } from './backupStore';

export const backupPath = '/backup';
export const newVaultPath = '/backup/new';

/** `/backup/unlock/3`, or `/backup/unlock/3/backup` to start a backup once unlocked. */
export function unlockPath(vaultId: number, thenBackUp = false): string {
  return `${backupPath}/unlock/${vaultId}${thenBackUp ? '/backup' : ''}`;
}

const backupJobKinds = new Set([
  'backup.create',
  'backup.verify',
  'backup.restore',
  'backup.exportArchive',
  'backup.importArchive',
]);

/** A backup channel's output, refetched when a backup job changes data or a backup screen announces a change. */
export function useBackupChannel<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
): ChannelState<ChannelOutput<K>> {
  const state = useChannel(channel, input, ['backups', 'workspace']);
  useBackupChanged(state.reload);
  return state;
}

function isErrorKey(error: unknown, key: string): boolean {
  return error instanceof ApiError && error.payload.message === key;
}

export function useBackupActions() {
  const { track, running } = useJobs();

  const follow = (jobId: string, kind: WatchedKind, vaultName: string) => {
    watchBackupJob(jobId, kind, vaultName);
    track(jobId);
    announceBackupChange();
  };

  /**
   * 立即备份: into the given vault, or the default one. With no vault yet it opens the form to add one; with the
   * vault locked it asks for the passphrase and backs up right after.
   */
  const backUp = async (vault: { id: number; name: string } | null): Promise<void> => {
    try {
      const { jobId } = await call('backup.start', vault ? { vaultId: vault.id } : {});
      follow(jobId, 'create', vault?.name ?? '');
    } catch (error) {
      if (isErrorKey(error, 'backup.errors.noDefaultVault')) return navigate(newVaultPath);
      if (isErrorKey(error, 'backup.errors.vaultLocked')) {
        const vaultId = vault?.id ?? (await call('backup.status')).defaultVaultId;
        if (vaultId !== null) return navigate(unlockPath(vaultId, true));
      }
      notifyError(error);
    }
  };

  const verify = async (vault: { id: number; name: string }, snapshotId?: string): Promise<void> => {
    try {
      const { jobId } = await call('backup.verify', {
        vaultId: vault.id,
        ...(snapshotId ? { snapshotId } : {}),
      });
      follow(jobId, 'verify', vault.name);
    } catch (error) {
      notifyError(error);
    }
  };

  /** Throws so the restore dialog can show why it could not start. */
  const restore = async (
    vault: { id: number; name: string },
    input: Omit<ChannelInput<'backup.restore'>, 'vaultId'>,
  ): Promise<void> => {
    const { jobId } = await call('backup.restore', { vaultId: vault.id, ...input });
    follow(jobId, 'restore', vault.name);
  };

  return {
    backUp,
    verify,
    restore,
    /** A backup, verify or restore job is running: the buttons wait for it. */
    busy: running.some((job) => backupJobKinds.has(job.kind)),
    backingUp: running.some((job) => job.kind === 'backup.create'),
  };
}
