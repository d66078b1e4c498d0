/** The `app://qundesk` protocol that serves the built renderer; the only way the window loads the app. */
import { protocol } from 'electron';
import { appAssetResponse } from '../policy/assetResponse';
import { appScheme, appSchemePrivileges } from '../policy/navigation';

/** Must run before the app's 'ready' event (Electron only accepts privileged schemes then). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { ...appSchemePrivileges } }]);
}

/** Serves files from `rendererRoot` through the asset-path policy; refused or missing paths answer 404. */
export function serveAppProtocol(rendererRoot: string): void {
  protocol.handle(appScheme, async (request) => {
    const response = await appAssetResponse(request.url, request.method, rendererRoot);
    return new Response(response.body, { status: response.status, headers: response.headers });
  });
}
