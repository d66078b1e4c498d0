/** The audit log as a CSV file for the viewer's export: filtered like the screen, watermarked, and itself audited. */
import dayjs from 'dayjs';
import type { ExportedFile } from '../../../shared/domain/crisis/views';
import { csvDocument, type CsvValue } from '../../../shared/domain/csv';
import { watermarkText } from '../../../shared/domain/operators';
import type { Locale } from '../../../shared/domain/types';
import { translate } from '../../../shared/i18n';
import type { AuditFilter, ScreenExportKind } from '../../../shared/ipc/channels/session';
import { iterateAudit, recordAudit } from '../db/repositories/audit';
import { readLockSettings } from '../db/repositories/operators';
import type { Db } from '../db/connection';
import type { ServiceContext } from './context';

const columns = ['at', 'operator', 'operatorId', 'action', 'entity', 'entityId', 'detail'] as const;

/** The dictionary's label for a code, or the code itself for values added later. */
function labelOr(locale: Locale, key: string, raw: string): string {
  const text = translate(locale, key);
  return text === key ? raw : text;
}

const localTime = (ms: number) => dayjs(ms).format('YYYY-MM-DD HH:mm:ss');

/**
 * The stamp for an export of personal data made now by `who.operator`, or undefined while the lock settings leave
 * the watermark off. The app's own names ('local') read as the log viewer shows them.
 */
export function exportWatermark(db: Db, who: { operator: string; now: number }): string | undefined {
  if (!readLockSettings(db).watermarkExports) return undefined;
  return watermarkText(labelOr('zh-CN', `audit.operators.${who.operator}`, who.operator), who.now);
}

const screenExportEntities: Record<ScreenExportKind, string> = {
  'health-chart': 'health',
  'health-report': 'health',
  'incident-report': 'incident',
};

/** A file the renderer saves from its own screen, recorded before it is saved; returns the stamp to put on it. */
export function recordScreenExport(
  context: ServiceContext,
  input: { kind: ScreenExportKind; name: string },
): { watermark: string | null } {
  const now = context.now();
  const operator = context.operator();
  recordAudit(context.db, now, {
    operator,
    action: 'export',
    entity: screenExportEntities[input.kind],
    detail: { kind: input.kind, name: input.name },
  });
  return { watermark: exportWatermark(context.db, { operator, now }) ?? null };
}

export function exportAuditCsv(context: ServiceContext, filter: AuditFilter, locale: Locale): ExportedFile {
  const now = context.now();
  const operator = context.operator();
  let count = 0;
  const rows = function* (): Generator<CsvValue[]> {
    yield columns.map((column) => translate(locale, `audit.csv.${column}`));
    for (const entry of iterateAudit(context.db, filter)) {
      count += 1;
      yield [
        localTime(Date.parse(entry.at)),
        labelOr(locale, `audit.operators.${entry.operator}`, entry.operator),
        entry.operatorId,
        labelOr(locale, `audit.actions.${entry.action}`, entry.action),
        labelOr(locale, `audit.entities.${entry.entity}`, entry.entity),
        entry.entityId,
        entry.detail,
      ];
    }
  };
  const content = csvDocument(rows(), exportWatermark(context.db, { operator, now }));
  recordAudit(context.db, now, {
    operator,
    action: 'export',
    entity: 'audit',
    detail: {
      rows: count,
      ...filter,
      ...(filter.from === undefined ? {} : { from: new Date(filter.from).toISOString() }),
      ...(filter.to === undefined ? {} : { to: new Date(filter.to).toISOString() }),
    },
  });
  const stamp = dayjs(now).format('YYYYMMDD-HHmmss');
  return {
    fileName: `${translate(locale, 'audit.csv.fileName')}-${stamp}.csv`,
    mimeType: 'text/csv',
    content,
  };
}
