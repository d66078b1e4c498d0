/**
 * 导入成员表: a member or identity table (XLSX or CSV) is read, each column mapped to a field, the first rows
 * previewed and checked, then imported as a job that writes every row or none. Also the way identity tables
 * (wxid / phone / UnionID … without names) reach the members they belong to.
 */
import { Alert, Button, Group, List, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconFileImport, IconFolderOpen } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../../api/client';
import { translateKey } from '../../app/i18n';
import {
  memberCsvFields,
  type MemberCsvMapping,
  type MemberCsvPreview,
  type MemberCsvRowError,
  type MemberImportReport,
} from '../../../../shared/ipc/channels/members';
import { describeError } from '../../ui/errors';
import { FormModal, ModalActions } from '../../ui/formKit';
import { useFormat } from '../../ui/format';
import { JobCard } from '../jobs/JobCard';
import { useJobs } from '../jobs/JobsProvider';
import { Permitted } from '../lock/Permitted';

/** Rows of the preview table; the backend sends 20. */
const previewRows = 5;
/** Problems listed before "… and N more". */
const listedErrors = 8;

export function ImportMembersButton() {
  const { t } = useFormat();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Permitted>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconFileImport size={14} />}
          onClick={() => setOpened(true)}
          data-testid="import-members"
        >
          {t('membersUi.import.button')}
        </Button>
      </Permitted>
      <FormModal
        opened={opened}
        onClose={() => setOpened(false)}
        size="xl"
        title={t('membersUi.import.title')}
        testId="import-members-modal"
      >
        <ImportForm onClose={() => setOpened(false)} />
      </FormModal>
    </>
  );
}

function RowErrors(props: { errors: MemberCsvRowError[]; total: number }) {
  const { t, number } = useFormat();
  return (
    <List size="sm" spacing={2} data-testid="import-row-errors">
      {props.errors.slice(0, listedErrors).map((error, index) => (
        <List.Item key={`${error.line}-${error.field}-${index}`}>
          {t('membersUi.import.rowError', {
            line: error.line,
            field: t(`membersUi.import.fields.${error.field}`, { defaultValue: error.field }),
            message: t(error.key, { value: error.value ?? '' }),
          })}
        </List.Item>
      ))}
      {props.total > listedErrors && (
        <List.Item>
          {t('membersUi.import.moreErrors', { count: number(props.total - listedErrors) })}
        </List.Item>
      )}
    </List>
  );
}

