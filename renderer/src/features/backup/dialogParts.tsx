/** The pieces every backup dialog is made of: the frame, the error line, the risk confirmation, the buttons. */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Stack,
  Text,
  TextInput,
  type ModalProps,
} from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle, IconFolder } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbsoluteFolderPath } from './backupFormat';

export function BackupModal(
  props: Omit<ModalProps, 'title'> & { title: string; subtitle?: string | null | undefined; testId: string },
) {
  const { title, subtitle, testId, children, ...modal } = props;
  return (
    <Modal
      {...modal}
      title={
        <Stack gap={0}>
          <Text fw={700} size="lg">
            {title}
          </Text>
          {subtitle && (
            <Text size="sm" c="dimmed" truncate>
              {subtitle}
            </Text>
          )}
        </Stack>
      }
      data-testid={testId}
    >
      {children}
    </Modal>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="dialog-error">
      {message}
    </Alert>
  );
}

/** A red warning that must be acknowledged with its checkbox before the risky action is allowed. */
export function RiskConfirm(props: {
  title: string;
  text: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  testId: string;
  checkboxTestId: string;
}) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={props.title}
      data-testid={props.testId}
    >
      <Stack gap="sm">
        <Text size="sm">{props.text}</Text>
        <Checkbox
          color="red"
          label={props.label}
          checked={props.checked}
          onChange={(event) => props.onChange(event.currentTarget.checked)}
          data-testid={props.checkboxTestId}
        />
      </Stack>
    </Alert>
  );
}

/** 取消 and the dialog's own buttons, on the right. */
export function DialogButtons({ onCancel, children }: { onCancel(): void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm" mt="xs">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      {children}
    </Group>
  );
}

/** What is wrong with a typed folder path before the backend sees it, or null. */
export function folderPathProblem(path: string, t: TFunction): string | null {
  if (!path.trim()) return t('backupUi.create.pathRequired');
  return isAbsoluteFolderPath(path) ? null : t('backupUi.create.pathNotAbsolute');
}

/** A folder typed or pasted as a path (a native folder dialog exists only for import files, and not in a browser). */
export function FolderInput(props: {
  label: string;
  description: string;
  value: string;
  onChange(value: string): void;
  error: string | null | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={props.label}
      description={props.description}
      placeholder={t('backupUi.create.pathPlaceholder')}
      leftSection={<IconFolder size={16} />}
      withAsterisk
      data-autofocus
      spellCheck={false}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      error={props.error}
      data-testid={props.testId}
    />
  );
}
