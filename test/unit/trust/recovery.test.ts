/**
 * Start-up integrity check and recovery, on really damaged database files (garbage over pages, cut-off files, a
 * garbage header): the app opens nothing for writing, the damaged file stays byte-identical, every data channel is
 * refused, and the three ways out work: open read-only, export what can be read, restore the last good snapshot.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, channels } from '../../../shared/ipc/contract';
import type { Backend } from '../../../electron/main/backend';
import { updateLockSettings } from '../../../electron/main/services/operators';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { seedWorkspace } from '../backup/fixtures';
import { makeTempDir } from '../../support/tempWorkspace';
import { payloadArbitrary } from '../../support/zodArbitrary';
import { call, damageDatabase, databaseFingerprint, openBackendOn, sha256File, type Damage } from './support';
import { cpSync } from 'node:fs';

const temp = makeTempDir('qundesk-recovery-');
afterAll(() => temp.remove());

/** The healthy original: seeded, with an unencrypted vault holding one verified snapshot. */
const original = join(temp.dir, 'original');
const vaultDir = join(temp.dir, 'vault');
let originalCounts: { groups: number; members: number; messages: number };

beforeAll(async () => {
  const backend = openBackendOn(original, temp.dir);
  seedWorkspace(backend.context.db, original, { groups: 2, members: 40, messages: 4000 });
  const created = await call(backend, 'backup.createVault', { path: vaultDir, allowUnencrypted: true });
  expect(created.ok).toBe(true);
  const started = await call(backend, 'backup.start', {});
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const job = await backend.jobs.wait((started.value as { jobId: string }).jobId);
  expect(job.status, JSON.stringify(job.error)).toBe('done');
  const info = await call(backend, 'workspace.info');
  originalCounts = (info as { ok: true; value: { counts: typeof originalCounts } }).value.counts;
  await backend.close();
}, 30_000);

let copies = 0;
/** A copy of the original workspace (database and raw files) with the given damage. */
function damagedCopy(damage: Damage): string {
  const dir = join(temp.dir, `ws-${damage}-${(copies += 1)}`);
  cpSync(original, dir, { recursive: true });
  damageDatabase(dir, damage);
  return dir;
}

async function withBackend<T>(dir: string, run: (backend: Backend) => Promise<T>): Promise<T> {
  const backend = openBackendOn(dir, join(temp.dir, `settings-${copies}`));
  try {
    return await run(backend);
  } finally {
    await backend.close();
  }
}

describe.each(['garbage-pages', 'truncated', 'truncated-pages', 'header'] as const)(
  'a %s database',
  (damage) => {
    it('opens in the recovery state, refuses data channels and leaves the file byte-identical', async () => {
      const dir = damagedCopy(damage);
      const before = databaseFingerprint(dir);
      const listing = readdirSync(dir).sort();
      await withBackend(dir, async (backend) => {
        expect(backend.workspace.state).toBe('damaged');
        expect(backend.workspace.check.problems.length).toBeGreaterThan(0);
        for (const problem of backend.workspace.check.problems)
          expect(problem.key).toMatch(/^recovery\.problems\.\w+$/);

        const status = await call(backend, 'recovery.status');
        expect(status).toMatchObject({ ok: true, value: { state: 'damaged', workspacePath: dir } });
        for (const channel of [
          'groups.list',
          'members.list',
          'messages.search',
          'workspace.info',
          'backup.vaults',
        ]) {
          expect(await call(backend, channel, {}), channel).toMatchObject({
            ok: false,
            error: { code: 'UNSUPPORTED', message: 'recovery.errors.damaged' },
          });
        }
        expect(() => backend.jobs.start('tiers.recompute', {}, 'test')).toThrow('recovery.errors.damaged');
        // Settings still work (language switch on the recovery screen).
        expect(await call(backend, 'settings.update', { locale: 'en' })).toMatchObject({ ok: true });
      });
      expect(databaseFingerprint(dir)).toEqual(before);
      // Nothing new beside it either (no -wal/-shm created by a writable open).
      expect(
        readdirSync(dir)
          .filter((name) => !name.endsWith('-shm'))
          .sort(),
      ).toEqual(listing.filter((name) => !name.endsWith('-shm')));
    });
  },
);

