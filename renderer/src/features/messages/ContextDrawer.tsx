/**
 * Jump to context: the group's timeline around one message (50 either side), scrolled to it and marked, with
 * buttons to load earlier and later messages. Loading earlier keeps what is on screen in place.
 */
import { Alert, Box, Button, Center, Drawer, Loader, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MessageContext } from '../../../../shared/ipc/channels/messages';
import { call } from '../../api/client';
import { describeError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { MessageItem } from './MessageItem';

const pageRows = 50;

interface Loaded {
  /** The message the view was opened for. */
  forId: number;
  context: MessageContext;
  /** Bumped when rows are added above, so the scroll position is restored after that render. */
  prepended: number;
}

/** The top or bottom of the loaded timeline: a button to load more, or a note that the group's log ends here. */
function TimelineEdge(props: {
  direction: 'older' | 'newer';
  hasMore: boolean;
  loading: boolean;
  onLoad(): void;
}) {
  const { t } = useFormat();
  const older = props.direction === 'older';
  return (
    <Center py="xs">
      {props.hasMore ? (
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={older ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
          loading={props.loading}
          onClick={props.onLoad}
          data-testid={older ? 'context-load-older' : 'context-load-newer'}
        >
          {t(older ? 'archive.context.loadOlder' : 'archive.context.loadNewer')}
        </Button>
      ) : (
        <Text size="xs" c="dimmed" data-testid={older ? 'context-start' : 'context-end'}>
          {t(older ? 'archive.context.start' : 'archive.context.end')}
        </Text>
      )}
    </Center>
  );
}

export function ContextDrawer(props: { messageId: number | null; query: string; onClose(): void }) {
  const { t } = useFormat();
  const { messageId } = props;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<{ forId: number; error: unknown } | null>(null);
  const [loadingMore, setLoadingMore] = useState<'older' | 'newer' | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** Distance from the bottom before rows were added above. */
  const fromBottom = useRef<number | null>(null);

  useEffect(() => {
    if (messageId === null) return;
    let current = true;
    call('messages.context', { id: messageId, before: pageRows, after: pageRows }).then(
      (context) => current && setLoaded({ forId: messageId, context, prepended: 0 }),
      (error: unknown) => current && setFailure({ forId: messageId, error }),
    );
    return () => {
      current = false;
    };
  }, [messageId]);

  const shown = loaded && loaded.forId === messageId ? loaded : null;
  const error = failure && failure.forId === messageId ? failure.error : null;

  // Once the context arrives, bring the chosen message to the middle.
  const shownFor = shown?.forId;
  useLayoutEffect(() => {
    if (shownFor === undefined) return;
    scrollRef.current?.querySelector('[data-anchor="true"]')?.scrollIntoView({ block: 'center' });
  }, [shownFor]);

  // After rows were added above, keep the same messages in view.
  const prepended = shown?.prepended;
  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (!box || fromBottom.current === null) return;
    box.scrollTop = box.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [prepended]);

  const loadMore = async (direction: 'older' | 'newer') => {
    if (!shown) return;
    const { rows } = shown.context;
    const edge = direction === 'older' ? rows[0] : rows.at(-1);
    if (!edge) return;
    setLoadingMore(direction);
    try {
      const more = await call('messages.context', {
        id: edge.id,
        before: direction === 'older' ? pageRows : 0,
        after: direction === 'newer' ? pageRows : 0,
      });
      const box = scrollRef.current;
      if (direction === 'older' && box) fromBottom.current = box.scrollHeight - box.scrollTop;
      setLoaded((previous) => {
        if (!previous || previous.forId !== shown.forId) return previous;
        const context = previous.context;
        return direction === 'older'
          ? {
              ...previous,
              prepended: previous.prepended + 1,
              context: {
                ...context,
                rows: [...more.rows.slice(0, -1), ...context.rows],
                hasMoreBefore: more.hasMoreBefore,
              },
            }
          : {
              ...previous,
              context: {
                ...context,
                rows: [...context.rows, ...more.rows.slice(1)],
                hasMoreAfter: more.hasMoreAfter,
              },
            };
      });
    } catch (loadError) {
      setFailure({ forId: shown.forId, error: loadError });
    } finally {
      setLoadingMore(null);
    }
  };

  const context = shown?.context;
  return (
    <Drawer
      opened={messageId !== null}
      onClose={props.onClose}
      position="right"
      size={620}
      title={
        <Text fw={600} truncate>
          {context ? t('archive.context.title', { group: context.groupName }) : t('archive.openContext')}
        </Text>
      }
      styles={{
        content: { display: 'flex', flexDirection: 'column' },
        body: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', padding: 0 },
      }}
      data-testid="context-drawer"
    >
      {error !== null && (
        <Alert color="red" m="md" data-testid="context-error">
          {describeError(error)}
        </Alert>
      )}
      {!context && error === null && (
        <Center py="xl">
          <Stack align="center" gap="xs">
            <Loader size="sm" />
            <Text size="sm" c="dimmed">
              {t('archive.context.loading')}
            </Text>
          </Stack>
        </Center>
      )}
      {context && (
        <Box ref={scrollRef} style={{ flex: 1, minHeight: 0, overflowY: 'auto' }} data-testid="context-list">
          <TimelineEdge
            hasMore={context.hasMoreBefore}
            loading={loadingMore === 'older'}
            onLoad={() => void loadMore('older')}
            direction="older"
          />
          {context.rows.map((message) => (
            <MessageItem
              key={message.id}
              message={message}
              query={props.query}
              showGroup={false}
              anchor={message.id === context.anchorId}
              testId="context-message"
            />
          ))}
          <TimelineEdge
            hasMore={context.hasMoreAfter}
            loading={loadingMore === 'newer'}
            onLoad={() => void loadMore('newer')}
            direction="newer"
          />
        </Box>
      )}
    </Drawer>
  );
}
