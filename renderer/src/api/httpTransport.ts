/**
 * Browser mode: `window.api` over HTTP to the local QunDesk server (127.0.0.1). The access token comes from the
 * URL the server printed (`?token=`), is kept for the tab's life and removed from the address bar.
 */
import { buildApi, type QunDeskApi } from '../../../shared/ipc/api';
import { pushEventNames, type PushEventName } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/errors';

const tokenStorageKey = 'qundesk.token';

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(tokenStorageKey, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(tokenStorageKey) ?? '';
}

export function installHttpTransport(): QunDeskApi {
  const token = takeToken();
  const listeners = new Map<PushEventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  const ensureEvents = () => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of pushEventNames) {
      source.addEventListener(name, (event) => {
        const payload: unknown = JSON.parse((event as MessageEvent<string>).data);
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };

  return buildApi(
    async (channel, input) => {
      try {
        const response = await fetch(`/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-qundesk-token': token },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'IO', message: 'errors.serverUnreachable' } };
      }
    },
    (event, listener) => {
      ensureEvents();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  );
}
