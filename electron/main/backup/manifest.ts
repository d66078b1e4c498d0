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

/**
 * Version 3 adds delta objects: a chunk entry may name its base object, and `bases` lists the objects needed only
 * as bases, so a manifest names every object its restore reads. Version 2 records each chunk's stored size (objects
 * may be compressed); version 1 neither. A snapshot without deltas is still written as version 2 (older versions of
 * the app read it); all three read.
 */
export const manifestVersion = 3;
/** The version of a manifest whose snapshot stores no delta. */
export const manifestVersionWithoutDeltas = 2;
export const objectNamePattern = /^[0-9a-f]{64}$/;

const count = z.number().int().min(0);

export const countsSchema = z.object({
  groups: count,
  members: count,
  messages: count,
  imports: count,
  files: count,
});

const objectNameSchema = z.string().regex(objectNamePattern);

/**
 * One chunk: [object name, plaintext size, bytes its object file holds (left out by version 1), the base object of a
 * delta (version 3; left out for an object stored whole)].
 */
const chunkSchema = z.union([
  z.tuple([objectNameSchema, count, count, objectNameSchema]),
  z.tuple([objectNameSchema, count, count]),
  z.tuple([objectNameSchema, count]),
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
  version: z.union([z.literal(1), z.literal(manifestVersionWithoutDeltas), z.literal(manifestVersion)]),
  id: snapshotIdSchema,
  vaultUuid: z.string(),
  kind: z.enum(snapshotKinds),
  createdAt: z.string(),
  finishedAt: z.string(),
  workspace: z.object({ id: z.string().nullable(), schemaVersion: count, appVersion: z.string().nullable() }),
  counts: countsSchema,
  files: z.array(fileSchema),
  /** Version 3: objects the snapshot needs only as bases of its delta objects (and of their bases), not as chunks. */
  bases: z.array(chunkSchema).optional(),
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

/** The base object a chunk entry names (a delta's), or undefined for an object stored whole. */
export function baseOf(chunk: ManifestChunk): string | undefined {
  return chunk[3];
}

/**
 * Every object a manifest references, bases of delta objects included, with its chunk entry (plaintext size, stored
 * size when recorded, base when a delta): everything prune must keep and verify and restore read.
 */
export function manifestObjects(manifest: SnapshotManifest): Map<string, ManifestChunk> {
  const objects = new Map<string, ManifestChunk>();
  for (const chunk of manifest.bases ?? []) objects.set(chunk[0], chunk);
  for (const file of manifest.files) for (const chunk of file.chunks) objects.set(chunk[0], chunk);
  return objects;
}

/** Whether every base the manifest's objects name is among them (a manifest names all its restore reads). */
export function basesComplete(objects: ReadonlyMap<string, ManifestChunk>): boolean {
  for (const chunk of objects.values()) {
    const base = baseOf(chunk);
    if (base !== undefined && !objects.has(base)) return false;
  }
  return true;
}

/**
 * The chain of a delta object as entries, the object first and the whole object its chain starts from last; null
 * when an entry is missing from `objects`, the chain loops or runs longer than `limit` objects.
 */
export function chainOf(
  name: string,
  objects: ReadonlyMap<string, ManifestChunk>,
  limit = Number.POSITIVE_INFINITY,
): ManifestChunk[] | null {
  const chain: ManifestChunk[] = [];
  const seen = new Set<string>();
  let next: string | undefined = name;
  while (next !== undefined) {
    const entry = objects.get(next);
    if (!entry || seen.has(next) || chain.length >= limit) return null;
    seen.add(next);
    chain.push(entry);
    next = baseOf(entry);
  }
  return chain;
}
