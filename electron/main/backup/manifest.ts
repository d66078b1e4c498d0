/** The snapshot manifest: what a snapshot holds, stored sealed (encrypted in an encrypted vault) in `snapshots/`. */
import { z } from 'zod';
import { frameOverhead } from './crypto';
import {
  snapshotIdSchema,
  snapshotKinds,
  type BackupCounts,
  type SnapshotKind,
  type SnapshotSummary,
} from '../../../shared/ipc/channels/backup';

/** Version 2 records each chunk's stored size (objects may be compressed); version 1 manifests still read. */
export const manifestVersion = 2;
export const objectNamePattern = /^[0-9a-f]{64}$/;

const count = z.number().int().min(0);

export const countsSchema = z.object({
  groups: count,
  members: count,
  messages: count,
  imports: count,
  files: count,
});

/** One chunk: [object name, plaintext size, bytes its object file holds (left out by version 1)]. */
const chunkSchema = z.union([
  z.tuple([z.string().regex(objectNamePattern), count, count]),
  z.tuple([z.string().regex(objectNamePattern), count]),
]);

const fileSchema = z.object({
  /** Relative, `/`-separated path inside the workspace; restore re-checks it, whatever this schema allowed. */
  path: z.string().min(1).max(4096),
  size: count,
  mtimeMs: z.number(),
  chunks: z.array(chunkSchema),
});

export const manifestSchema = z.object({
  format: z.literal('qundesk-snapshot'),
  version: z.union([z.literal(1), z.literal(manifestVersion)]),
  id: snapshotIdSchema,
  vaultUuid: z.string(),
  kind: z.enum(snapshotKinds),
  createdAt: z.string(),
  finishedAt: z.string(),
  workspace: z.object({ id: z.string().nullable(), schemaVersion: count, appVersion: z.string().nullable() }),
  counts: countsSchema,
  files: z.array(fileSchema),
  totals: z.object({
    totalBytes: count,
    bytesWritten: count,
    bytesReused: count,
    newObjects: count,
    reusedObjects: count,
  }),
  /** Written last, inside the sealed manifest: a manifest without it is never taken for a finished snapshot. */
  complete: z.literal(true),
});

export type SnapshotManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileSchema>;

export const databasePath = 'qundesk.db';
export const importsFolder = 'imports';

export function summarizeManifest(manifest: SnapshotManifest): Omit<SnapshotSummary, 'verified'> {
  return {
    id: manifest.id,
    kind: manifest.kind as SnapshotKind,
    createdAt: manifest.createdAt,
    finishedAt: manifest.finishedAt,
    schemaVersion: manifest.workspace.schemaVersion,
    counts: manifest.counts as BackupCounts,
    ...manifest.totals,
  };
}

export type ManifestChunk = ManifestFile['chunks'][number];

/** What a chunk's object file holds: recorded from version 2 on (objects may be compressed), else a plain frame. */
export function storedBytesOf([, size, stored]: ManifestChunk, encrypted: boolean): number {
  return stored ?? size + frameOverhead(encrypted);
}

/** Every object a manifest references, with its chunk entry (plaintext size, and stored size when recorded). */
export function manifestObjects(manifest: SnapshotManifest): Map<string, ManifestChunk> {
  const objects = new Map<string, ManifestChunk>();
  for (const file of manifest.files) for (const chunk of file.chunks) objects.set(chunk[0], chunk);
  return objects;
}
