/** The main window: options from the security policy, shown when ready, guarded before it loads anything. */
import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { mainWindowOptions } from '../policy/webPreferences';
import { hardenWebContents, type WebContentsGuardOptions } from './permissions';

export interface MainWindowSetup {
  preloadPath: string;
  /** `app://qundesk/index.html`, or the dev server's URL in development. */
  url: string;
  devTools: boolean;
  guard: WebContentsGuardOptions;
}

export function createMainWindow(setup: MainWindowSetup): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(setup.preloadPath, { devTools: setup.devTools }));
  hardenWebContents(window.webContents, setup.guard);
  // The window keeps the product's title whatever the page sets.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  window.loadURL(setup.url).catch((error: unknown) => setup.guard.logError?.('loadURL', error));
  return window;
}

/**
 * Windows and Linux get no menu (no reload or dev-tools shortcuts in the product); macOS needs the standard app
 * and edit menus for copy/paste and quit. Development keeps Electron's default menu.
 */
export function installApplicationMenu(development: boolean): void {
  if (development) return;
  if (process.platform !== 'darwin') {
    Menu.setApplicationMenu(null);
    return;
  }
  const template: MenuItemConstructorOptions[] = [
    { role: 'appMenu' },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
