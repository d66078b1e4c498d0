/** Pieces the group page's tabs share: the titled card, its small action buttons, label/value rows, a filled template. */
import { Button, Card, Group, Paper, Stack, Text, Title, type ButtonProps } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { RenderResult } from '../../../../shared/domain/crisis/templates';
import { useFormat } from '../../ui/format';

export function SectionCard(props: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid={props.testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={5}>{props.title}</Title>
        {props.actions && (
          <Group gap="xs" wrap="nowrap">
            {props.actions}
          </Group>
        )}
      </Group>
      {props.children}
    </Card>
  );
}

/** A small button in a card's header. */
export function CardAction(
  props: { icon: Icon; label: string; onClick(): void; testId?: string } & Pick<
    ButtonProps,
    'variant' | 'disabled' | 'loading'
  >,
) {
  return (
    <Button
      size="xs"
      variant={props.variant ?? 'subtle'}
      leftSection={<props.icon size={14} />}
      disabled={props.disabled}
      loading={props.loading}
      onClick={props.onClick}
      data-testid={props.testId}
    >
      {props.label}
    </Button>
  );
}

/** A label on the left, its value on the right; long values wrap. */
export function Fact(props: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md" data-testid={props.testId}>
      <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
        {props.label}
      </Text>
      <div style={{ minWidth: 0, textAlign: 'right' }}>{props.children}</div>
    </Group>
  );
}

/** A filled-in template (the standby announcement), or what still keeps it from being filled. */
export function FilledTemplate(props: { label: string; result: RenderResult; testId?: string }) {
  const { t } = useFormat();
  const { result } = props;
  return (
    <Paper withBorder radius="sm" p="sm" bg="var(--mantine-color-default-hover)">
      <Text size="xs" c="dimmed" mb={4}>
        {props.label}
      </Text>
      {result.ok ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid={props.testId}>
          {result.text}
        </Text>
      ) : (
        <Stack gap={2}>
          {result.problems.map((problem) => (
            <Text
              key={problem.kind === 'malformed' ? `m${problem.index}` : problem.name}
              size="sm"
              c="orange"
            >
              {problem.kind === 'malformed'
                ? t('groupsUi.info.malformed', { text: problem.text })
                : t(`groupsUi.info.${problem.kind}`, { name: problem.name })}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