function MappingTable(props: {
  preview: MemberCsvPreview;
  disabled: boolean;
  onField(header: string, field: string): void;
}) {
  const { t } = useFormat();
  const { preview } = props;
  const options = [
    { value: 'ignore', label: t('membersUi.import.ignore') },
    ...memberCsvFields.map((field) => ({ value: field, label: t(`membersUi.import.fields.${field}`) })),
  ];
  return (
    <ScrollArea.Autosize mah={260} type="auto">
      <Table striped verticalSpacing={4} data-testid="import-mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('membersUi.import.column')}</Table.Th>
            <Table.Th>{t('membersUi.import.sample')}</Table.Th>
            <Table.Th w={200}>{t('membersUi.import.field')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.headers.map((header, column) => (
            <Table.Tr key={header}>
              <Table.Td fw={500}>{header}</Table.Td>
              <Table.Td c="dimmed" maw={220} style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                {preview.sample.find((row) => (row[column] ?? '') !== '')?.[column] ?? ''}
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label={header}
                  data={options}
                  value={preview.mapping[header] ?? 'ignore'}
                  allowDeselect={false}
                  disabled={props.disabled}
                  onChange={(field) => field && props.onField(header, field)}
                  data-testid={`map-${header}`}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

function SampleTable({ preview }: { preview: MemberCsvPreview }) {
  const { t } = useFormat();
  const rows = preview.sample.slice(0, previewRows);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t('membersUi.import.preview', { count: rows.length })}
      </Text>
      <Table.ScrollContainer minWidth={Math.min(1200, preview.headers.length * 110)} type="native">
        <Table withTableBorder withColumnBorders verticalSpacing={2} fz="xs" data-testid="import-sample">
          <Table.Thead>
            <Table.Tr>
              {preview.headers.map((header) => (
                <Table.Th key={header} style={{ whiteSpace: 'nowrap' }}>
                  {header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) => (
              <Table.Tr key={index}>
                {preview.headers.map((header, column) => (
                  <Table.Td key={header} style={{ whiteSpace: 'nowrap' }}>
                    {row[column] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function CheckSummary({ preview }: { preview: MemberCsvPreview }) {
  const { t, number } = useFormat();
  if (preview.errorCount > 0)
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="import-check">
        <Stack gap={6}>
          <Text size="sm">
            {t('membersUi.import.checkedProblems', {
              checked: number(preview.checkedRows),
              count: number(preview.errorCount),
            })}
          </Text>
          <RowErrors errors={preview.errors} total={preview.errorCount} />
        </Stack>
      </Alert>
    );
  return (
    <Alert color="teal" icon={<IconCheck size={18} />} data-testid="import-check">
      <Text size="sm">
        {t('membersUi.import.checkedOk', {
          checked: number(preview.checkedRows),
          updates: number(preview.updates),
        })}
      </Text>
      {preview.newTags.length > 0 && (
        <Text size="sm" mt={4}>
          {t('membersUi.import.newTags', { tags: preview.newTags.join('、') })}
        </Text>
      )}
    </Alert>
  );
}

function JobOutcome({ jobId }: { jobId: string }) {
  const { t, number } = useFormat();
  const { jobs } = useJobs();
  const job = jobs.find((candidate) => candidate.id === jobId);
  if (!job) return null;
  if (job.status === 'running') return <JobCard job={job} />;
  if (job.status !== 'done')
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />}>
        {job.error ? translateKey(job.error.message, job.error.params) : t(`jobs.status.${job.status}`)}
      </Alert>
    );
  const report = job.result as MemberImportReport;
  if (report.applied)
    return (
      <Alert color="teal" icon={<IconCheck size={18} />} data-testid="import-result">
        {t('membersUi.import.applied', {
          created: number(report.created),
          updated: number(report.updated),
          identities: number(report.identitiesAdded),
          tags: number(report.tagsCreated),
        })}
      </Alert>
    );
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="import-result">
      <Stack gap={6}>
        <Text size="sm">{t('membersUi.import.rejected', { count: number(report.errorCount) })}</Text>
        <RowErrors errors={report.errors} total={report.errorCount} />
      </Stack>
    </Alert>
  );
}

function ImportForm(props: { onClose(): void }) {
  const { t, number } = useFormat();
  const { track } = useJobs();
  const [path, setPath] = useState('');
  const [preview, setPreview] = useState<MemberCsvPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [noDialog, setNoDialog] = useState(false);
  const [reading, setReading] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);

  const read = async (input: { path: string; mapping?: MemberCsvMapping; sheet?: string }) => {
    setReading(true);
    try {
      setPreview(await call('members.importPreview', input));
      setProblem(null);
    } catch (error) {
      // A bad mapping keeps the table on screen so the choice can be changed back.
      if (!input.mapping) setPreview(null);
      setProblem(describeError(error));
    } finally {
      setReading(false);
    }
  };

  const pick = async () => {
    try {
      const { path: chosen } = await call('members.pickImportFile', {});
      if (chosen) {
        setPath(chosen);
        await read({ path: chosen });
      }
    } catch (error) {
      if (error instanceof ApiError && error.payload.code === 'UNSUPPORTED') setNoDialog(true);
      else setProblem(describeError(error));
    }
  };

  const submitPath = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void read({ path: path.trim() });
  };

  const start = async () => {
    if (!preview) return;
    try {
      const { jobId: started } = await call('members.import', {
        path: path.trim(),
        mapping: preview.mapping,
        ...(preview.sheet ? { sheet: preview.sheet } : {}),
      });
      track(started);
      setJobId(started);
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const sheetInput = preview?.sheet ? { sheet: preview.sheet } : {};
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('membersUi.import.intro')}
      </Text>
      <form onSubmit={submitPath}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('membersUi.import.path')}
            placeholder={t('membersUi.import.pathPlaceholder')}
            value={path}
            onChange={(event) => setPath(event.currentTarget.value)}
            style={{ flex: 1 }}
            disabled={jobId !== null}
            data-testid="import-path"
          />
          <Button type="submit" variant="light" loading={reading} disabled={!path.trim() || jobId !== null}>
            {t('membersUi.import.read')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconFolderOpen size={16} />}
            onClick={() => void pick()}
            disabled={jobId !== null}
          >
            {t('membersUi.import.pick')}
          </Button>
        </Group>
      </form>
      {noDialog && (
        <Text size="xs" c="dimmed">
          {t('membersUi.import.browserHint')}
        </Text>
      )}
      {problem && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="import-problem">
          {problem}
        </Alert>
      )}
      {preview && (
        <>
          <Group gap="sm" justify="space-between" wrap="nowrap">
            <Text size="sm" fw={600} data-testid="import-file">
              {preview.format === 'xlsx'
                ? t('membersUi.import.fileXlsx', {
                    file: preview.file,
                    sheet: preview.sheet,
                    rows: number(preview.totalRows),
                  })
                : t('membersUi.import.fileCsv', {
                    file: preview.file,
                    encoding: preview.encoding?.toUpperCase(),
                    rows: number(preview.totalRows),
                  })}
            </Text>
            {preview.sheets.length > 1 && (
              <Select
                size="xs"
                w={200}
                aria-label={t('membersUi.import.sheet')}
                leftSection={<Text size="xs">{t('membersUi.import.sheet')}</Text>}
                leftSectionWidth={56}
                data={preview.sheets}
                value={preview.sheet}
                allowDeselect={false}
                disabled={jobId !== null}
                onChange={(sheet) => sheet && void read({ path: path.trim(), sheet })}
                data-testid="import-sheet"
              />
            )}
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('membersUi.import.mapping')}
            </Text>
            <MappingTable
              preview={preview}
              disabled={jobId !== null}
              onField={(header, field) =>
                void read({
                  path: path.trim(),
                  mapping: { ...preview.mapping, [header]: field as MemberCsvMapping[string] },
                  ...sheetInput,
                })
              }
            />
          </Stack>
          <SampleTable preview={preview} />
          <CheckSummary preview={preview} />
        </>
      )}
      {jobId && <JobOutcome jobId={jobId} />}
      {jobId === null ? (
        <ModalActions onCancel={props.onClose}>
          <Button
            leftSection={<IconFileImport size={16} />}
            onClick={() => void start()}
            disabled={!preview || preview.errorCount > 0 || preview.totalRows === 0 || problem !== null}
            data-testid="start-member-import"
          >
            {t('membersUi.import.start')}
          </Button>
        </ModalActions>
      ) : (
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose} data-testid="close-member-import">
            {t('common.close')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
