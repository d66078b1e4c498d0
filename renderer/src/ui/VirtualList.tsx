/**
 * Virtualised lists over server-side pages: only the visible rows are in the DOM, and the pages they need are
 * fetched as the user scrolls. `VirtualTable` lays rows out as a CSS grid under a fixed header.
 */
import { Box, Skeleton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import type { PagedRows } from './usePagedRows';

export interface VirtualListProps<T> {
  rows: PagedRows<T>;
  /** Changing it scrolls back to the top (a new search or filter). */
  queryKey: string;
  estimateSize: number;
  /** Rows whose height depends on their content are measured after rendering. */
  measure?: boolean;
  renderRow(row: T | undefined, index: number): ReactNode;
  testId?: string;
}

export function VirtualList<T>({
  rows,
  queryKey,
  estimateSize,
  measure = false,
  renderRow,
  testId,
}: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions each render by design
  const virtualizer = useVirtualizer({
    count: rows.total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateSize,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index;
  const last = items[items.length - 1]?.index;
  const { ensureRange } = rows;

  useEffect(() => {
    if (first !== undefined && last !== undefined) ensureRange(first, last);
  }, [first, last, ensureRange]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [queryKey]);

  return (
    <Box
      ref={scrollRef}
      style={{ flex: 1, minHeight: 0, overflowY: 'auto', overflowX: 'hidden' }}
      data-testid={testId}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {items.map((item) => (
          <div
            key={item.key}
            data-index={item.index}
            ref={measure ? virtualizer.measureElement : undefined}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${item.start}px)`,
              ...(measure ? {} : { height: item.size }),
            }}
          >
            {renderRow(rows.rowAt(item.index), item.index)}
          </div>
        ))}
      </div>
    </Box>
  );
}

export interface VirtualColumn<T> {
  key: string;
  header: ReactNode;
  /** A CSS grid track, e.g. `minmax(160px, 2fr)` or `96px`. */
  width: string;
  align?: 'left' | 'right';
  render(row: T): ReactNode;
}

export function VirtualTable<T>(props: {
  columns: VirtualColumn<T>[];
  rows: PagedRows<T>;
  queryKey: string;
  rowHeight: number;
  testId?: string;
}) {
  const gridTemplateColumns = props.columns.map((column) => column.width).join(' ');
  const cellStyle = (column: VirtualColumn<T>): CSSProperties => ({
    textAlign: column.align ?? 'left',
    justifySelf: column.align === 'right' ? 'end' : 'stretch',
  });
  return (
    <>
      <div className="vt-row vt-header" style={{ gridTemplateColumns, height: 40 }} role="row">
        {props.columns.map((column) => (
          <div key={column.key} style={cellStyle(column)} role="columnheader">
            {column.header}
          </div>
        ))}
      </div>
      <VirtualList
        rows={props.rows}
        queryKey={props.queryKey}
        estimateSize={props.rowHeight}
        testId={props.testId}
        renderRow={(row) => (
          <div
            className="vt-row vt-body-row"
            style={{ gridTemplateColumns, height: '100%' }}
            role="row"
            data-loaded={row ? 'true' : 'false'}
          >
            {props.columns.map((column) => (
              <div key={column.key} style={cellStyle(column)} role="cell">
                {row ? column.render(row) : <Skeleton height={12} radius="sm" width="70%" />}
              </div>
            ))}
          </div>
        )}
      />
    </>
  );
}
