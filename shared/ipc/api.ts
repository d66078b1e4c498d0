/**
 * The shape of `window.api`, derived from the contract: `api.groups.list(input)` for channel `groups.list`.
 * Calls resolve to the `Result` envelope; renderer/src/api unwraps it.
 */
import type { Result } from './errors';
import {
  channelNames,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
  type PushEventName,
  type PushEvents,
} from './contract';

type Namespace<K extends string> = K extends `${infer NS}.${string}` ? NS : never;
type Method<K extends string, NS extends string> = K extends `${NS}.${infer M}` ? M : never;

export type ChannelApi = {
  [NS in Namespace<ChannelName>]: {
    [K in ChannelName as Method<K, NS>]: (input?: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>;
  };
};

export interface QunDeskApi extends ChannelApi {
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
  /** Electron only (the preload adds it): the local path of a dropped file, '' when it has none. */
  pathForFile?(file: File): string;
}

export type Invoke = (channel: ChannelName, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: PushEventName, listener: (payload: unknown) => void) => () => void;

/** Builds the api object from the channel list; every transport uses this, so they cannot drift. */
export function buildApi(invoke: Invoke, subscribe: Subscribe): QunDeskApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of channelNames) {
    const [ns, method] = name.split('.') as [string, string];
    api[ns] ??= {};
    api[ns][method] = (input?: unknown) => invoke(name, input ?? {});
  }
  return Object.assign(api, {
    on: (event: PushEventName, listener: (payload: unknown) => void) => subscribe(event, listener),
  }) as unknown as QunDeskApi;
}
