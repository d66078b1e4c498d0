import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportWorkspaceArchive,
  importWorkspaceArchive,
  type ArchiveExportOptions,
} from '../../../electron/main/backup/archive';
import { ArchiveWriter, archiveMagic } from '../../../electron/main/backup/archiveFormat';
import { frameCodec, frameIsCompressed } from '../../../electron/main/backup/crypto';
import { readDatabaseFacts } from '../../../electron/main/backup/snapshot';
import { openWorkspace } from '../../../electron/main/services/workspace';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { AppError } from '../../../shared/ipc/errors';
import { makeTempDir } from '../../support/tempWorkspace';
import { makeWorkspace, testPassphrase, testScrypt } from './fixtures';

const temp = makeTempDir('qundesk-archive-');
afterAll(() => temp.remove());

/** Small records, so even this small workspace spans many of them (boundaries, the last record). */
const recordBytes = 16 * 1024;
let sequence = 0;
const fresh = (name: string) => join(temp.dir, `${name}-${(sequence += 1)}`);

async function expectAppError(promise: Promise<unknown>, messageKey: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${messageKey}`).toBeInstanceOf(AppError);
  expect((error as AppError).messageKey).toBe(messageKey);
  return error as AppError;
}

/** The target after a failed import: gone when the import made it, else still there and empty. */
function expectUntouched(target: string, existedBefore: boolean): void {
  if (existedBefore) expect(readdirSync(target)).toEqual([]);
  else expect(existsSync(target)).toBe(false);
}

/** Byte offsets where each record starts (after the header), read from the length prefixes. */
function recordStarts(archive: Buffer): number[] {
  let position = archiveMagic.length + 2;
  position += 4 + archive.readUInt32BE(position);
  const starts: number[] = [];
  while (position < archive.length) {
    starts.push(position);
    position += 4 + archive.readUInt32BE(position);
  }
  return starts;
}

/** Writes an archive by hand with the right passphrase: authentic, but holding whatever entries a test wants. */
async function craftArchive(
  file: string,
  entries: { meta: Record<string, unknown> & { size: number }; content: Buffer }[],
  manifestFiles?: { path: string; size: number; sha256: string }[],
): Promise<void> {
  const fd = openSync(file, 'w');
  try {
    const writer = await ArchiveWriter.start(fd, testPassphrase, { now: Date.now(), scrypt: testScrypt });
    const files: { path: string; size: number; sha256: string }[] = [];
    for (const entry of entries) {
      const sha256 = await writer.addBuffer(entry.meta, entry.content);
      files.push({ path: String(entry.meta.path), size: entry.meta.size, sha256 });
    }
    await writer.finish({
      format: 'qundesk-archive-manifest',
      version: 1,
      archiveUuid: writer.archiveUuid,
      createdAt: writer.createdAt,
      workspace: { id: null, schemaVersion: 1, appVersion: null },
      counts: { groups: 0, members: 0, messages: 0, imports: 0, files: files.length },
      files: manifestFiles ?? files,
      totalBytes: 0,
    });
  } finally {
    closeSync(fd);
  }
}

describe('workspace archive', () => {
  const workspaceDir = join(temp.dir, 'source');
  const archive = join(temp.dir, 'move.qdarchive');
  let importFiles: string[];
  const exportOptions = (overrides: Partial<ArchiveExportOptions> = {}): ArchiveExportOptions => ({
    workspaceDir,
    outPath: archive,
    passphrase: testPassphrase,
    scrypt: testScrypt,
    recordBytes,
    ...overrides,
  });

  beforeAll(async () => {
    const workspace = makeWorkspace(workspaceDir, {
      groups: 3,
      members: 40,
      messages: 1500,
      importSizes: [70_000, 1, 0, 33_333],
    });
    workspace.close();
    importFiles = readdirSync(join(workspaceDir, 'imports')).map((name) => `imports/${name}`);
    await exportWorkspaceArchive(exportOptions());
  });

  it('round trip: a new workspace with the same counts, a sound database and byte-identical raw files', async () => {
    const before = readDatabaseFacts(workspaceDbFile(workspaceDir), true);
    const target = fresh('imported');
    const steps: string[] = [];
    const report = await importWorkspaceArchive({
      archivePath: archive,
      target,
      passphrase: testPassphrase,
      steps: {
        progress: (_done, _total, key) => void (key && steps.push(key)),
        throwIfCancelled: () => {},
        yieldToLoop: async () => {},
      },
    });
    expect(report).toMatchObject({
      files: 1 + importFiles.length,
      integrity: 'ok',
      counts: { ...before.counts, files: 5 },
      workspaceId: before.workspaceId,
      schemaVersion: before.schemaVersion,
    });
    expect(steps).toContain('backup.steps.archiveRead');
    const after = readDatabaseFacts(workspaceDbFile(target), true);
    expect(after.integrity).toBe('ok');
    expect(after.counts).toEqual(before.counts);
    expect(before.counts.messages).toBe(1500);
    for (const file of importFiles) {
      expect(readFileSync(join(target, file)).equals(readFileSync(join(workspaceDir, file))), file).toBe(
        true,
      );
    }
    // Nothing but the workspace: no temporary files left behind.
    expect(readdirSync(target).sort()).toEqual(['imports', 'qundesk.db']);
    // The app opens it as a workspace of its own.
    const reopened = openWorkspace(target);
    expect(reopened.db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 40 });
    reopened.close();
  });

  it('the archive is encrypted: no message text and no raw file content in the clear', () => {
    const bytes = readFileSync(archive);
    expect(bytes.subarray(0, archiveMagic.length).equals(archiveMagic)).toBe(true);
    expect(bytes.includes(Buffer.from('今晚八点直播'))).toBe(false);
    const raw = readFileSync(
      join(
        workspaceDir,
        importFiles.find((file) => statSync(join(workspaceDir, file)).size > 60_000)!,
      ),
    );
    expect(bytes.includes(raw.subarray(1000, 1064))).toBe(false);
    expect(recordStarts(bytes).length).toBeGreaterThan(10);
  });

  it('records are compressed when that pays: the database shrinks, random raw files are stored as they are', () => {
    const bytes = readFileSync(archive);
    const frames = recordStarts(bytes).map((start) =>
      bytes.subarray(start + 4, start + 4 + bytes.readUInt32BE(start)),
    );
    const compressed = frames.filter((frame) => frameIsCompressed(frame)).length;
    expect(compressed).toBeGreaterThan(0);
    expect(frames.every((frame) => frameCodec(frame) !== 'brotli')).toBe(true);
    expect(compressed).toBeLessThan(frames.length);
    const workspaceBytes = [
      workspaceDbFile(workspaceDir),
      ...importFiles.map((file) => join(workspaceDir, file)),
    ]
      .map((file) => statSync(file).size)
      .reduce((sum, size) => sum + size, 0);
    expect(bytes.length).toBeLessThan(workspaceBytes * 0.6);
  });

  it.each([
    ['before compression', 'workspace-v1.qdarchive', 2, null],
    ['with Brotli records', 'workspace-v2.qdarchive', 3, 'brotli'],
  ] as const)('an archive written %s (an earlier format) still imports', async (_, fixture, files, codec) => {
    const archivePath = join(__dirname, '../../fixtures/backup', fixture);
    const bytes = readFileSync(archivePath);
    const codecs = new Set(
      recordStarts(bytes).map((start) =>
        frameCodec(bytes.subarray(start + 4, start + 4 + bytes.readUInt32BE(start))),
      ),
    );
    expect(codecs.has(codec)).toBe(true);
    expect(codecs.has('zstd')).toBe(false);
    const target = fresh(fixture);
    const report = await importWorkspaceArchive({ archivePath, target, passphrase: testPassphrase });
    expect(report).toMatchObject({
      files,
      integrity: 'ok',
      counts: { groups: 1, members: 30, messages: 30, files },
    });
    const reopened = openWorkspace(target);
    expect(reopened.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 30 });
    reopened.close();
  });

  it('a wrong passphrase is a clear error and nothing is written', async () => {
    const target = fresh('wrong');
    await expectAppError(
      importWorkspaceArchive({ archivePath: archive, target, passphrase: 'not the passphrase' }),
      'backup.errors.archiveWrongPassphrase',
    );
    expectUntouched(target, false);
  });

  it('one flipped byte anywhere after the header fails authentication; the target is left as found', async () => {
    const bytes = readFileSync(archive);
    const starts = recordStarts(bytes);
    // Inside the first record, in the middle, and in the very last tag.
    for (const [index, offset] of [
      starts[0]! + 40,
      Math.floor(bytes.length / 2),
      bytes.length - 1,
    ].entries()) {
      const damaged = Buffer.from(bytes);
      damaged[offset] = damaged[offset]! ^ 0x01;
      const file = fresh('flipped');
      writeFileSync(file, damaged);
      const existed = index % 2 === 0;
      const target = fresh('flipped-target');
      if (existed) mkdirSync(target);
      const error = await expectAppError(
        importWorkspaceArchive({ archivePath: file, target, passphrase: testPassphrase }),
        'backup.errors.archiveDamaged',
      );
      expect(error.params?.record).toBeGreaterThan(0);
      expectUntouched(target, existed);
    }
  });

  it('a cut-off archive (mid-record, at a record boundary, one byte short) is reported as truncated', async () => {
    const bytes = readFileSync(archive);
    const starts = recordStarts(bytes);
    const cuts = [starts[3]! + 100, starts[5]!, starts.at(-1)!, bytes.length - 1, starts[0]! + 2];
    for (const cut of cuts) {
      const file = fresh('cut');
      writeFileSync(file, bytes.subarray(0, cut));
      const target = fresh('cut-target');
      await expectAppError(
        importWorkspaceArchive({ archivePath: file, target, passphrase: testPassphrase }),
        'backup.errors.archiveTruncated',
      );
      expectUntouched(target, false);
    }
  });

  it('anything appended after the last record is refused', async () => {
    const file = fresh('appended');
    writeFileSync(file, Buffer.concat([readFileSync(archive), Buffer.from('extra')]));
    const target = fresh('appended-target');
    await expectAppError(
      importWorkspaceArchive({ archivePath: file, target, passphrase: testPassphrase }),
      'backup.errors.archiveDamaged',
    );
    expectUntouched(target, false);
  });

  it('refuses entries that would write outside the target or are not plain files, and writes nothing', async () => {
    const outside = join(temp.dir, 'escape');
    const entries = [
      { type: 'file', path: '../escape' },
      { type: 'file', path: `${outside}` },
      { type: 'file', path: 'imports/../../escape' },
      { type: 'file', path: 'C:/escape' },
      { type: 'file', path: 'imports\\..\\..\\escape' },
      { type: 'file', path: 'notes.txt' },
      { type: 'symlink', path: 'imports/link', target: '/etc' },
      { type: 'directory', path: 'imports/sub' },
    ];
    for (const entry of entries) {
      const file = fresh('evil');
      const content = Buffer.from('planted');
      // A harmless first entry, so the refusal also has to clean up what was already written.
      await craftArchive(file, [
        { meta: { type: 'file', path: 'imports/fine', size: 4 }, content: Buffer.from('fine') },
        { meta: { ...entry, size: content.length }, content },
      ]);
      const target = fresh('evil-target');
      await expectAppError(
        importWorkspaceArchive({ archivePath: file, target, passphrase: testPassphrase }),
        'backup.errors.archiveUnsafeEntry',
      );
      expectUntouched(target, false);
      expect(existsSync(outside), entry.path).toBe(false);
    }
  });

  it('refuses a path listed twice and a manifest that disagrees with the files', async () => {
    const twice = fresh('twice');
    const content = Buffer.from('same');
    await craftArchive(twice, [
      { meta: { type: 'file', path: 'imports/a', size: 4 }, content },
      { meta: { type: 'file', path: 'imports/A', size: 4 }, content },
    ]);
    await expectAppError(
      importWorkspaceArchive({ archivePath: twice, target: fresh('t'), passphrase: testPassphrase }),
      'backup.errors.archiveDuplicateEntry',
    );
    const lying = fresh('lying');
    await craftArchive(
      lying,
      [{ meta: { type: 'file', path: 'imports/a', size: 4 }, content }],
      [{ path: 'imports/a', size: 4, sha256: '0'.repeat(64) }],
    );
    const target = fresh('lying-target');
    await expectAppError(
      importWorkspaceArchive({ archivePath: lying, target, passphrase: testPassphrase }),
      'backup.errors.archiveManifestMismatch',
    );
    expectUntouched(target, false);
  });

  it('refuses a non-empty or non-folder target before reading the archive, and leaves it alone', async () => {
    const occupied = fresh('occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'keep.txt'), 'mine');
    await expectAppError(
      importWorkspaceArchive({ archivePath: archive, target: occupied, passphrase: testPassphrase }),
      'backup.errors.importTargetNotEmpty',
    );
    expect(readFileSync(join(occupied, 'keep.txt'), 'utf8')).toBe('mine');
    await expectAppError(
      importWorkspaceArchive({
        archivePath: archive,
        target: join(occupied, 'keep.txt'),
        passphrase: testPassphrase,
      }),
      'backup.errors.importTargetNotFolder',
    );
    // An empty folder is fine, and stays the target.
    const empty = fresh('empty');
    mkdirSync(empty);
    const report = await importWorkspaceArchive({
      archivePath: archive,
      target: empty,
      passphrase: testPassphrase,
    });
    expect(report.integrity).toBe('ok');
  });

  it('tells a file that is not an archive, and one from a newer version, from a damaged one', async () => {
    const notArchive = fresh('plain.txt');
    writeFileSync(notArchive, 'just some text, long enough to have a header');
    await expectAppError(
      importWorkspaceArchive({ archivePath: notArchive, target: fresh('t'), passphrase: testPassphrase }),
      'backup.errors.notAnArchive',
    );
    const newer = Buffer.from(readFileSync(archive));
    newer.writeUInt16BE(9, archiveMagic.length);
    const newerFile = fresh('newer');
    writeFileSync(newerFile, newer);
    await expectAppError(
      importWorkspaceArchive({ archivePath: newerFile, target: fresh('t'), passphrase: testPassphrase }),
      'backup.errors.newerArchive',
    );
    await expectAppError(
      importWorkspaceArchive({
        archivePath: fresh('missing'),
        target: fresh('t'),
        passphrase: testPassphrase,
      }),
      'backup.errors.archiveNotFound',
    );
  });

  it('export never replaces a file unless told to, and leaves no partial file behind', async () => {
    await expectAppError(exportWorkspaceArchive(exportOptions()), 'backup.errors.archiveExists');
    await expectAppError(
      exportWorkspaceArchive(exportOptions({ outPath: join(temp.dir, 'no-such-folder', 'x.qdarchive') })),
      'backup.errors.folderMissing',
    );
    const before = statSync(archive).mtimeMs;
    const report = await exportWorkspaceArchive(exportOptions({ overwrite: true }));
    expect(report).toMatchObject({ path: archive, files: 5, bytesWritten: statSync(archive).size });
    expect(statSync(archive).mtimeMs).toBeGreaterThanOrEqual(before);
    // Cancelled half-way: the temporary file goes, the earlier archive stays.
    const out = join(temp.dir, 'cancelled.qdarchive');
    let calls = 0;
    await expect(
      exportWorkspaceArchive(
        exportOptions({
          outPath: out,
          steps: {
            progress: () => {},
            throwIfCancelled: () => {
              if ((calls += 1) > 3) throw new AppError('CANCELLED');
            },
            yieldToLoop: async () => {},
          },
        }),
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(temp.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
