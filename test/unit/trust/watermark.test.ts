/**
 * The export watermark (lock settings, off by default): member CSV and XLSX files, the audit log, incident reports,
 * the recovery screen's readable export and the workspace archive say who exported them and when; the member
 * importers still read a stamped file back. The printed health report
 * is checked in test/browser/lock.test.ts.
 */
import { join } from 'node:path';
import { closeSync, openSync, readFileSync } from 'node:fs';
import dayjs from 'dayjs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWorkspaceArchive } from '../../../electron/main/backup/archive';
import { readArchiveHeader } from '../../../electron/main/backup/archiveFormat';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import { readMemberTable } from '../../../electron/main/services/membersCsv';
import type { ExportedFile, IncidentDetail, PlaybookSummary } from '../../../shared/domain/crisis/views';
import type { OperatorSummary } from '../../../shared/domain/operators';
import type {
  MemberCsvPreview,
  MemberExportFile,
  MemberExportReport,
} from '../../../shared/ipc/channels/members';
import type { ReadableExport } from '../../../shared/ipc/channels/recovery';
import type { ArchiveExportReport } from '../../../shared/ipc/channels/backup';
import { makeTempDir } from '../../support/tempWorkspace';
import { fastScrypt, operatorsTestBackend, value, type OperatorsTestBackend } from '../operators/fixtures';

const memberHeader =
  '编号,昵称,备注,微信号,手机,地区,入群渠道,所在群,标签,分层,分层原因,积分,违规次数,入群时间';

/** A CSV's lines without the BOM. */
const csvLines = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

