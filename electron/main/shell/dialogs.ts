/** Native dialogs and the checked external-link opener: the NativePorts the backend may use. */
import { dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { translate } from '../../../shared/i18n';
import type { Locale } from '../../../shared/domain/types';
import { AppError } from '../../../shared/ipc/errors';
import type { NativePorts } from '../backend';
import { safeExternalUrl } from '../policy/externalLinks';

/**
 * The one place a link leaves the app: opens it in the user's browser when the external-link policy accepts it.
 * Returns false (and opens nothing) otherwise.
 */
export async function openExternalChecked(url: unknown): Promise<boolean> {
  const safe = safeExternalUrl(url);
  if (safe === null) return false;
  await shell.openExternal(safe, { activate: true });
  return true;
}

export function createNativePorts(getWindow: () => BrowserWindow | null): NativePorts {
  return {
    async pickFiles({ title, filters, folders }) {
      const options: OpenDialogOptions = {
        title,
        filters,
        properties: folders ? ['openDirectory'] : ['openFile', 'multiSelections'],
      };
      const window = getWindow();
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    async pickSavePath({ title, defaultName, filters }) {
      const window = getWindow();
      const options = { title, defaultPath: defaultName, filters };
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async openExternal(url) {
      if (!(await openExternalChecked(url))) throw new AppError('VALIDATION', 'shell.errors.unsafeLink');
    },
  };
}

/** Start-up failures (e.g. a workspace from a newer version) shown in the user's language before quitting. */
export function showFatalError(error: unknown, locale: Locale): void {
  const detail =
    error instanceof AppError
      ? translate(locale, error.messageKey, error.params)
      : translate(locale, 'errors.internal') + `\n\n${String((error as Error)?.stack ?? error)}`;
  dialog.showErrorBox(translate(locale, 'shell.errors.startFailed'), detail);
}
