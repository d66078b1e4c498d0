/**
 * Copy and download without a native dialog: the Clipboard API (with the old `execCommand` path when the
 * permission is refused, as Electron does with every permission denied) and a Blob link for files. The CSP does
 * not restrict downloads and the request policy lets blob: URLs through, so exports work offline in both modes.
 */
import { notifications } from '@mantine/notifications';
import type { ExportedFile } from '../../../shared/domain/crisis/views';
import { i18n } from '../app/i18n';
import { writeClipboard } from './clipboard';
import { notifySuccess } from './errors';

/** Copies `text` and says so; returns whether it worked. */
export async function copyText(text: string): Promise<boolean> {
  const copied = await writeClipboard(text);
  if (copied) notifySuccess(i18n.t('common.copiedToClipboard'));
  else notifications.show({ color: 'red', message: i18n.t('common.copyFailed'), autoClose: 6000 });
  return copied;
}

/** Saves data through the browser's download (the Downloads folder or a save dialog) and says so. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by the next tick; keep it a little longer to be safe.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  notifySuccess(i18n.t('common.downloaded', { file: fileName }));
}

/** Saves an exported text file (its content as UTF-8). */
export function downloadFile(file: ExportedFile): void {
  saveBlob(new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }), file.fileName);
}