describe('export watermark', () => {
  let t: OperatorsTestBackend;
  let temp: ReturnType<typeof makeTempDir>;
  let stamp: string;

  const exportFile = async (format: 'csv' | 'xlsx') =>
    value<MemberExportFile>(await t.call('members.exportFile', { filter: {}, format }));
  const exportTo = async (name: string) => {
    const path = join(temp.dir, name);
    const report = value<MemberExportReport>(await t.call('members.export', { path, reveal: true }));
    return { path, report };
  };

  beforeAll(async () => {
    temp = makeTempDir('qundesk-watermark-');
    t = operatorsTestBackend();
    const demo = t.backend.jobs.start('demo.load', { seed: 5, scale: 0.02 }, 'test');
    expect((await t.backend.jobs.wait(demo)).status).toBe('done');
    stamp = `导出人 王群主 · ${dayjs(t.clock.now).format('YYYY-MM-DD HH:mm:ss')} · QunDesk`;
  });
  afterAll(async () => {
    await t.dispose();
    temp.remove();
  });

  it('stamps nothing while the setting is off (the default)', async () => {
    const csv = await exportFile('csv');
    expect(csvLines(csv.content)[0]).toBe(memberHeader);
    expect(csv.rows).toBeGreaterThan(5);
    const book = await readWorkbook(Buffer.from((await exportFile('xlsx')).content, 'base64'));
    expect(book.description ?? '').toBe('');
    expect(book.worksheets[0]?.headerFooter?.oddFooter ?? '').not.toContain('QunDesk');
    const { path } = await exportTo('plain.csv');
    expect(readFileSync(path, 'utf8')).not.toContain('QunDesk');
    const audit = value<ExportedFile>(await t.call('audit.export', {}));
    expect(audit.content).not.toContain('QunDesk');
    const chart = { kind: 'health-chart', name: 'top.csv' };
    expect(await t.call('audit.recordExport', chart)).toEqual({ ok: true, value: { watermark: null } });
  });

  describe('with the setting on', () => {
    beforeAll(async () => {
      value<OperatorSummary>(
        await t.call('operators.create', { name: '王群主', role: 'owner', passphrase: 'owner-pass' }),
      );
      value(await t.call('operators.updateSettings', { watermarkExports: true }));
    });

    it('starts a member CSV with the stamp, and the importers read it back from the header below', async () => {
      const csv = await exportFile('csv');
      const lines = csvLines(csv.content);
      expect(lines[0]).toBe(stamp);
      expect(lines[1]).toBe(memberHeader);
      expect(lines).toHaveLength(csv.rows + 2);

      const { path, report } = await exportTo('stamped.csv');
      expect(csvLines(readFileSync(path, 'utf8'))[0]).toBe(stamp);
      const table = await readMemberTable(path);
      expect(table.headers.join(',')).toBe(memberHeader);
      expect(table.rows).toHaveLength(report.rows);
      const preview = value<MemberCsvPreview>(await t.call('members.importPreview', { path }));
      expect(preview.headers[0]).toBe('编号');
      expect(preview.mapping).toMatchObject({ 昵称: 'displayName', 微信号: 'wxid', 手机: 'phone' });
      expect(preview.errors).toEqual([]);
      expect(preview.totalRows).toBe(report.rows);
    });

    it('puts the stamp in an XLSX file’s properties and printed header and footer, not in its cells', async () => {
      for (const bytes of [
        Buffer.from((await exportFile('xlsx')).content, 'base64'),
        readFileSync((await exportTo('stamped.xlsx')).path),
      ]) {
        const book = await readWorkbook(bytes);
        expect(book.description).toBe(stamp);
        const sheet = book.worksheets[0]!;
        expect(sheet.headerFooter.oddFooter).toBe(`&C${stamp}`);
        expect(sheet.headerFooter.oddHeader).toBe(`&C${stamp}`);
        expect(sheet.getRow(1).getCell(1).value).toBe('编号');
      }
      const table = await readMemberTable(join(temp.dir, 'stamped.xlsx'));
      expect(table.headers[1]).toBe('昵称');
    });

    it('hands the stamp to files the screens save themselves (dashboard charts, printed reports)', async () => {
      for (const kind of ['health-chart', 'health-report', 'incident-report']) {
        expect(value(await t.call('audit.recordExport', { kind, name: 'report' }))).toEqual({
          watermark: stamp,
        });
      }
    });

    it('stamps the audit log and incident reports', async () => {
      expect(csvLines(value<ExportedFile>(await t.call('audit.export', {})).content)[0]).toBe(stamp);
      const [playbook] = value<PlaybookSummary[]>(await t.call('playbooks.list'));
      const incident = value<IncidentDetail>(
        await t.call('incidents.open', { playbookId: playbook!.id, groupId: 1 }),
      );
      const report = value<ExportedFile>(await t.call('incidents.export', { id: incident.id }));
      expect(report.content.split('\n')[0]).toBe(`> ${stamp}`);
      expect(report.content).toContain(incident.title);
    });

    it('stamps every table of the readable export, names the exporter, and audits it on a healthy workspace', async () => {
      const folder = join(temp.dir, 'readable');
      const exported = value<ReadableExport>(await t.call('recovery.exportReadable', { path: folder }));
      expect(exported.totalRows).toBeGreaterThan(100);
      for (const table of exported.tables) {
        const lines = csvLines(readFileSync(join(folder, `${table.name}.csv`), 'utf8'));
        expect(lines[0], table.name).toBe(stamp);
        expect(lines.length, table.name).toBeGreaterThanOrEqual(table.rows + 2);
      }
      const members = csvLines(readFileSync(join(folder, 'members.csv'), 'utf8'));
      expect(members[1]).toMatch(/(^|,)display_name(,|$)/);
      expect(JSON.parse(readFileSync(join(folder, 'export.json'), 'utf8'))).toMatchObject({
        exportedBy: '王群主',
        watermark: stamp,
      });
      const log = listAudit(t.backend.context.db, 0, 5, { action: 'export', entity: 'workspace' });
      expect(log.total).toBe(1);
      const [entry] = log.rows;
      expect(entry).toMatchObject({ operator: '王群主' });
      expect(JSON.parse(entry!.detail ?? '{}')).toMatchObject({ folder, rows: exported.totalRows });
    });

    it('writes the stamp into the workspace archive’s header, which still imports', async () => {
      const outPath = join(temp.dir, 'stamped.qdarchive');
      const job = t.backend.jobs.start(
        'backup.exportArchive',
        { outPath, passphrase: 'archive-pass', scrypt: fastScrypt },
        t.backend.context.operator(),
      );
      const done = await t.backend.jobs.wait(job);
      expect(done.status).toBe('done');
      const stamped = (done.result as ArchiveExportReport).watermark;
      const fd = openSync(outPath, 'r');
      try {
        // Jobs keep the real clock: the same operator, stamped when the job ran.
        expect(readArchiveHeader(fd, outPath).header.watermark).toMatch(
          /^导出人 王群主 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · QunDesk$/,
        );
        expect(readArchiveHeader(fd, outPath).header.watermark).toBe(stamped);
      } finally {
        closeSync(fd);
      }
      // Readable without the passphrase: the header is plain JSON near the start of the file.
      expect(readFileSync(outPath).subarray(0, 4096).toString('utf8')).toContain('导出人 王群主 · ');
      const report = await importWorkspaceArchive({
        archivePath: outPath,
        target: join(temp.dir, 'unpacked'),
        passphrase: 'archive-pass',
      });
      expect(report.integrity).toBe('ok');
      expect(report.counts.members).toBeGreaterThan(5);
      // The import report tells who let the data out.
      expect(report.watermark).toBe(stamped);
    });

    it('stops stamping once switched off again', async () => {
      value(await t.call('operators.updateSettings', { watermarkExports: false }));
      expect((await exportFile('csv')).content).not.toContain('QunDesk');
      expect(value<ExportedFile>(await t.call('audit.export', {})).content).not.toContain('QunDesk');
    });
  });
});
