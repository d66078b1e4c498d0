/**
 * 违规: the thresholds' suggestion for the next action (suggestions only: the moderator acts in WeChat and records
 * it), and the ledger of violations, each with its evidence (a message of the archive, or a note).
 */
import { Badge, Blockquote, Button, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconGavel, IconPlus, IconQuote } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Violation, ViolationAction } from '../../../../../shared/domain/members';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { formatDateTime } from '../../../ui/format';
import { useChannel } from '../../../ui/useChannel';
import { Permitted } from '../../lock/Permitted';
import { EmptyLine, Pager, SectionCard } from '../parts';
import { ViolationModal } from './ViolationModal';

const pageSize = 10;

export const actionColors: Record<ViolationAction, string> = {
  remind: 'yellow',
  dm_warning: 'orange',
  mute: 'grape',
  remove: 'pink',
  blacklist: 'red',
};

export function ViolationsTab({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const { data: suggestion } = useChannel('violations.suggestion', { memberId: member.id }, ['members']);
  const { data: thresholds } = useChannel('violations.thresholds', {}, ['members']);
  const { data } = useChannel(
    'violations.list',
    { memberId: member.id, offset: (page - 1) * pageSize, limit: pageSize },
    ['members'],
  );
  const active = suggestion?.activePoints ?? member.activeViolationPoints;

  return (
    <Grid gap="md">
      <Grid.Col span={4}>
        <SectionCard
          title={t('membersUi.violations.suggestionTitle')}
          icon={<IconGavel size={18} />}
          testId="violation-suggestion"
        >
          <Group gap="xs" align="baseline">
            <Text
              fz={32}
              fw={700}
              className="tabular"
              c={active > 0 ? 'red' : undefined}
              data-testid="active-violation-points"
            >
              {active}
            </Text>
            <Text size="sm" c="dimmed">
              {t('membersUi.violations.activePoints')}
            </Text>
          </Group>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {t('membersUi.violations.suggested')}
            </Text>
            {suggestion?.suggestedAction ? (
              <Badge
                size="lg"
                color={actionColors[suggestion.suggestedAction]}
                variant="light"
                radius="sm"
                data-testid="suggested-action"
              >
                {t(`members.violationActions.${suggestion.suggestedAction}`)}
              </Badge>
            ) : (
              <Text size="sm">{t('membersUi.violations.noSuggestion')}</Text>
            )}
          </Stack>
          {suggestion?.next && (
            <Text size="sm" data-testid="next-threshold">
              {t('membersUi.violations.next', {
                points: suggestion.next.points,
                action: t(`members.violationActions.${suggestion.next.action}`),
              })}
            </Text>
          )}
          {suggestion?.lastAction && (
            <Text size="sm" c="dimmed">
              {t('membersUi.violations.last', {
                action: t(`members.violationActions.${suggestion.lastAction}`),
              })}
            </Text>
          )}
          {thresholds && (
            <Stack gap={4} mt={4}>
              <Text size="xs" c="dimmed">
                {t('membersUi.violations.ladder')}
              </Text>
              <Group gap={4}>
                {thresholds.map((threshold) => (
                  <Badge
                    key={threshold.points}
                    size="sm"
                    radius="sm"
                    tt="none"
                    variant={active >= threshold.points ? 'filled' : 'outline'}
                    color={actionColors[threshold.action]}
                  >
                    {threshold.points} → {t(`members.violationActions.${threshold.action}`)}
                  </Badge>
                ))}
              </Group>
            </Stack>
          )}
          <Text size="xs" c="dimmed">
            {t('membersUi.violations.suggestionOnly')}
          </Text>
        </SectionCard>
      </Grid.Col>
      <Grid.Col span={8}>
        <SectionCard
          title={t('membersUi.violations.ledger')}
          icon={<IconAlertTriangle size={18} />}
          testId="violations-ledger"
          actions={
            readOnly ? null : (
              <Permitted>
                <Button
                  size="compact-sm"
                  color="red"
                  variant="light"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setAdding(true)}
                  data-testid="add-violation"
                >
                  {t('membersUi.violations.add')}
                </Button>
              </Permitted>
            )
          }
        >
          {data && data.total === 0 ? (
            <EmptyLine>{t('membersUi.violations.empty')}</EmptyLine>
          ) : (
            (data?.rows ?? []).map((violation) => (
              <ViolationItem key={violation.id} violation={violation} member={member} />
            ))
          )}
          <Pager total={data?.total} pageSize={pageSize} page={page} onPage={setPage} />
        </SectionCard>
      </Grid.Col>
      {adding && (
        <ViolationModal
          member={member}
          suggested={suggestion?.suggestedAction ?? null}
          onClose={() => setAdding(false)}
        />
      )}
    </Grid>
  );
}

function ViolationItem({ violation, member }: { violation: Violation; member: MemberDetail }) {
  const { t } = useTranslation();
  const group = member.memberships.find((membership) => membership.groupId === violation.groupId)?.groupName;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      data-testid="violation-item"
      style={{ opacity: violation.active ? 1 : 0.7 }}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Group gap={6} wrap="wrap">
          <Badge variant="light" color="red" radius="sm">
            {t(`members.violationCategories.${violation.category}`)}
          </Badge>
          <Text size="sm" fw={700} className="tabular">
            {t('membersUi.violations.points', { points: violation.points })}
          </Text>
          <Badge variant="outline" color={actionColors[violation.action]} radius="sm">
            {t(`members.violationActions.${violation.action}`)}
          </Badge>
          {!violation.active && (
            <Badge variant="light" color="gray" radius="sm">
              {t('membersUi.violations.decayed')}
            </Badge>
          )}
          {violation.active && violation.decayDays !== null && (
            <Text size="xs" c="dimmed">
              {t('membersUi.violations.decaysIn', { days: violation.decayDays })}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed" className="tabular" style={{ whiteSpace: 'nowrap' }}>
          {group ? `${group} · ` : ''}
          {formatDateTime(violation.occurredAt)}
        </Text>
      </Group>
      {violation.evidenceExcerpt && (
        <Blockquote
          mt="xs"
          p="xs"
          pl="md"
          color="gray"
          icon={<IconQuote size={14} />}
          iconSize={22}
          radius="sm"
          fz="sm"
          data-testid="violation-evidence"
          style={{ overflowWrap: 'anywhere' }}
        >
          {violation.evidenceExcerpt}
          {violation.messageId !== null && (
            <Text size="xs" c="dimmed" mt={2}>
              {t('membersUi.violations.messageRef', { id: violation.messageId })}
            </Text>
          )}
        </Blockquote>
      )}
      {violation.note !== null && (
        <Text
          size="sm"
          mt="xs"
          c={violation.note ? undefined : 'dimmed'}
          fs={violation.note ? undefined : 'italic'}
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {violation.note || t('membersUi.notes.erased')}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt={4}>
        {t('membersUi.violations.recordedBy', {
          operator: t(`audit.operators.${violation.operator}`, { defaultValue: violation.operator }),
        })}
      </Text>
    </Paper>
  );
}
