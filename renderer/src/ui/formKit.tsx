/**
 * What the app's forms share: the dialog frame (bold title, fresh content on each opening), its footer, a busy flag
 * around one backend call, and inputs remembered between openings.
 */
import { Button, Group, Modal, Text, type MantineSize } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from './errors';

export function FormModal(props: {
  opened: boolean;
  onClose(): void;
  title: string;
  size?: MantineSize;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size={props.size ?? 'md'}
      title={
        <Text fw={700} size="lg">
          {props.title}
        </Text>
      }
      data-testid={props.testId}
    >
      {props.children}
    </Modal>
  );
}

/** Cancel on the left of the form's own buttons, right-aligned. */
export function ModalActions(props: { onCancel(): void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={props.onCancel}>
        {t('common.cancel')}
      </Button>
      {props.children}
    </Group>
  );
}

/** `run` wraps a backend call: busy while it runs, errors as notifications; resolves true when it worked. */
export function useBusy(): { busy: boolean; run(action: () => Promise<unknown>): Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  return {
    busy,
    async run(action) {
      setBusy(true);
      try {
        await action();
        return true;
      } catch (error) {
        notifyError(error);
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

/** A value typed before (the participant's name, who is handling an incident), kept in this window's storage. */
export function rememberedValue(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

export function rememberValue(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Remembering is a convenience only.
  }
}
