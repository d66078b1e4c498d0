/** Export as JSON or Markdown: download the file, or copy its text (for pasting into a chat or a document). */
import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconCopy, IconDownload, IconFileExport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ExportedFile } from '../../../../shared/domain/crisis/views';
import type { Permission } from '../../../../shared/domain/operators';
import { notifyError } from '../../ui/errors';
import { copyText, downloadFile } from '../../ui/fileActions';
import { Permitted } from '../lock/Permitted';
import { useCan } from '../lock/session';

export interface ExportChoice {
  id: string;
  label: string;
  load(): Promise<ExportedFile>;
}

export function ExportMenu(props: {
  choices: ExportChoice[];
  testId?: string;
  /** Set for exports of personal data (an incident's record): without it the button shows as not permitted. */
  permission?: Permission;
}) {
  const { t } = useTranslation();
  const allowed = useCan(props.permission ?? 'export');
  const run = (choice: ExportChoice, action: 'download' | 'copy') => {
    choice
      .load()
      .then(
        (file) => (action === 'download' ? downloadFile(file) : void copyText(file.content)),
        notifyError,
      );
  };
  const button = (
    <Button
      variant="default"
      leftSection={<IconFileExport size={16} />}
      rightSection={<IconChevronDown size={14} />}
      data-testid={props.testId}
    >
      {t('crisisUi.export.button')}
    </Button>
  );
  if (props.permission && !allowed) return <Permitted permission={props.permission}>{button}</Permitted>;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>{button}</Menu.Target>
      <Menu.Dropdown>
        {props.choices.map((choice) => (
          <Menu.Item
            key={`download-${choice.id}`}
            leftSection={<IconDownload size={16} />}
            onClick={() => run(choice, 'download')}
            data-testid={`export-download-${choice.id}`}
          >
            {t('crisisUi.export.download', { format: choice.label })}
          </Menu.Item>
        ))}
        <Menu.Divider />
        {props.choices.map((choice) => (
          <Menu.Item
            key={`copy-${choice.id}`}
            leftSection={<IconCopy size={16} />}
            onClick={() => run(choice, 'copy')}
            data-testid={`export-copy-${choice.id}`}
          >
            {t('crisisUi.export.copy', { format: choice.label })}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
