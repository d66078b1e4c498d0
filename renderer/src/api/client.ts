/**
 * The renderer's only door to the backend: `api.groups.list()` resolves with the value or throws ApiError.
 * `window.api` comes from the Electron preload or, in browser mode, from the HTTP transport.
 */
import type { ApiErrorPayload, Result } from '../../../shared/ipc/errors';
import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  PushEventName,
  PushEvents,
} from '../../../shared/ipc/contract';
import type { QunDeskApi } from '../../../shared/ipc/api';
import { installHttpTransport } from './httpTransport';

declare global {
  interface Window {
    api?: QunDeskApi;
  }
}

export class ApiError extends Error {
  readonly payload: ApiErrorPayload;

  constructor(payload: ApiErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.payload = payload;
  }
}

/**
 * Connects to the backend: the preload's `window.api` in Electron, else the HTTP transport. main.tsx calls it
 * before the first render so browser mode takes its token from the address bar at once: a navigation before the
 * first API call would otherwise lose it.
 */
export function connectTransport(): QunDeskApi {
  if (!window.api) window.api = installHttpTransport();
  return window.api;
}

/** Calls one channel and unwraps the result. */
export async function call<K extends ChannelName>(
  channel: K,
  input?: ChannelInput<K>,
): Promise<ChannelOutput<K>> {
  const [namespace, method] = channel.split('.') as [string, string];
  const target = (
    connectTransport() as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<Result<unknown>>>
    >
  )[namespace]?.[method];
  if (!target)
    throw new ApiError({ code: 'UNKNOWN_CHANNEL', message: 'errors.unknownChannel', params: { channel } });
  const result = await target(input ?? {});
  if (!result.ok) throw new ApiError(result.error);
  return result.value as ChannelOutput<K>;
}

export function subscribe<E extends PushEventName>(
  event: E,
  listener: (payload: PushEvents[E]) => void,
): () => void {
  return connectTransport().on(event, listener);
}
