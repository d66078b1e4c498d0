/** 文本检查: paste or type a text (an announcement, a draft, a suspicious message); hits light up as you type. */
import {
  Badge,
  Button,
  Grid,
  Group,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskHitView } from '../../../../shared/ipc/channels/risk';
import { call } from '../../api/client';
import { notifyError } from '../../ui/errors';
import { useChannel, useDataChanged } from '../../ui/useChannel';
import { CategoryBadge, SeverityBadge } from './RiskBadges';
import { HighlightedText } from './HighlightedText';
import { displayWord } from './riskFormat';

interface Checked {
  text: string;
  hits: RiskHitView[];
}

/** Checks the text a moment after typing pauses; a reply for an older text is dropped. */
function useLiveCheck(text: string, listIds: number[]): Checked | null {
  const [debounced] = useDebouncedValue(text, 150);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [generation, setGeneration] = useState(0);
  useDataChanged(['risk'], () => setGeneration((value) => value + 1));
  const idsKey = listIds.join(',');
  useEffect(() => {
    let current = true;
    const ids = idsKey ? idsKey.split(',').map(Number) : undefined;
    call('risk.check', { text: debounced, ...(ids ? { listIds: ids } : {}) }).then(
      (result) => {
        if (current) setChecked({ text: debounced, hits: result.hits });
      },
      (error: unknown) => {
        if (current) notifyError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [debounced, idsKey, generation]);
  return checked;
}

export function CheckPanel() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [listIds, setListIds] = useState<string[]>([]);
  const { data: lists } = useChannel('risk.lists', {}, ['risk']);
  const checked = useLiveCheck(text, listIds.map(Number));
  const hits = checked?.hits ?? [];

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Textarea
              label={t('riskUi.check.label')}
              description={t('riskUi.check.description')}
              placeholder={t('riskUi.check.placeholder')}
              autosize
              minRows={8}
              maxRows={18}
              maxLength={20_000}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              data-testid="risk-check-input"
            />
            <MultiSelect
              label={t('riskUi.check.lists')}
              placeholder={listIds.length === 0 ? t('riskUi.check.allLists') : undefined}
              data={(lists?.lists ?? []).map((list) => ({ value: String(list.id), label: list.name }))}
              value={listIds}
              onChange={setListIds}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            <Group gap="xs">
              <Button variant="light" size="xs" onClick={() => setText(t('riskUi.check.example'))}>
                {t('riskUi.check.tryExample')}
              </Button>
              {text && (
                <Button variant="subtle" color="gray" size="xs" onClick={() => setText('')}>
                  {t('riskUi.check.clear')}
                </Button>
              )}
            </Group>
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="md" data-testid="risk-check-result">
          <Group justify="space-between" mb="xs">
            <Title order={5}>{t('riskUi.check.preview')}</Title>
            {checked?.text && (
              <Badge color={hits.length > 0 ? 'red' : 'brand'} variant="light" data-testid="risk-check-count">
                {hits.length > 0 ? t('riskUi.check.hits', { count: hits.length }) : t('riskUi.check.clean')}
              </Badge>
            )}
          </Group>
          {checked?.text ? (
            <Text size="sm" mb="md">
              <HighlightedText text={checked.text} spans={hits} testId="risk-check-preview" />
            </Text>
          ) : (
            <Group gap="xs" c="dimmed" py="lg" justify="center">
              <IconShieldCheck size={18} />
              <Text size="sm">{t('riskUi.check.empty')}</Text>
            </Group>
          )}
        </Paper>
      </Grid.Col>
      {hits.length > 0 && (
        <Grid.Col span={12}>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing={6} data-testid="risk-check-hits">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('riskUi.columns.text')}</Table.Th>
                    <Table.Th>{t('riskUi.columns.word')}</Table.Th>
                    <Table.Th>{t('riskUi.columns.category')}</Table.Th>
                    <Table.Th>{t('riskUi.columns.severity')}</Table.Th>
                    <Table.Th>{t('riskUi.columns.rule')}</Table.Th>
                    <Table.Th>{t('riskUi.columns.action')}</Table.Th>
                    <Table.Th>{t('riskUi.columns.list')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {hits.map((hit) => (
                    <Table.Tr key={`${hit.start}:${hit.end}:${hit.list}:${hit.word}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {hit.text}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{displayWord(hit)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <CategoryBadge category={hit.category} />
                      </Table.Td>
                      <Table.Td>
                        <SeverityBadge severity={hit.severity} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {hit.detector
                            ? t(`sensitive.detector.${hit.detector}`)
                            : t(`sensitive.rule.${hit.rule}`)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`sensitive.action.${hit.action}`)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {hit.list.startsWith('detector:') ? t('sensitive.rule.detector') : hit.list}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        </Grid.Col>
      )}
    </Grid>
  );
}
