import { Avatar, Badge, Group, Highlight, Skeleton, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconMessageSearch, IconMessages } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { MessageRow } from '../../../../shared/domain/types';
import { ListScreen, useListFilters } from '../../ui/ListScreen';
import { useFormat } from '../../ui/format';
import { usePagedRows } from '../../ui/usePagedRows';
import { VirtualList } from '../../ui/VirtualList';
import { avatarColor } from '../members/MembersPage';

/** The full-text index needs three characters; shorter queries scan (the note under the box says so). */
const fullTextMinLength = 3;

function MessageItem({ message, query }: { message: MessageRow | undefined; query: string }) {
  const { t, dateTime } = useFormat();
  if (!message) {
    return (
      <Group className="message-item" px="md" py="sm" gap="sm" wrap="nowrap" align="flex-start" h={76}>
        <Skeleton circle height={32} />
        <Stack gap={8} style={{ flex: 1 }}>
          <Skeleton height={10} width="30%" />
          <Skeleton height={10} width="80%" />
        </Stack>
      </Group>
    );
  }
  const system = message.kind === 'system' || message.memberId === null;
  return (
    <Group
      className="message-item"
      px="md"
      py="sm"
      gap="sm"
      wrap="nowrap"
      align="flex-start"
      data-testid="message-item"
    >
      <Avatar
        size={32}
        radius="xl"
        variant="light"
        color={system ? 'gray' : avatarColor(message.memberId ?? 0)}
      >
        {[...message.senderName][0]}
      </Avatar>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs" wrap="nowrap">
          <Text
            size="sm"
            fw={600}
            truncate
            style={{ flexShrink: 1, minWidth: 0 }}
            data-testid="message-sender"
          >
            {system ? t('messages.system') : message.senderName}
          </Text>
          <Badge size="sm" variant="light" color="gray" radius="sm" style={{ flexShrink: 0 }} fw={500}>
            {message.groupName}
          </Badge>
          <Text size="xs" c="dimmed" ml="auto" className="tabular" style={{ flexShrink: 0 }}>
            {dateTime(message.sentAt)}
          </Text>
        </Group>
        <Text
          size="sm"
          c={system ? 'dimmed' : undefined}
          fs={system ? 'italic' : undefined}
          style={{ overflowWrap: 'anywhere' }}
        >
          {message.content ? (
            <Highlight span highlight={query} inherit data-testid="message-content">
              {message.content}
            </Highlight>
          ) : (
            <Text span c="dimmed" inherit>
              {t(`messages.kinds.${message.kind}`)}
            </Text>
          )}
        </Text>
      </Stack>
    </Group>
  );
}

export function MessagesPage() {
  const { t } = useFormat();
  const filters = useListFilters(300);
  const { query, queryKey } = filters;
  const rows = usePagedRows<MessageRow>(
    queryKey,
    (offset, limit) => call('messages.search', { offset, limit, ...filters.input }),
    ['messages', 'groups'],
  );
  const slowScan = query !== '' && [...query].length < fullTextMinLength;

  return (
    <ListScreen
      title={t('messages.title')}
      subtitle={t('messages.subtitle')}
      searchPlaceholder={t('messages.searchPlaceholder')}
      searchTestId="message-search"
      filters={filters}
      total={rows.total}
      note={
        <Group gap={6} wrap="nowrap">
          <IconInfoCircle
            size={14}
            color={slowScan ? 'var(--mantine-color-orange-6)' : 'var(--mantine-color-dimmed)'}
          />
          <Text size="xs" c={slowScan ? 'orange' : 'dimmed'} data-testid="short-query-note">
            {t('messages.shortQueryNote')}
          </Text>
        </Group>
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
        renderRow={(message) => <MessageItem message={message} query={query} />}
      />
    </ListScreen>
  );
}
