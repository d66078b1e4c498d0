/**
 * 聊天记录: the message archive. A virtualised list, newest first, of one group or all; filters for sender, dates,
 * types and risk hits beside full-text search; any message opens its context (the timeline around it).
 */
import { Group, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconMessageSearch, IconMessages } from '@tabler/icons-react';
import { useState } from 'react';
import type { ArchiveMessage } from '../../../../shared/ipc/channels/messages';
import { call } from '../../api/client';
import { ListScreen, useListFilters } from '../../ui/ListScreen';
import { useFormat } from '../../ui/format';
import { usePagedRows } from '../../ui/usePagedRows';
import { VirtualList } from '../../ui/VirtualList';
import { ArchiveFilters, useArchiveFilters } from './ArchiveFilters';
import { ContextDrawer } from './ContextDrawer';
import { MessageItem, MessageSkeleton } from './MessageItem';

/** The full-text index needs three characters; shorter queries scan (the note under the box says so). */
const fullTextMinLength = 3;

export function MessagesPage() {
  const { t } = useFormat();
  const filters = useListFilters(300);
  const archive = useArchiveFilters();
  const [contextFor, setContextFor] = useState<number | null>(null);
  const { query } = filters;
  const input = { ...filters.input, ...archive.input };
  const queryKey = JSON.stringify(input);
  const rows = usePagedRows<ArchiveMessage>(
    queryKey,
    (offset, limit) => call('messages.search', { offset, limit, ...input }),
    ['messages', 'groups', 'risk'],
  );
  const slowScan = query !== '' && [...query].length < fullTextMinLength;

  return (
    <>
      <ListScreen
        title={t('messages.title')}
        subtitle={t('archive.subtitle')}
        searchPlaceholder={t('messages.searchPlaceholder')}
        searchTestId="message-search"
        filters={{ ...filters, filtered: filters.filtered || archive.active }}
        total={rows.total}
        note={
          <Stack gap={6}>
            <ArchiveFilters filters={archive} groupId={filters.groupId} />
            <Group gap={6} wrap="nowrap">
              <IconInfoCircle
                size={14}
                color={slowScan ? 'var(--mantine-color-orange-6)' : 'var(--mantine-color-dimmed)'}
              />
              <Text size="xs" c={slowScan ? 'orange' : 'dimmed'} data-testid="short-query-note">
                {t('messages.shortQueryNote')}
              </Text>
            </Group>
          </Stack>
        }
        empty={{
          icon: <IconMessages size={32} />,
          title: t('messages.emptyTitle'),
          text: t('messages.emptyText'),
        }}
        noMatch={{
          icon: <IconMessageSearch size={32} />,
          title: t('messages.noMatchTitle'),
          text: t('messages.noMatchText'),
        }}
      >
        <VirtualList
          rows={rows}
          queryKey={queryKey}
          estimateSize={76}
          measure
          testId="messages-list"
          renderRow={(message) =>
            message ? (
              <MessageItem
                message={message}
                query={query}
                showGroup={filters.groupId === null}
                onContext={(chosen) => setContextFor(chosen.id)}
              />
            ) : (
              <MessageSkeleton />
            )
          }
        />
      </ListScreen>
      <ContextDrawer messageId={contextFor} query={query} onClose={() => setContextFor(null)} />
    </>
  );
}
