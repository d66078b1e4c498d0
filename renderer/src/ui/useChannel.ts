/**
 * Data hooks over `call()` and `subscribe()`: a screen asks for a channel's output and names the entities it shows;
 * a `data.changed` push for any of them refetches, keeping the old data on screen until the new arrives.
 */
import { useEffect, useEffectEvent, useState } from 'react';
import { call, subscribe } from '../api/client';
import type { ChannelInput, ChannelName, ChannelOutput, DataEntity } from '../../../shared/ipc/contract';
import { notifyError } from './errors';

/** Calls `onChange` whenever the backend reports a change to one of `entities`. */
export function useDataChanged(entities: readonly DataEntity[], onChange: () => void): void {
  const handle = useEffectEvent(onChange);
  const entityKey = entities.join(',');
  useEffect(() => {
    const watched = new Set(entityKey.split(','));
    return subscribe('data.changed', (payload) => {
      if (payload.entities.some((entity) => watched.has(entity))) handle();
    });
  }, [entityKey]);
}

export interface ChannelState<T> {
  /** The latest output; kept while a refetch runs. */
  data: T | undefined;
  error: unknown;
  /** True until the output for the current input (and last change) has arrived. */
  loading: boolean;
  reload(): void;
}

interface Loaded<T> {
  requestKey: string;
  data: T | undefined;
  error: unknown;
}

export function useChannel<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
  refetchOn: readonly DataEntity[] = [],
): ChannelState<ChannelOutput<K>> {
  const inputKey = JSON.stringify(input ?? {});
  const [generation, setGeneration] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<ChannelOutput<K>> | null>(null);
  const requestKey = `${channel}|${inputKey}|${generation}`;

  useEffect(() => {
    let current = true;
    call(channel, JSON.parse(inputKey) as ChannelInput<K>).then(
      (data) => {
        if (current) setLoaded({ requestKey, data, error: null });
      },
      (error: unknown) => {
        if (!current) return;
        setLoaded((previous) => ({ requestKey, data: previous?.data, error }));
        notifyError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [channel, inputKey, requestKey]);

  const reload = () => setGeneration((value) => value + 1);
  useDataChanged(refetchOn, reload);

  return {
    data: loaded?.data,
    error: loaded?.error ?? null,
    loading: loaded?.requestKey !== requestKey,
    reload,
  };
}
