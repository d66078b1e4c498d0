/**
 * Building blocks of the member screens: a titled card, a label/value row, the form buttons, a pager.
 */
import { Button, Group, Pagination, Paper, Stack, Text, Title } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ModalActions } from '../../ui/formKit';

export function SectionCard(props: {
  title: string;
  icon?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={props.testId}>
      <Group justify="space-between" align="center" mb="sm" wrap="nowrap" gap="sm">
        <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
          {props.icon}
          <Title order={5} fz="md">
            {props.title}
          </Title>
        </Group>
        {props.actions && (
          <Group gap={6} wrap="nowrap">
            {props.actions}
          </Group>
        )}
      </Group>
      <Stack gap="sm">{props.children}</Stack>
    </Paper>
  );
}

export function InfoRow(props: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid={props.testId}>
      <Text size="sm" c="dimmed" w={112} style={{ flexShrink: 0 }}>
        {props.label}
      </Text>
      <div style={{ minWidth: 0, flex: 1, fontSize: 'var(--mantine-font-size-sm)' }}>{props.children}</div>
    </Group>
  );
}

export function EmptyLine(props: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {props.children}
    </Text>
  );
}

/** Cancel, then the form's submit button, right-aligned. */
export function FormActions(props: {
  onCancel(): void;
  label: string;
  busy: boolean;
  disabled?: boolean;
  color?: string;
  testId?: string;
}) {
  return (
    <ModalActions onCancel={props.onCancel}>
      <Button
        type="submit"
        color={props.color}
        loading={props.busy}
        disabled={props.disabled}
        data-testid={props.testId}
      >
        {props.label}
      </Button>
    </ModalActions>
  );
}

/** The quiet "manage …" button in a card's header. */
export function ManageButton(props: { label: string; onClick(): void; testId?: string; disabled?: boolean }) {
  return (
    <Button
      size="compact-sm"
      variant="subtle"
      color="gray"
      leftSection={<IconSettings size={14} />}
      onClick={props.onClick}
      disabled={props.disabled}
      data-testid={props.testId}
    >
      {props.label}
    </Button>
  );
}

/** Page numbers under a ledger, shown only when there is more than one page. */
export function Pager(props: {
  total: number | undefined;
  pageSize: number;
  page: number;
  onPage(page: number): void;
}) {
  if (props.total === undefined || props.total <= props.pageSize) return null;
  return (
    <Group justify="flex-end">
      <Pagination
        size="sm"
        total={Math.ceil(props.total / props.pageSize)}
        value={props.page}
        onChange={props.onPage}
      />
    </Group>
  );
}
