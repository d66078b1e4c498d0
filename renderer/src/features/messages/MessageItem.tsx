/** One message of the archive: sender, group, time, badges (notice type, risk hits), text with the query marked. */
import { Avatar, Badge, Button, Group, Highlight, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconListSearch } from '@tabler/icons-react';
import type { ArchiveMessage } from '../../../../shared/ipc/channels/messages';
import { useFormat } from '../../ui/format';
import { avatarColor } from '../members/MembersPage';

export function MessageSkeleton() {
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

export function MessageItem(props: {
  message: ArchiveMessage;
  query: string;
  /** Shows the group badge (lists over every group). */
  showGroup: boolean;
  /** Offers 查看上下文 (the archive list; the context view itself does not). */
  onContext?: (message: ArchiveMessage) => void;
  /** The message the context view was opened for. */
  anchor?: boolean;
  testId?: string;
}) {
  const { t, number, dateTime } = useFormat();
  const { message, query } = props;
  const system = message.kind === 'system' || message.memberId === null;
  return (
    <Group
      className="message-item"
      px="md"
      py="sm"
      gap="sm"
      wrap="nowrap"
      align="flex-start"
      data-testid={props.testId ?? 'message-item'}
      data-message-id={message.id}
      data-anchor={props.anchor ? 'true' : undefined}
      style={
        props.anchor
          ? {
              background: 'var(--mantine-color-blue-light)',
              boxShadow: 'inset 3px 0 0 var(--mantine-color-blue-filled)',
            }
          : undefined
      }
    >
      <Avatar
        size={32}
        radius="xl"
        variant="light"
        color={system ? 'gray' : avatarColor(message.memberId ?? 0)}
      >
        {[...(message.senderName || t('messages.system'))][0]}
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
          {props.showGroup && (
            <Badge
              size="sm"
              variant="light"
              color="gray"
              radius="sm"
              style={{ flexShrink: 1, minWidth: 0 }}
              fw={500}
              data-testid="message-group"
            >
              {message.groupName}
            </Badge>
          )}
          {props.anchor && (
            <Badge size="sm" variant="filled" color="blue" radius="sm" style={{ flexShrink: 0 }}>
              {t('archive.context.anchor')}
            </Badge>
          )}
          {message.systemEvent && (
            <Badge size="sm" variant="light" color="blue" radius="sm" style={{ flexShrink: 0 }} fw={500}>
              {t(`archive.events.${message.systemEvent}`)}
            </Badge>
          )}
          {message.riskHits > 0 && (
            <Badge
              size="sm"
              variant="light"
              color="red"
              radius="sm"
              leftSection={<IconAlertTriangle size={12} />}
              style={{ flexShrink: 0 }}
              data-testid="message-risk"
            >
              {t('archive.riskHits', { count: number(message.riskHits) })}
            </Badge>
          )}
          <Text size="xs" c="dimmed" ml="auto" className="tabular" style={{ flexShrink: 0 }}>
            {dateTime(message.sentAt)}
          </Text>
          {props.onContext && (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconListSearch size={14} />}
              style={{ flexShrink: 0 }}
              onClick={() => props.onContext?.(message)}
              data-testid="open-context"
            >
              {t('archive.openContext')}
            </Button>
          )}
        </Group>
        <Text
          size="sm"
          c={system ? 'dimmed' : undefined}
          fs={system ? 'italic' : undefined}
          style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
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
