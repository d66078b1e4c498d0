/**
 * Retention: keep the newest snapshot of each of the last N days, N weeks (ISO weeks) and N months that have one,
 * in local time, and always the newest snapshot of all. Prune deletes the other manifests, then every object no
 * kept manifest references (objects of interrupted backups too).
 */
import { join } from 'node:path';
import type { PruneReport } from '../../../shared/ipc/channels/backup';
import { fsyncDirectory } from './files';
import { manifestObjects } from './manifest';
import type { Vault } from './vault';

export interface RetentionPolicy {
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
}

/** The same defaults as the backup settings row (migration 0004). */
export const defaultRetention: RetentionPolicy = { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekKey(date: Date): string {
  const day = new Date(date.getFullYear(), date.getMonth(), date.getDate(), 12);
  const weekday = (day.getDay() + 6) % 7;
  day.setDate(day.getDate() - weekday + 3);
  const weekYear = day.getFullYear();
  const firstThursday = new Date(weekYear, 0, 4, 12);
  firstThursday.setDate(firstThursday.getDate() - ((firstThursday.getDay() + 6) % 7) + 3);
  const week = 1 + Math.round((day.getTime() - firstThursday.getTime()) / (7 * 24 * 3600 * 1000));
  return `${weekYear}-W${pad(week)}`;
}

export function monthKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

/** A safety snapshot (taken before a restore over the workspace) is the way back from that restore: kept this long. */
export const safetySnapshotDays = 7;

/** Which snapshots to keep, each with why (latest, safety, daily, weekly, monthly). */
export function selectRetained(
  snapshots: readonly { id: string; createdAt: string; kind?: string }[],
  policy: RetentionPolicy,
  now = Date.now(),
): Map<string, string[]> {
  const newestFirst = [...snapshots].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  );
  const kept = new Map<string, string[]>();
  const keep = (id: string, reason: string) => kept.set(id, [...(kept.get(id) ?? []), reason]);
  if (newestFirst[0]) keep(newestFirst[0].id, 'latest');
  for (const snapshot of newestFirst) {
    if (
      snapshot.kind === 'safety' &&
      now - Date.parse(snapshot.createdAt) < safetySnapshotDays * 24 * 3600 * 1000
    ) {
      keep(snapshot.id, 'safety');
    }
  }
  const rules: [string, number, (date: Date) => string][] = [
    ['daily', policy.keepDaily, dayKey],
    ['weekly', policy.keepWeekly, isoWeekKey],
    ['monthly', policy.keepMonthly, monthKey],
  ];
  for (const [reason, count, bucketOf] of rules) {
    let lastBucket: string | null = null;
    let keptCount = 0;
    for (const snapshot of newestFirst) {
      if (keptCount >= count) break;
      const bucket = bucketOf(new Date(snapshot.createdAt));
      if (bucket === lastBucket) continue;
      lastBucket = bucket;
      keptCount += 1;
      keep(snapshot.id, reason);
    }
  }
  return kept;
}

export async function pruneVault(
  vault: Vault,
  policy: RetentionPolicy,
  options: { dryRun?: boolean } = {},
): Promise<PruneReport> {
  const dryRun = options.dryRun ?? false;
  const lock = dryRun ? null : vault.lock('prune');
  try {
    const { manifests, damaged } = vault.readAllManifests();
    const retained = selectRetained(manifests, policy);
    const report: PruneReport = {
      dryRun,
      kept: [
        ...manifests
          .filter((m) => retained.has(m.id))
          .map((m) => ({ id: m.id, reasons: retained.get(m.id)! })),
        // An unreadable manifest is never deleted: a later read (another disk, a fixed cable) may still succeed.
        ...damaged.map((error) => ({ id: error.snapshotId, reasons: ['unreadable'] })),
      ],
      removed: manifests.filter((m) => !retained.has(m.id)).map((m) => m.id),
      objectsDeleted: 0,
      bytesFreed: 0,
      bytesWritten: 0,
      sweepSkipped: null,
    };
    for (const id of report.removed) {
      report.bytesFreed += vault.manifestSize(id);
      if (!dryRun) vault.deleteManifest(id);
    }
    if (!dryRun) fsyncDirectory(join(vault.dir, 'snapshots'));
    if (damaged.length > 0) {
      // The objects an unreadable manifest references are unknown; deleting none of them is the safe side.
      report.sweepSkipped = 'backup.errors.sweepSkipped';
      return report;
    }
    const referenced = new Set<string>();
    for (const manifest of manifests) {
      if (!retained.has(manifest.id)) continue;
      for (const name of manifestObjects(manifest).keys()) referenced.add(name);
    }
    for (const name of vault.listObjectNames()) {
      if (referenced.has(name)) continue;
      report.objectsDeleted += 1;
      report.bytesFreed += vault.objectSize(name);
      if (!dryRun) vault.deleteObject(name);
      lock?.touch();
    }
    return report;
  } finally {
    lock?.release();
  }
}