describe('read-only mode', () => {
  it('reads what is there and refuses every write, over every channel, without changing the file', async () => {
    const dir = damagedCopy('garbage-pages');
    const before = databaseFingerprint(dir);
    await withBackend(dir, async (backend) => {
      const opened = await call(backend, 'recovery.openReadOnly');
      expect(opened).toMatchObject({ ok: true, value: { state: 'readOnly', readable: true } });
      expect(backend.workspace.state).toBe('readOnly');

      // What is readable is read; a list that crosses a damaged page says so (which pages the garbage hits
      // depends on the file's layout), never as an internal error.
      const groups = await call(backend, 'groups.list');
      if (groups.ok) {
        expect((groups as { value: { name: string }[] }).value.map((group) => group.name)).toContain(
          '读书会 1',
        );
      } else {
        expect(groups.error.code).not.toBe('INTERNAL');
      }
      // The read-only connection reads the undamaged tables.
      expect(backend.workspace.db.prepare('SELECT name FROM groups WHERE id = 1').pluck().get()).toBe(
        '读书会 1',
      );

      // Refused as read-only, or (when the call first reads a damaged page) as corrupt data: never written.
      const refusal = expect.objectContaining({
        ok: false,
        error: expect.objectContaining({
          message: expect.stringMatching(/^recovery\.errors\.(readOnly|damaged|corruptData)$/),
        }),
      });
      expect(await call(backend, 'groups.create', { name: '新群', type: 'service' })).toMatchObject(refusal);
      expect(await call(backend, 'groups.update', { id: 1, patch: { name: '改名' } })).toMatchObject(refusal);
      expect(await call(backend, 'groups.delete', { id: 1 })).toMatchObject(refusal);
      expect(await call(backend, 'imports.start', { paths: [join(temp.dir, 'x.txt')] })).toMatchObject(
        refusal,
      );
      expect(await call(backend, 'backup.start', {})).toMatchObject(refusal);
      expect(await call(backend, 'workspace.loadDemo', {})).toMatchObject(refusal);
      expect(
        await call(backend, 'backup.createVault', { path: join(temp.dir, 'v2'), allowUnencrypted: true }),
      ).toMatchObject(refusal);
      expect(existsSync(join(temp.dir, 'v2'))).toBe(false);

      // Every channel, with {} and with generated payloads: never a raw error, never a write. (The recovery
      // channels are the way out, tested on their own: a restore replaces the file by design.)
      const dataChannels = channelNames.filter((name) => !name.startsWith('recovery.'));
      for (const name of dataChannels) {
        const result = await call(backend, name, {});
        if (!result.ok) expect(result.error.message, name).toMatch(/^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$/);
        if (!result.ok) expect(result.error.code, name).not.toBe('INTERNAL');
      }
      // Payloads derived from each channel's schema, so most pass validation and reach the read-only guard (with
      // fc.anything() nearly all stopped at validation); paths stay in the temp folder, new each time.
      let pathCount = 0;
      const fuzzDir = join(temp.dir, 'fuzz');
      const path = fc.constant('').map(() => join(fuzzDir, `p${(pathCount += 1)}`));
      const filesWritten = () => (existsSync(fuzzDir) ? readdirSync(fuzzDir).length : 0);
      const options = { strings: { path, paths: path, target: path, vaultPath: path } };
      let accepted = 0;
      let rejected = 0;
      let refusedAsReadOnly = 0;
      let read = 0;
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...dataChannels)
            .chain((name) => fc.tuple(fc.constant(name), payloadArbitrary(channels[name].input, options))),
          async ([name, payload]) => {
            const valid = channels[name].input.safeParse(payload).success;
            const before = filesWritten();
            const result = await call(backend, name, payload);
            if (!result.ok) expect(result.error.code, name).not.toBe('INTERNAL');
            // Nor a write beside the database (a vault, an archive); the diagnostics zip is an export, allowed.
            if (name !== 'diagnostics.export') expect(filesWritten(), name).toBe(before);
            if (!valid) {
              rejected += 1;
              expect(result, name).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
              return;
            }
            accepted += 1;
            if (result.ok) read += 1;
            else if (/^recovery\.errors\.(readOnly|damaged|corruptData)$/.test(result.error.message))
              refusedAsReadOnly += 1;
          },
        ),
        { numRuns: 200, seed: 11 },
      );
      // Valid payloads really reached the handlers: some read, some refused as writes.
      expect(accepted).toBeGreaterThan(80);
      expect(rejected).toBeGreaterThan(30);
      expect(read).toBeGreaterThan(20);
      expect(refusedAsReadOnly).toBeGreaterThan(20);
    });
    expect(databaseFingerprint(dir)).toEqual(before);
  }, 30_000);

  it('is not offered when the file cannot be read at all', async () => {
    const dir = damagedCopy('header');
    await withBackend(dir, async (backend) => {
      expect(await call(backend, 'recovery.status')).toMatchObject({
        ok: true,
        value: { readable: false, vaults: [] },
      });
      expect(await call(backend, 'recovery.openReadOnly')).toMatchObject({
        ok: false,
        error: { code: 'BAD_FILE', message: 'recovery.errors.cannotReadOnly' },
      });
      expect(backend.workspace.state).toBe('damaged');
    });
  });
});

