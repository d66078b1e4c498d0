import { Group, Stack, Text, Title, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

/** Title, one line saying what the screen is for, and the screen's main actions on the right. */
export function PageHeader(props: {
  title: string;
  subtitle?: string;
  actions?: ReactNode;
  mb?: MantineSpacing | number;
}) {
  return (
    <Group justify="space-between" align="flex-end" wrap="nowrap" mb={props.mb ?? 'lg'} gap="md">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Title order={2} fz={24}>
          {props.title}
        </Title>
        {props.subtitle && (
          <Text c="dimmed" size="sm">
            {props.subtitle}
          </Text>
        )}
      </Stack>
      {props.actions && (
        <Group gap="sm" wrap="nowrap">
          {props.actions}
        </Group>
      )}
    </Group>
  );
}
