/** Bulk actions on the selected rows (or every member matching the filters): tag, untag, note, export. */
import { Button, Group, Menu, MultiSelect, Stack, Text, Textarea } from '@mantine/core';
import { IconDownload, IconNote, IconTag, IconTagOff, IconX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { MemberExportFile, MemberTableFormat } from '../../../../shared/ipc/channels/members';
import { downloadFile } from '../../ui/fileActions';
import { saveBlob } from '../../ui/fileActions';
import { notifyError, notifySuccess } from '../../ui/errors';
import type { MemberFilterInput } from './listState';
import { FormActions } from './parts';
import { useBusy } from '../../ui/formKit';
import { FormModal } from '../../ui/formKit';
import { useTagOptions } from './useTagOptions';
import { Permitted } from '../lock/Permitted';
import { useCan } from '../lock/session';

export type Selection = { kind: 'ids'; ids: ReadonlySet<number> } | { kind: 'all' };

type Dialog = 'assign' | 'unassign' | 'note' | null;

/** The bulk changes, each opening its dialog (the read-only role sees them disabled). */
const editActions: { dialog: Exclude<Dialog, null>; Icon: typeof IconTag; label: string; testId?: string }[] =
  [
    { dialog: 'assign', Icon: IconTag, label: 'membersUi.bulk.tag', testId: 'bulk-tag' },
    { dialog: 'unassign', Icon: IconTagOff, label: 'membersUi.bulk.untag' },
    { dialog: 'note', Icon: IconNote, label: 'membersUi.bulk.note', testId: 'bulk-note' },
  ];

/** Saves an export: CSV text as it is, an XLSX workbook from its base64 bytes. */
function saveExport(file: MemberExportFile): void {
  if (file.contentEncoding === 'utf-8') return downloadFile(file);
  const bytes = Uint8Array.from(atob(file.content), (char) => char.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: file.mimeType }), file.fileName);
}

/** The channels' selection input: the ids, or the filter the "select all" box stood for. */
function selectionInput(selection: Selection, filter: MemberFilterInput) {
  return selection.kind === 'all' ? { filter } : { memberIds: [...selection.ids] };
}

export function BulkBar(props: {
  selection: Selection;
  count: number;
  filter: MemberFilterInput;
  onClear(): void;
}) {
  const { t, i18n } = useTranslation();
  const [dialog, setDialog] = useState<Dialog>(null);
  const canExport = useCan('export');
  const canReveal = useCan('reveal');
  const count = new Intl.NumberFormat(i18n.language).format(props.count);
  const target = selectionInput(props.selection, props.filter);
  const exportFile = async (format: MemberTableFormat, reveal: boolean) => {
    try {
      saveExport(await call('members.exportFile', { ...target, reveal, format }));
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      mih={30}
      px="sm"
      py={2}
      style={{ borderRadius: 'var(--mantine-radius-md)', background: 'var(--mantine-primary-color-light)' }}
      data-testid="bulk-bar"
    >
      <Text size="sm" fw={600} className="tabular" data-testid="bulk-count">
        {props.selection.kind === 'all'
          ? t('membersUi.bulk.allSelected', { count })
          : t('membersUi.bulk.selected', { count })}
      </Text>
      {editActions.map(({ dialog: opens, Icon, label, testId }) => (
        <Permitted key={opens}>
          <Button
            size="xs"
            variant="white"
            leftSection={<Icon size={14} />}
            onClick={() => setDialog(opens)}
            data-testid={testId}
          >
            {t(label)}
          </Button>
        </Permitted>
      ))}
      <Menu position="bottom-start" shadow="md" disabled={!canExport}>
        <Menu.Target>
          <Button
            size="xs"
            variant="white"
            leftSection={<IconDownload size={14} />}
            disabled={!canExport}
            data-testid="bulk-export"
          >
            {t('membersUi.bulk.export')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void exportFile('xlsx', false)} data-testid="bulk-export-xlsx">
            {t('membersUi.bulk.exportXlsxMasked')}
          </Menu.Item>
          <Menu.Item onClick={() => void exportFile('csv', false)} data-testid="bulk-export-masked">
            {t('membersUi.bulk.exportMasked')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item onClick={() => void exportFile('xlsx', true)} color="orange" disabled={!canReveal}>
            {t('membersUi.bulk.exportXlsxRevealed')}
          </Menu.Item>
          <Menu.Item onClick={() => void exportFile('csv', true)} color="orange" disabled={!canReveal}>
            {t('membersUi.bulk.exportRevealed')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Button
        size="xs"
        variant="subtle"
        color="gray"
        ml="auto"
        leftSection={<IconX size={14} />}
        onClick={props.onClear}
        data-testid="bulk-clear"
      >
        {t('membersUi.bulk.clear')}
      </Button>
      <FormModal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog ? t(`membersUi.bulk.${dialog}Title`, { count }) : ''}
      >
        {dialog === 'note' ? (
          <BulkNoteForm target={target} onDone={() => setDialog(null)} />
        ) : dialog ? (
          <BulkTagForm mode={dialog} target={target} onDone={() => setDialog(null)} />
        ) : null}
      </FormModal>
    </Group>
  );
}

type Target = ReturnType<typeof selectionInput>;

function BulkTagForm(props: { mode: 'assign' | 'unassign'; target: Target; onDone(): void }) {
  const { t } = useTranslation();
  const options = useTagOptions();
  const [tagIds, setTagIds] = useState<string[]>([]);
  const { busy, run } = useBusy();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const input = { tagIds: tagIds.map(Number), ...props.target };
      const result = await call(props.mode === 'assign' ? 'tags.assign' : 'tags.unassign', input);
      notifySuccess(
        t(`membersUi.bulk.${props.mode}Done`, { changed: result.changed, members: result.members }),
      );
    });
    if (done) props.onDone();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <MultiSelect
          label={t('membersUi.bulk.tags')}
          placeholder={options.length ? t('membersUi.bulk.pickTags') : t('membersUi.filters.noTags')}
          searchable
          data={options}
          value={tagIds}
          onChange={setTagIds}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
          data-testid="bulk-tags"
        />
        <FormActions
          onCancel={props.onDone}
          busy={busy}
          disabled={tagIds.length === 0}
          label={t(`membersUi.bulk.${props.mode === 'assign' ? 'tag' : 'untag'}`)}
          testId="bulk-tag-submit"
        />
      </Stack>
    </form>
  );
}

function BulkNoteForm(props: { target: Target; onDone(): void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const { busy, run } = useBusy();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const result = await call('members.addNote', { ...props.target, body });
      notifySuccess(t('membersUi.bulk.noteDone', { members: result.members }));
    });
    if (done) props.onDone();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Textarea
          label={t('membersUi.notes.label')}
          description={t('membersUi.notes.hint')}
          autosize
          minRows={3}
          maxRows={8}
          maxLength={2000}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          data-autofocus
          data-testid="bulk-note-body"
        />
        <FormActions
          onCancel={props.onDone}
          busy={busy}
          disabled={body.trim() === ''}
          label={t('membersUi.bulk.note')}
          testId="bulk-note-submit"
        />
      </Stack>
    </form>
  );
}
