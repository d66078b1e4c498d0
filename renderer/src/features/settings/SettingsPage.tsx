import {
  ActionIcon,
  Center,
  Code,
  CopyButton,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { colorSchemes, locales, type ColorScheme, type Locale } from '../../../../shared/domain/types';
import { useSettings } from '../../app/settings';
import { OperatorsSection } from '../operators/OperatorsSection';
import { DiagnosticsExport } from '../recovery/DiagnosticsExport';
import { PageHeader } from '../../ui/PageHeader';
import { ShortcutTable } from '../../ui/Shortcuts';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';

/** Language names are shown in their own language, so anyone can find theirs. */
const localeNames: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };
const schemeIcons: Record<ColorScheme, ReactNode> = {
  light: <IconSun size={16} />,
  dark: <IconMoon size={16} />,
  auto: <IconDeviceDesktop size={16} />,
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg">
      <Title order={4} mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="lg" py={6}>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Stack>
      {children}
    </Group>
  );
}

export function SettingsPage() {
  const { t, number, dateTime } = useFormat();
  const { settings, update } = useSettings();
  const { data: info } = useChannel('workspace.info', {}, [
    'workspace',
    'groups',
    'members',
    'messages',
    'imports',
  ]);

  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Stack gap="lg" maw={880}>
        <Section title={t('settings.appearance')}>
          <Field label={t('settings.language')} hint={t('settings.languageHint')}>
            <SegmentedControl
              data={locales.map((locale) => ({ value: locale, label: localeNames[locale] }))}
              value={settings.locale}
              onChange={(value) => void update({ locale: value as Locale })}
              data-testid="language-control"
            />
          </Field>
          <Field label={t('settings.theme')}>
            <SegmentedControl
              data={colorSchemes.map((scheme) => ({
                value: scheme,
                label: (
                  <Center style={{ gap: 6 }}>
                    {schemeIcons[scheme]}
                    <span>{t(`settings.themes.${scheme}`)}</span>
                  </Center>
                ),
              }))}
              value={settings.colorScheme}
              onChange={(value) => void update({ colorScheme: value as ColorScheme })}
              data-testid="theme-control"
            />
          </Field>
        </Section>

        <Section title={t('settings.workspaceTitle')}>
          {info && (
            <SimpleGrid
              cols={{ base: 1, md: 2 }}
              spacing="md"
              verticalSpacing="md"
              data-testid="workspace-info"
            >
              <Stack gap={4} style={{ gridColumn: '1 / -1' }}>
                <Text size="xs" c="dimmed">
                  {t('settings.workspacePath')}
                </Text>
                <Group gap="xs" wrap="nowrap">
                  <Code
                    style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}
                    data-testid="workspace-path"
                  >
                    {info.path}
                  </Code>
                  <CopyButton value={info.path}>
                    {({ copied, copy }) => (
                      <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                        <ActionIcon
                          variant="subtle"
                          color={copied ? 'brand' : 'gray'}
                          onClick={copy}
                          aria-label={t('common.copy')}
                        >
                          {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </CopyButton>
                </Group>
              </Stack>
              <InfoItem
                label={t('settings.schemaVersion')}
                value={String(info.schemaVersion)}
                testId="schema-version"
              />
              <InfoItem label={t('settings.appVersion')} value={info.appVersion} />
              <InfoItem label={t('settings.createdAt')} value={dateTime(info.createdAt)} />
              <InfoItem
                label={t('settings.counts')}
                value={t('settings.countsValue', {
                  groups: number(info.counts.groups),
                  members: number(info.counts.members),
                  messages: number(info.counts.messages),
                  imports: number(info.counts.imports),
                })}
              />
            </SimpleGrid>
          )}
        </Section>

        <OperatorsSection />

        <Section title={t('diagnostics.title')}>
          <DiagnosticsExport />
        </Section>

        <Section title={t('settings.shortcutsTitle')}>
          <ShortcutTable />
        </Section>
      </Stack>
    </>
  );
}

function InfoItem({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" className="tabular" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
