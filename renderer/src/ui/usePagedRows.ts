/**
 * Server-side paging for virtualised lists: rows are fetched a page at a time as the visible range needs them.
 * Changing `queryKey` (search text, filters) starts over; a `data.changed` push for the watched entities refetches,
 * keeping the previous rows on screen until the new ones arrive.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../../shared/domain/types';
import type { DataEntity } from '../../../shared/ipc/contract';
import { notifyError } from './errors';
import { useDataChanged } from './useChannel';

export const pageSize = 100;

interface PagedState<T> {
  /** Which query and refetch generation these pages belong to. */
  requestKey: string;
  queryKey: string;
  total: number | null;
  pages: ReadonlyMap<number, readonly T[]>;
}

export interface PagedRows<T> {
  /** Rows in the result, or null until the first page arrived. */
  total: number | null;
  /** The row at an index, or undefined while its page is loading. */
  rowAt(index: number): T | undefined;
  /** Asks for the pages covering rows `first..last` (inclusive). */
  ensureRange(first: number, last: number): void;
}

export function usePagedRows<T>(
  queryKey: string,
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  refetchOn: readonly DataEntity[],
): PagedRows<T> {
  const [generation, setGeneration] = useState(0);
  const requestKey = JSON.stringify([queryKey, generation]);
  const [state, setState] = useState<PagedState<T>>({
    requestKey: '',
    queryKey: '',
    total: null,
    pages: new Map(),
  });
  const inFlight = useRef(new Set<string>());
  const latestRequestKey = useRef(requestKey);
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
    latestRequestKey.current = requestKey;
  });

  const loadPage = useCallback(
    (pageIndex: number) => {
      const flightKey = `${requestKey}/${pageIndex}`;
      if (inFlight.current.has(flightKey)) return;
      inFlight.current.add(flightKey);
      fetchRef.current(pageIndex * pageSize, pageSize).then(
        (page) => {
          inFlight.current.delete(flightKey);
          // A page for an older query, or from before a refetch, is dropped.
          if (latestRequestKey.current !== requestKey) return;
          setState((previous) => {
            const pages = new Map(previous.requestKey === requestKey ? previous.pages : []);
            pages.set(pageIndex, page.rows);
            return { requestKey, queryKey, total: page.total, pages };
          });
        },
        (error: unknown) => {
          inFlight.current.delete(flightKey);
          notifyError(error);
        },
      );
    },
    [requestKey, queryKey],
  );

  useEffect(() => {
    loadPage(0);
  }, [loadPage]);

  useDataChanged(refetchOn, () => setGeneration((value) => value + 1));

  const current = state.requestKey === requestKey;
  const loadedPages = current ? state.pages : null;
  const ensureRange = useCallback(
    (first: number, last: number) => {
      const lastPage = Math.floor(Math.max(0, last) / pageSize);
      for (let page = Math.floor(Math.max(0, first) / pageSize); page <= lastPage; page++) {
        if (!loadedPages?.has(page)) loadPage(page);
      }
    },
    [loadedPages, loadPage],
  );

  const shown = state.queryKey === queryKey ? state : null;
  return {
    total: shown?.total ?? null,
    rowAt: (index) => shown?.pages.get(Math.floor(index / pageSize))?.[index % pageSize],
    ensureRange,
  };
}
