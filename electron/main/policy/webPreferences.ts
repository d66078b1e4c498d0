/**
 * The renderer's webPreferences and the main window's options. Plain data so tests can check every value without
 * Electron; shell/window.ts passes them to BrowserWindow unchanged.
 */

/** The subset of Electron's WebPreferences the app sets; every security-relevant key is explicit. */
export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webviewTag: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  readonly enableWebSQL: false;
  readonly plugins: false;
  readonly navigateOnDragDrop: false;
  readonly spellcheck: false;
  readonly safeDialogs: true;
  readonly devTools: boolean;
}

export function secureWebPreferences(
  preloadPath: string,
  options: { devTools?: boolean } = {},
): SecureWebPreferences {
  if (typeof preloadPath !== 'string' || preloadPath === '')
    throw new Error('secureWebPreferences: preload path required');
  return Object.freeze({
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    plugins: false,
    // Dropping a file on the window must not navigate to it; imports go through the file picker.
    navigateOnDragDrop: false,
    // Chromium's spellchecker downloads dictionaries from Google; the app stays offline.
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
  } as const);
}

export const mainWindowTitle = '群管工作台';

export interface MainWindowOptions {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  /** Shown on 'ready-to-show' so the user never sees a blank frame. */
  readonly show: false;
  readonly backgroundColor: string;
  readonly autoHideMenuBar: true;
  readonly webPreferences: SecureWebPreferences;
}

/** Everything BrowserWindow gets for the main window. */
export function mainWindowOptions(
  preloadPath: string,
  options: { devTools?: boolean } = {},
): MainWindowOptions {
  return Object.freeze({
    title: mainWindowTitle,
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#f8f9fa',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, options),
  } as const);
}
