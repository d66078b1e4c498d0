/** One hit of the review queue: the message in its context with the span highlighted, the sender, the decision. */
import { Badge, Button, Checkbox, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconShieldCheck, IconX } from '@tabler/icons-react';
import type { RiskDecision, RiskMessageBrief, RiskQueueItem } from '../../../../shared/ipc/channels/risk';
import { useFormat } from '../../ui/format';
import { OpenFromHitButton } from '../crisis/OpenFromHitButton';
import { CategoryBadge, SeverityBadge } from './RiskBadges';
import { HighlightedText } from './HighlightedText';
import { displayWord, markStyle } from './riskFormat';

export type DecideHandler = (
  hitIds: number[],
  decision: RiskDecision,
  addAllowPhrase?: string,
) => Promise<void>;

function ContextLine({ message }: { message: RiskMessageBrief }) {
  const { dateTime } = useFormat();
  return (
    <div className="risk-context-line" data-testid="risk-context">
      <Text span size="xs" c="dimmed" className="tabular" mr={6}>
        {dateTime(message.sentAt).slice(11)}
      </Text>
      <Text span size="sm" fw={500} c="dimmed">
        {message.senderName}：
      </Text>
      {message.content}
    </div>
  );
}

export function QueueCard(props: {
  item: RiskQueueItem;
  selected: boolean;
  busy: boolean;
  onSelect(selected: boolean): void;
  onDecide: DecideHandler;
}) {
  const { item } = props;
  const { t, dateTime, number } = useFormat();
  const open = item.status === 'open';
  const ruleLabel = item.detector
    ? t(`sensitive.detector.${item.detector}`)
    : t(`sensitive.rule.${item.rule}`);
  return (
    <Paper
      withBorder
      p="sm"
      className="risk-card"
      data-selected={props.selected ? 'true' : undefined}
      data-testid="risk-hit"
      data-hit-id={item.id}
      data-status={item.status}
      data-category={item.category}
    >
      <Group gap="xs" wrap="nowrap" mb={6}>
        {open && (
          <Checkbox
            checked={props.selected}
            onChange={(event) => props.onSelect(event.currentTarget.checked)}
            aria-label={t('riskUi.queue.select')}
            data-testid="risk-hit-select"
          />
        )}
        <CategoryBadge category={item.category} size="md" />
        <SeverityBadge severity={item.severity} size="md" />
        <Text fw={600} size="sm" truncate>
          {t('riskUi.hit.word', { word: displayWord(item) })}
        </Text>
        <Text size="xs" c="dimmed" truncate style={{ minWidth: 0 }}>
          {item.list.startsWith('detector:') ? ruleLabel : `${item.list} · ${ruleLabel}`}
        </Text>
        <Badge
          ml="auto"
          size="sm"
          variant="light"
          color="gray"
          radius="sm"
          fw={500}
          style={{ flexShrink: 0 }}
        >
          {item.message.groupName}
        </Badge>
        <Text size="xs" c="dimmed" className="tabular" style={{ flexShrink: 0 }}>
          {dateTime(item.message.sentAt)}
        </Text>
      </Group>

      <Stack gap={4}>
        {item.before.map((message) => (
          <ContextLine key={message.id} message={message} />
        ))}
        <div className="risk-message" style={markStyle(item.category)}>
          <Text size="sm" fw={600} span mr={6}>
            {item.message.senderName}：
          </Text>
          <Text size="sm" span>
            <HighlightedText
              text={item.message.content}
              spans={item.spans}
              current={{ start: item.start, end: item.end }}
              testId="risk-hit-message"
            />
          </Text>
        </div>
        {item.after.map((message) => (
          <ContextLine key={message.id} message={message} />
        ))}
      </Stack>

      <Group gap="xs" mt="sm" wrap="wrap">
        <Text size="xs" c="dimmed">
          {item.member
            ? t('riskUi.queue.member', {
                name: item.member.displayName,
                count: number(item.member.violationCount),
              })
            : t('riskUi.queue.noMember')}
          {' · '}
          {t('riskUi.hit.action', { action: t(`sensitive.action.${item.action}`) })}
        </Text>
        {open ? (
          <Group gap={6} ml="auto" wrap="wrap">
            <Tooltip
              label={item.member ? t('riskUi.queue.confirmHint') : t('riskUi.queue.confirmNoMemberHint')}
            >
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconCheck size={14} />}
                loading={props.busy}
                onClick={() => void props.onDecide([item.id], 'confirm')}
                data-testid="risk-confirm"
              >
                {t('riskUi.queue.confirm')}
              </Button>
            </Tooltip>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconX size={14} />}
              disabled={props.busy}
              onClick={() => void props.onDecide([item.id], 'dismiss')}
              data-testid="risk-dismiss"
            >
              {t('riskUi.queue.dismiss')}
            </Button>
            {item.suggestedAllowPhrase && (
              <Tooltip label={t('riskUi.queue.allowHint')} multiline maw={280}>
                <Button
                  size="xs"
                  variant="subtle"
                  leftSection={<IconShieldCheck size={14} />}
                  disabled={props.busy}
                  onClick={() => void props.onDecide([item.id], 'dismiss', item.suggestedAllowPhrase!)}
                  data-testid="risk-dismiss-allow"
                >
                  {t('riskUi.queue.dismissAllow', { phrase: item.suggestedAllowPhrase })}
                </Button>
              </Tooltip>
            )}
            <OpenFromHitButton hit={item} disabled={props.busy} />
          </Group>
        ) : (
          <Group gap={6} ml="auto">
            <Badge
              color={item.status === 'confirmed' ? 'red' : 'gray'}
              variant="light"
              data-testid="risk-hit-status"
            >
              {t(`riskUi.status.${item.status}`)}
            </Badge>
            <Text size="xs" c="dimmed">
              {t('riskUi.queue.decided', {
                who: item.decidedBy ?? '',
                when: item.decidedAt ? dateTime(item.decidedAt) : '',
              })}
              {item.reason ? ` · ${item.reason}` : ''}
              {item.violationId !== null ? ` · ${t('riskUi.queue.violation', { id: item.violationId })}` : ''}
            </Text>
            <OpenFromHitButton hit={item} />
          </Group>
        )}
      </Group>
    </Paper>
  );
}
