/**
 * 建议开启事件: trigger signals that fired on review-queue hits (refetched after every risk scan), on top of the
 * crisis page. Each one opens an incident (the burst's messages as evidence) or is dismissed; nothing opens by
 * itself.
 */
import { Alert, Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconFlame, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { IncidentSuggestion } from '../../../../shared/domain/crisis/views';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { crisisPaths } from './paths';

/** Shown before 还有 N 条. */
const shownAtFirst = 3;

function SuggestionRow({ suggestion }: { suggestion: IncidentSuggestion }) {
  const { t, dateTime } = useFormat();
  const [busy, setBusy] = useState<'open' | 'dismiss' | null>(null);
  const act = async (which: 'open' | 'dismiss') => {
    setBusy(which);
    try {
      if (which === 'open') {
        const incident = await call('incidents.openFromSuggestion', { key: suggestion.key });
        notifySuccess(t('crisisUi.openIncident.opened', { title: incident.title }));
        navigate(crisisPaths.incident(incident.id));
      } else {
        await call('incidents.dismissSuggestion', { key: suggestion.key });
        notifySuccess(t('crisisUi.suggestions.dismissed'));
      }
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group
      justify="space-between"
      wrap="wrap"
      gap="xs"
      data-testid="incident-suggestion"
      data-playbook={suggestion.playbookId}
    >
      <Stack gap={0} style={{ flex: '1 1 300px', minWidth: 0 }}>
        <Group gap={6} wrap="wrap">
          <Text fw={600} size="sm">
            {suggestion.playbookName}
          </Text>
          <Text size="sm" c="dimmed">
            · {suggestion.groupName ?? t('crisisUi.suggestions.noGroup')}
          </Text>
          <Badge size="sm" color="orange" variant="light">
            {suggestion.severityLabel}
          </Badge>
        </Group>
        <Text size="sm">
          {t('crisisUi.suggestions.line', {
            trigger: suggestion.triggerLabel,
            minutes: suggestion.windowMinutes,
            count: suggestion.count,
          })}
          <Text span size="xs" c="dimmed" ml={6} className="tabular">
            {dateTime(suggestion.windowStart)} – {dateTime(suggestion.firedAt).slice(11)}
          </Text>
        </Text>
      </Stack>
      <Group gap={6} wrap="nowrap">
        <Button
          size="xs"
          color="red"
          leftSection={<IconFlame size={14} />}
          loading={busy === 'open'}
          disabled={busy !== null}
          onClick={() => void act('open')}
          data-testid="suggestion-open"
        >
          {t('crisisUi.suggestions.open')}
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconX size={14} />}
          loading={busy === 'dismiss'}
          disabled={busy !== null}
          onClick={() => void act('dismiss')}
          data-testid="suggestion-dismiss"
        >
          {t('crisisUi.suggestions.dismiss')}
        </Button>
      </Group>
    </Group>
  );
}

export function SuggestionsBanner() {
  const { t } = useFormat();
  const { data: suggestions } = useChannel('incidents.suggestions', {}, ['crisis', 'risk']);
  const [expanded, setExpanded] = useState(false);
  if (!suggestions || suggestions.length === 0) return null;
  const shown = expanded ? suggestions : suggestions.slice(0, shownAtFirst);
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconFlame size={20} />}
      title={t('crisisUi.suggestions.title', { count: suggestions.length })}
      mb="md"
      data-testid="incident-suggestions"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('crisisUi.suggestions.text')}
        </Text>
        {shown.map((suggestion) => (
          <SuggestionRow key={suggestion.key} suggestion={suggestion} />
        ))}
        {suggestions.length > shownAtFirst && (
          <Anchor component="button" type="button" size="sm" onClick={() => setExpanded(!expanded)}>
            {expanded
              ? t('crisisUi.suggestions.less')
              : t('crisisUi.suggestions.more', { count: suggestions.length - shownAtFirst })}
          </Anchor>
        )}
      </Stack>
    </Alert>
  );
}