describe('export what can be read', () => {
  it('writes every readable table to CSV and says which stopped at damage', async () => {
    const dir = damagedCopy('garbage-pages');
    const before = databaseFingerprint(dir);
    const target = join(temp.dir, 'readable');
    await withBackend(dir, async (backend) => {
      const result = await call(backend, 'recovery.exportReadable', { path: target });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      const exported = (result as { value: { tables: { name: string; rows: number; complete: boolean }[] } })
        .value;
      const byName = new Map(exported.tables.map((table) => [table.name, table]));
      expect(byName.get('groups')).toMatchObject({ rows: 2, complete: true });
      expect(readFileSync(join(target, 'groups.csv'), 'utf8')).toContain('读书会 2');
      expect(exported.tables.some((table) => table.name.startsWith('messages_fts'))).toBe(false);
      const summary = JSON.parse(readFileSync(join(target, 'export.json'), 'utf8'));
      expect(summary.tables).toHaveLength(exported.tables.length);
      // A second export into the same (now non-empty) folder is refused.
      expect(await call(backend, 'recovery.exportReadable', { path: target })).toMatchObject({
        ok: false,
        error: { message: 'recovery.errors.targetNotEmpty' },
      });
    });
    expect(databaseFingerprint(dir)).toEqual(before);
  });
});

describe('export what can be read, with the watermark on', () => {
  it('stamps every table from the damaged file’s own settings, names the exporter and writes nothing into it', async () => {
    const dir = join(temp.dir, `ws-watermark-${(copies += 1)}`);
    cpSync(original, dir, { recursive: true });
    await withBackend(dir, async (backend) => {
      updateLockSettings(backend.context, { watermarkExports: true });
    });
    damageDatabase(dir, 'garbage-pages');
    const before = databaseFingerprint(dir);
    const target = join(temp.dir, 'readable-stamped');
    await withBackend(dir, async (backend) => {
      expect(backend.workspace.state).toBe('damaged');
      const result = await call(backend, 'recovery.exportReadable', { path: target });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      const summary = JSON.parse(readFileSync(join(target, 'export.json'), 'utf8'));
      expect(summary.exportedBy).toBe(backend.context.operator());
      // The settings live in the damaged file: stamped when their page still reads, else left as the default.
      const firstLines = (result as { value: { tables: { name: string }[] } }).value.tables.map(
        (table) =>
          readFileSync(join(target, `${table.name}.csv`), 'utf8')
            .replace(/^\uFEFF/, '')
            .split('\r\n')[0] ?? '',
      );
      if (summary.watermark !== null) {
        expect(summary.watermark).toMatch(/^导出人 .+ · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · QunDesk$/);
        expect(new Set(firstLines)).toEqual(new Set([summary.watermark]));
      } else expect(firstLines.some((line) => line.includes('QunDesk'))).toBe(false);
    });
    // No audit entry (nor anything else) is written into a damaged database.
    expect(databaseFingerprint(dir)).toEqual(before);
  });
});

