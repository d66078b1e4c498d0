/**
 * What the backup screens share with the banner in the app shell, which stays mounted on every screen:
 * - the backup jobs this window started, so their reports open when they finish wherever the user is;
 * - the report on show;
 * - a change counter: the screen that made a change announces it at once, so every backup view (the banner too)
 *   refetches without waiting for the backend's `data.changed` to arrive.
 */
import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import type {
  ArchiveExportReport,
  ArchiveImportReport,
  RestoreReport,
  VerifyReport,
} from '../../../../shared/ipc/channels/backup';

export type WatchedKind = 'create' | 'verify' | 'restore' | 'exportArchive' | 'importArchive';

/** `vaultName` names the vault, or the archive file for the archive reports. */
export type ShownReport =
  | { kind: 'verify'; report: VerifyReport; vaultName: string; afterBackup: boolean }
  | { kind: 'restore'; report: RestoreReport; vaultName: string }
  | { kind: 'exportArchive'; report: ArchiveExportReport; vaultName: string }
  | { kind: 'importArchive'; report: ArchiveImportReport; vaultName: string };

interface BackupUiState {
  watched: ReadonlyMap<string, { kind: WatchedKind; vaultName: string }>;
  report: ShownReport | null;
  changes: number;
}

let state: BackupUiState = { watched: new Map(), report: null, changes: 0 };
const listeners = new Set<() => void>();

function update(next: Partial<BackupUiState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function subscribeToStore(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useBackupUiState(): BackupUiState {
  return useSyncExternalStore(subscribeToStore, () => state);
}

/** Follows a job this window started until it ends. */
export function watchBackupJob(jobId: string, kind: WatchedKind, vaultName: string): void {
  update({ watched: new Map(state.watched).set(jobId, { kind, vaultName }) });
}

export function forgetBackupJob(jobId: string): void {
  const watched = new Map(state.watched);
  if (watched.delete(jobId)) update({ watched });
}

export function showReport(report: ShownReport): void {
  update({ report });
}

export function closeReport(): void {
  update({ report: null });
}

/** Tells every backup view that vaults, settings or status changed. */
export function announceBackupChange(): void {
  update({ changes: state.changes + 1 });
}

/** Calls `onChange` after every announced change. */
export function useBackupChanged(onChange: () => void): void {
  const handle = useEffectEvent(onChange);
  useEffect(() => {
    let seen = state.changes;
    return subscribeToStore(() => {
      if (state.changes === seen) return;
      seen = state.changes;
      handle();
    });
  }, []);
}
