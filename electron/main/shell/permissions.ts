/**
 * Denies what the app never needs, for every webContents and session: permission requests and checks, device
 * access, navigation away from the app, new windows and <webview>.
 */
import { app, type Session, type WebContents } from 'electron';
import type { NavigationPolicy } from '../policy/navigation';

export interface WebContentsGuardOptions {
  navigation: NavigationPolicy;
  /** The checked opener: called with the URL of a denied new window; opens it only when it is a safe link. */
  openExternal: (url: string) => Promise<boolean>;
  logError?: (scope: string, error: unknown) => void;
}

const guardedSessions = new WeakSet<Session>();
const guardedContents = new WeakSet<WebContents>();

/** Every permission request and check answers no; device pickers and screen capture get nothing. */
export function denyAllPermissions(session: Session): void {
  if (guardedSessions.has(session)) return;
  guardedSessions.add(session);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}

/** Cancels every request the navigation policy does not allow (remote hosts, file:, other schemes). */
export function blockForeignRequests(session: Session, navigation: NavigationPolicy): void {
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !navigation.allowsRequest(details.url) }),
  );
}

/** Applies the guards to one webContents; calling it again for the same contents does nothing. */
export function hardenWebContents(contents: WebContents, options: WebContentsGuardOptions): void {
  if (guardedContents.has(contents)) return;
  guardedContents.add(contents);
  denyAllPermissions(contents.session);

  const denyUntrustedNavigation = (event: { url: string; preventDefault(): void }) => {
    if (!options.navigation.allowsNavigation(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', denyUntrustedNavigation);
  contents.on('will-frame-navigate', denyUntrustedNavigation);
  contents.on('will-redirect', denyUntrustedNavigation);

  // No window is ever opened by the page; a safe http(s) link goes to the user's browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    options.openExternal(url).catch((error: unknown) => options.logError?.('openExternal', error));
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Installs the guards on every webContents the app will ever create (windows, devtools, anything else). */
export function guardEveryWebContents(options: WebContentsGuardOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}
