/** When the daily backup is due and whether the last good one is too old: pure functions of settings and clock. */
import type { BackupSettings } from '../../../shared/ipc/channels/backup';

const hourMs = 3600 * 1000;

/** Today's (local) slot at the configured time of day; DST-safe because it is built from calendar fields. */
function slotOn(day: Date, timeOfDay: number): number {
  return new Date(
    day.getFullYear(),
    day.getMonth(),
    day.getDate(),
    Math.floor(timeOfDay / 60),
    timeOfDay % 60,
  ).getTime();
}

/**
 * The moment the next daily backup is due, in epoch ms: the latest slot not yet covered by a backup (which may be
 * in the past: overdue, run now), else tomorrow's slot. Null when daily backups are off.
 * A backup taken any time after a slot covers it, so a manual backup in the evening skips that evening's run.
 */
export function nextBackupDue(
  settings: Pick<BackupSettings, 'dailyEnabled' | 'timeOfDay'>,
  lastBackup: number | null,
  now: number,
): number | null {
  if (!settings.dailyEnabled) return null;
  const today = new Date(now);
  let latestSlot = slotOn(today, settings.timeOfDay);
  if (latestSlot > now) {
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1, 12);
    latestSlot = slotOn(yesterday, settings.timeOfDay);
  }
  if (lastBackup === null || lastBackup < latestSlot) return latestSlot;
  const next = new Date(latestSlot);
  return slotOn(new Date(next.getFullYear(), next.getMonth(), next.getDate() + 1, 12), settings.timeOfDay);
}

/** Age of the last good backup and whether the red banner shows (no good backup at all counts as stale). */
export function backupHealth(
  lastGoodBackup: number | null,
  warnAfterHours: number,
  now: number,
): { ageHours: number | null; stale: boolean } {
  if (lastGoodBackup === null) return { ageHours: null, stale: true };
  const ageHours = Math.max(0, (now - lastGoodBackup) / hourMs);
  return { ageHours: Math.round(ageHours * 10) / 10, stale: ageHours > warnAfterHours };
}

/**
 * Ticks the backup service about once a minute while the app (or browser mode) runs, so the daily backup starts
 * when it is due. Returns the function that stops it.
 */
export function startBackupScheduler(
  service: { tick(): unknown },
  logError: (scope: string, error: unknown) => void,
  intervalMs = 60_000,
): () => void {
  const timer = setInterval(() => {
    try {
      service.tick();
    } catch (error) {
      logError('backup-scheduler', error);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
