/** The gap report of the visible week and the WeCom cap warnings, both as the domain's translated messages. */
import { Alert, Button, Group, List, Paper, Progress, Spoiler, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconSettings } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { describeMessage, type DomainMessage } from '../../../../shared/domain/calendar/messages';
import type { CapReport, GapReportView, GapView } from '../../../../shared/domain/calendar/types';
import { typeColor } from './calendarLabels';

/** The domain's messages through i18next: params ending in `Key` are translated first. */
export function describe(message: DomainMessage, t: TFunction): string {
  return describeMessage(message, (key, params) => t(key, params ?? {}));
}

/** Two rows of 22px pills with a 6px gap before "show all": the week grid below shows them in place anyway. */
const collapsedGapsHeight = 50;

/** Period gaps ("本周缺 3 篇干货教程") first: they are the headline; then the empty slots in time order. */
function orderedGaps(report: GapReportView): { gap: GapView; utcOffsetMinutes: number }[] {
  return report.groups
    .flatMap((group) => group.gaps.map((gap) => ({ gap, utcOffsetMinutes: group.utcOffsetMinutes })))
    .sort(
      (a, b) =>
        Number(a.gap.kind === 'slot') - Number(b.gap.kind === 'slot') ||
        a.gap.startsAt.localeCompare(b.gap.startsAt),
    );
}

export function GapPanel(props: {
  report: GapReportView | undefined;
  rangeLabel: string;
  showGroup: boolean;
  onFillGap(gap: GapView, utcOffsetMinutes: number): void;
  onOpenCadence(): void;
}) {
  const { t } = useTranslation();
  const { report } = props;
  const hasRules = (report?.groups ?? []).some((group) => group.expected > 0);
  const gaps = report ? orderedGaps(report) : [];
  return (
    <Paper withBorder px="md" py="sm" data-testid="gap-panel">
      <Group justify="space-between" wrap="nowrap" gap="md" mb={hasRules && gaps.length > 0 ? 8 : 0}>
        {/* The title and week keep their width; the hint beside them gives way (truncated) on narrow screens. */}
        <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
          <Text fw={600} style={{ whiteSpace: 'nowrap' }}>
            {t('calendarUi.gaps.title')}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {props.rangeLabel}
          </Text>
        </Group>
        {report && hasRules && (
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" data-testid="gap-summary" style={{ whiteSpace: 'nowrap' }}>
              {t('calendarUi.gaps.summary', {
                expected: report.expected,
                filled: report.filled,
                missing: report.missing,
              })}
            </Text>
            <Progress
              w={120}
              value={report.expected > 0 ? (report.filled / report.expected) * 100 : 0}
              size="sm"
              color={report.missing === 0 ? 'teal' : 'orange'}
              aria-hidden
            />
          </Group>
        )}
        {report && !hasRules && (
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Text size="sm" c="dimmed" truncate>
              {t('calendarUi.gaps.noRules')}
            </Text>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconSettings size={14} />}
              onClick={props.onOpenCadence}
              style={{ flexShrink: 0 }}
            >
              {t('calendarUi.cadence.open')}
            </Button>
          </Group>
        )}
      </Group>
      {report && hasRules && gaps.length === 0 && (
        <Group gap="xs" wrap="nowrap" mt={6}>
          <IconCircleCheck size={18} color="var(--mantine-color-teal-filled)" />
          <Text size="sm">{t('calendarUi.gaps.allFilled')}</Text>
        </Group>
      )}
      {gaps.length > 0 && (
        <Spoiler
          maxHeight={collapsedGapsHeight}
          showLabel={t('calendarUi.gaps.showAll', { count: gaps.length })}
          hideLabel={t('calendarUi.gaps.showLess')}
          styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}
        >
          <Group gap={6}>
            {gaps.map(({ gap, utcOffsetMinutes }) => (
              <UnstyledButton
                key={`${gap.groupId}:${gap.ruleId}:${gap.bucketKey}:${gap.startsAt}`}
                onClick={() => props.onFillGap(gap, utcOffsetMinutes)}
                className="cal-gap"
                data-kind={gap.kind}
                data-testid="gap-item"
              >
                <span
                  className="cal-swatch"
                  style={{ background: `var(--mantine-color-${typeColor(gap.contentType)}-filled)` }}
                />
                <span>
                  {props.showGroup ? `${gap.groupName} · ` : ''}
                  {describe(gap, t)}
                </span>
              </UnstyledButton>
            ))}
          </Group>
        </Spoiler>
      )}
    </Paper>
  );
}

export function CapWarnings({ report }: { report: CapReport | undefined }) {
  const { t } = useTranslation();
  if (!report || report.warnings.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={t('calendarUi.caps.title')}
      data-testid="cap-warnings"
      mb="sm"
    >
      <List size="sm" spacing={2}>
        {report.warnings.map((warning) => (
          <List.Item key={`${warning.kind}:${warning.groupId ?? ''}:${warning.date}`}>
            {describe(warning, t)}
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt={4}>
        {t('calendarUi.caps.hint')}
      </Text>
    </Alert>
  );
}
