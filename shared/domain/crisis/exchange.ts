/**
 * Playbooks as files: validation with one readable issue per field, and the JSON document format
 * `{ format: 'qundesk.playbook', formatVersion: 1, version, exportedAt, playbook }`. A bare playbook object (no
 * envelope) is accepted on import too, so a hand-written file needs no boilerplate.
 */
import type { Locale } from '../types';
import { translate } from '../../i18n';
import { describeIssues, type FieldIssue } from './issues';
import { playbookFormat, playbookFormatVersion, playbookSchema, type Playbook } from './playbook';

export type PlaybookParseResult =
  | {
      ok: true;
      playbook: Playbook;
      /** The version the file says it was exported from, if any. */ version: number | null;
    }
  | { ok: false; issues: FieldIssue[] };

export function validatePlaybook(input: unknown, locale: Locale): PlaybookParseResult {
  const parsed = playbookSchema.safeParse(input, { reportInput: true });
  return parsed.success
    ? { ok: true, playbook: parsed.data, version: null }
    : { ok: false, issues: describeIssues(parsed.error.issues, locale) };
}

export interface ExportMeta {
  version: number;
  /** ISO time. */
  exportedAt: string;
}

export function playbookDocument(playbook: Playbook, meta: ExportMeta) {
  return {
    format: playbookFormat,
    formatVersion: playbookFormatVersion,
    version: meta.version,
    exportedAt: meta.exportedAt,
    playbook,
  };
}

export function exportPlaybookJson(playbook: Playbook, meta: ExportMeta): string {
  return `${JSON.stringify(playbookDocument(playbook, meta), null, 2)}\n`;
}

const rootIssue = (message: string): PlaybookParseResult => ({ ok: false, issues: [{ path: '', message }] });

/** Reads a playbook from JSON text (an exported document or a bare playbook object). */
export function parsePlaybookJson(text: string, locale: Locale): PlaybookParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return rootIssue(
      translate(locale, 'crisis.issues.badJson', { detail: String((error as Error).message).slice(0, 120) }),
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return rootIssue(translate(locale, 'crisis.issues.notAPlaybook'));
  }
  const record = data as Record<string, unknown>;
  if (!('format' in record)) return validatePlaybook(record, locale);
  if (record.format !== playbookFormat) {
    return rootIssue(
      translate(locale, 'crisis.issues.wrongFormat', { format: String(record.format).slice(0, 40) }),
    );
  }
  if (typeof record.formatVersion !== 'number' || record.formatVersion > playbookFormatVersion) {
    return rootIssue(
      translate(locale, 'crisis.issues.newerFormat', {
        found: String(record.formatVersion),
        supported: playbookFormatVersion,
      }),
    );
  }
  const result = validatePlaybook(record.playbook, locale);
  if (!result.ok) return result;
  const version =
    typeof record.version === 'number' && Number.isInteger(record.version) && record.version > 0
      ? record.version
      : null;
  return { ...result, version };
}
