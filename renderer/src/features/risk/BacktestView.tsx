/** A back-test's answer: "would have hit N messages in the last 30 days", the words doing it, and a sample. */
import { Alert, Badge, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';
import type { RiskBacktest } from '../../../../shared/ipc/channels/risk';
import { useFormat } from '../../ui/format';
import { HighlightedText } from './HighlightedText';

export function BacktestView({ result }: { result: RiskBacktest }) {
  const { t, number, date, dateTime } = useFormat();
  const params = {
    days: result.days,
    messages: number(result.messages),
    hitMessages: number(result.hitMessages),
    hits: number(result.hits),
  };
  return (
    <Stack gap="sm" data-testid="risk-backtest">
      <Alert
        color={result.hitMessages > 0 ? 'orange' : 'brand'}
        icon={<IconFlask size={18} />}
        title={t(
          result.mode === 'hits' ? 'riskUi.backtest.hitsTitle' : 'riskUi.backtest.cancelsTitle',
          params,
        )}
        data-testid="risk-backtest-summary"
      >
        <Text size="sm">
          {t('riskUi.backtest.window', {
            from: date(result.from),
            to: date(result.to),
            messages: params.messages,
          })}
          {result.truncated ? ` ${t('riskUi.backtest.truncated')}` : ''}
        </Text>
      </Alert>
      {result.words.length > 0 && (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            {t('riskUi.backtest.byWord')}
          </Text>
          {result.words.slice(0, 20).map((entry) => (
            <Badge key={entry.word} variant="light" color="gray" radius="sm">
              {entry.word} ×{number(entry.count)}
            </Badge>
          ))}
        </Group>
      )}
      {result.sample.length > 0 && (
        <Stack gap={6}>
          <Text size="xs" c="dimmed">
            {t('riskUi.backtest.sample')}
          </Text>
          {/* Scrolls on its own, so the save button under it stays in view. */}
          <ScrollArea.Autosize mah={320} type="auto" offsetScrollbars>
            <Stack gap={6}>
              {result.sample.map((sample) => (
                <Paper key={sample.messageId} withBorder px="sm" py={6}>
                  <Text size="xs" c="dimmed" mb={2}>
                    {sample.groupName} · {sample.senderName} · {dateTime(sample.sentAt)}
                  </Text>
                  <Text size="sm">
                    <HighlightedText text={sample.content} spans={sample.spans} />
                  </Text>
                </Paper>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Stack>
      )}
    </Stack>
  );
}