describe('restore the last verified snapshot', () => {
  it.each(['garbage-pages', 'header'] as const)(
    'restores into a fresh folder, keeps the damaged file and switches over (%s)',
    async (damage) => {
      const dir = damagedCopy(damage);
      const damagedHash = sha256File(workspaceDbFile(dir));
      await withBackend(dir, async (backend) => {
        const status = await call(backend, 'recovery.status');
        const vaults = (
          status as { value: { vaults: { path: string; lastVerifiedSnapshotId: string | null }[] } }
        ).value.vaults;
        // The vault registration is read from the damaged file when that still works; else the user names the folder.
        if (damage === 'garbage-pages') expect(vaults[0]?.lastVerifiedSnapshotId).toMatch(/^\d{8}-/);
        else expect(vaults).toEqual([]);
        const input = damage === 'header' ? { vaultPath: vaultDir } : {};
        const restored = await call(backend, 'recovery.restoreLatest', input);
        expect(restored.ok, JSON.stringify(restored)).toBe(true);
        const report = (restored as { value: { damagedCopy: string; previouslyVerified: boolean } }).value;
        expect(report.previouslyVerified).toBe(damage === 'garbage-pages');

        expect(backend.workspace.state).toBe('ok');
        expect(sha256File(join(report.damagedCopy, 'qundesk.db'))).toBe(damagedHash);
        const info = await call(backend, 'workspace.info');
        expect(info).toMatchObject({ ok: true, value: { counts: originalCounts } });
        expect(await call(backend, 'groups.create', { name: '恢复后新建', type: 'service' })).toMatchObject({
          ok: true,
        });
        const audit = backend.context.db
          .prepare("SELECT count(*) FROM audit_log WHERE action = 'recovery-restore'")
          .pluck()
          .get();
        expect(audit).toBe(1);
      });
      // The next start finds a healthy workspace.
      await withBackend(dir, async (backend) => {
        expect(backend.workspace.state).toBe('ok');
        expect(backend.context.db.pragma('integrity_check', { simple: true })).toBe('ok');
      });
    },
    30_000,
  );

  it('refuses when the workspace is fine, and says so when no vault is reachable', async () => {
    await withBackend(original, async (backend) => {
      expect(await call(backend, 'recovery.restoreLatest', {})).toMatchObject({
        ok: false,
        error: { message: 'recovery.errors.notDamaged' },
      });
    });
    const dir = damagedCopy('header');
    await withBackend(dir, async (backend) => {
      expect(await call(backend, 'recovery.restoreLatest', {})).toMatchObject({
        ok: false,
        error: { message: 'recovery.errors.noVault' },
      });
      expect(backend.workspace.state).toBe('damaged');
    });
  });
});

describe('a healthy workspace', () => {
  it('passes the start-up check and opens for writing', async () => {
    await withBackend(original, async (backend) => {
      expect(backend.workspace.state).toBe('ok');
      expect(backend.workspace.check).toMatchObject({ ok: true, problems: [] });
      expect(await call(backend, 'recovery.status')).toMatchObject({ ok: true, value: { state: 'ok' } });
    });
  });
});
