/**
 * Files the renderer builds from its own screen (a chart's CSV or PNG, a printed report) are asked for before they
 * are saved: the backend checks the export permission, writes the audit entry and hands back the watermark to stamp.
 */
import type { ScreenExportKind } from '../../../shared/ipc/channels/session';
import { call } from '../api/client';
import { notifyError } from './errors';

/** The watermark to stamp (null while the setting is off), or undefined when refused (the error is shown). */
export async function approveScreenExport(
  kind: ScreenExportKind,
  name: string,
): Promise<{ watermark: string | null } | undefined> {
  try {
    return await call('audit.recordExport', { kind, name: name.slice(0, 200) });
  } catch (error) {
    notifyError(error);
    return undefined;
  }
}
