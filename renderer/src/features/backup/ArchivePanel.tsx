/**
 * 迁移到另一台电脑: export the whole workspace as one encrypted archive file, or import one into a new folder, and
 * open a workspace folder (an imported one, or the one used before).
 * Paths come from the native save / open dialogs in the app; browser mode has none (the backend answers
 * UNSUPPORTED), so the path is typed. The backend checks folders, files and the import passphrase before the job
 * starts, and its messages show under the field they are about. The report opens when the job ends.
 */
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconFileExport,
  IconFileImport,
  IconFolder,
  IconFolderOpen,
  IconLock,
  IconPackage,
  IconPackageExport,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { minPassphraseLength, type PathPurpose } from '../../../../shared/ipc/channels/backup';
import { describeError } from '../../ui/errors';
import { useJobs } from '../jobs/JobsProvider';
import { isAbsoluteFolderPath } from './backupFormat';
import { announceBackupChange, watchBackupJob } from './backupStore';
import { BackupModal, DialogButtons, FolderInput, FormError, folderPathProblem } from './dialogParts';
import { useOpenWorkspace } from './OpenWorkspace';
import {
  PassphraseFields,
  checkPassphrase,
  emptyPassphrase,
  type PassphraseValues,
} from './PassphraseFields';

/** Set once the backend said there is no native dialog here: the browse buttons go away for the session. */
let dialogsUnsupported = false;

/**
 * Starts an archive job from a dialog: the button spins meanwhile, the job is followed (its report opens when it
 * ends) and the dialog closes; a refusal from the backend goes to `onError`.
 */
function useArchiveStart(kind: 'exportArchive' | 'importArchive', onClose: () => void) {
  const { track } = useJobs();
  const [starting, setStarting] = useState(false);
  const start = async (
    request: () => Promise<{ jobId: string }>,
    path: string,
    onError: (error: unknown) => void,
  ) => {
    setStarting(true);
    try {
      const { jobId } = await request();
      watchBackupJob(jobId, kind, fileName(path));
      track(jobId);
      announceBackupChange();
      onClose();
    } catch (error) {
      onError(error);
    } finally {
      setStarting(false);
    }
  };
  return [starting, start] as const;
}

/** A path typed or pasted, with 选择… opening the native dialog where there is one. */
function PathField(props: {
  label: string;
  description: string;
  value: string;
  error: string | null | undefined;
  purpose: PathPurpose;
  testId: string;
  onChange(value: string, picked: boolean): void;
}) {
  const { t } = useTranslation();
  const [noDialog, setNoDialog] = useState(dialogsUnsupported);
  const browse = async () => {
    try {
      const { path } = await call('backup.pickPath', { purpose: props.purpose });
      if (path) props.onChange(path, true);
    } catch (error) {
      if (!(error instanceof ApiError && error.payload.code === 'UNSUPPORTED')) throw error;
      dialogsUnsupported = true;
      setNoDialog(true);
    }
  };
  const input =
    props.purpose === 'folder' ? (
      <FolderInput
        label={props.label}
        description={props.description}
        value={props.value}
        onChange={(value) => props.onChange(value, false)}
        error={props.error}
        testId={props.testId}
      />
    ) : (
      <TextInput
        label={props.label}
        description={props.description}
        placeholder={t('backupUi.archive.filePlaceholder')}
        leftSection={<IconPackage size={16} />}
        withAsterisk
        data-autofocus
        spellCheck={false}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value, false)}
        error={props.error}
        data-testid={props.testId}
      />
    );
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <div style={{ flex: 1, minWidth: 0 }}>{input}</div>
        {!noDialog && (
          <Button
            variant="default"
            leftSection={<IconFolder size={16} />}
            onClick={() => void browse().catch(() => setNoDialog(true))}
            mb={props.error ? 22 : 0}
            data-testid={`${props.testId}-browse`}
          >
            {t('backupUi.archive.browse')}
          </Button>
        )}
      </Group>
      {noDialog && (
        <Text size="xs" c="dimmed" data-testid={`${props.testId}-typed`}>
          {t('backupUi.archive.typePath')}
        </Text>
      )}
    </Stack>
  );
}

function filePathProblem(path: string, t: (key: string) => string): string | null {
  if (!path.trim()) return t('backupUi.archive.fileRequired');
  return isAbsoluteFolderPath(path) ? null : t('backupUi.create.pathNotAbsolute');
}

/** The file name at the end of a path, to name a job. */
const fileName = (path: string) => path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;

function ExportArchiveForm({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [starting, start] = useArchiveStart('exportArchive', onClose);
  const [path, setPath] = useState('');
  // The save dialog already asked before replacing a file; a typed path never replaces one.
  const [confirmedByDialog, setConfirmedByDialog] = useState(false);
  const [secret, setSecret] = useState<PassphraseValues>(emptyPassphrase);
  const [errors, setErrors] = useState<{ path?: string; passphrase?: string; confirm?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const pathProblem = filePathProblem(path, t);
    const found = { ...(pathProblem ? { path: pathProblem } : {}), ...checkPassphrase(secret, t) };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await start(
      () =>
        call('backup.exportArchive', {
          path: path.trim(),
          passphrase: secret.passphrase,
          overwrite: confirmedByDialog,
        }),
      path.trim(),
      (error) => {
        const message = error instanceof ApiError ? error.payload.message : '';
        if (/pathNotAbsolute|folderMissing|archiveExists/.test(message))
          setErrors({ path: describeError(error) });
        else setFormError(describeError(error));
      },
    );
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <PathField
          label={t('backupUi.archive.exportPath')}
          description={t('backupUi.archive.exportPathHint')}
          value={path}
          error={errors.path}
          purpose="archiveExport"
          testId="archive-export-path"
          onChange={(value, picked) => {
            setPath(value);
            setConfirmedByDialog(picked);
            setErrors((previous) => ({ ...previous, path: undefined }));
          }}
        />
        <PassphraseFields
          label={t('backupUi.archive.passphrase')}
          description={t('backupUi.archive.passphraseHint', { min: minPassphraseLength })}
          confirmLabel={t('backupUi.archive.confirm')}
          values={secret}
          errors={errors}
          onChange={(values) => {
            setSecret(values);
            setErrors((previous) => ({ path: previous.path }));
          }}
        />
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          <Text size="sm">{t('backupUi.archive.exportWarning')}</Text>
        </Alert>
        <FormError message={formError} />
        <DialogButtons onCancel={onClose}>
          <Button type="submit" loading={starting} data-testid="archive-export-submit">
            {t('backupUi.archive.exportSubmit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}

/** Which field a backend message about an import belongs under. */
function importErrorField(error: unknown, target: string): 'path' | 'target' | 'passphrase' | null {
  if (!(error instanceof ApiError)) return null;
  const { message, params } = error.payload;
  if (message === 'backup.errors.archiveWrongPassphrase') return 'passphrase';
  if (/importTarget/.test(message)) return 'target';
  if (/pathNotAbsolute/.test(message)) return params?.path === target.trim() ? 'target' : 'path';
  if (/notAnArchive|newerArchive|archiveNotFound|archiveHeaderDamaged|archiveTruncated/.test(message))
    return 'path';
  return null;
}

function ImportArchiveForm({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [starting, start] = useArchiveStart('importArchive', onClose);
  const [path, setPath] = useState('');
  const [target, setTarget] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<{ path?: string; target?: string; passphrase?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found = {
      path: filePathProblem(path, t) ?? undefined,
      target: folderPathProblem(target, t) ?? undefined,
      passphrase: passphrase ? undefined : t('backupUi.archive.passphraseRequired'),
    };
    setErrors(found);
    if (found.path || found.target || found.passphrase) return;
    await start(
      () => call('backup.importArchive', { path: path.trim(), target: target.trim(), passphrase }),
      path.trim(),
      (error) => {
        const field = importErrorField(error, target);
        if (field) setErrors({ [field]: describeError(error) });
        else setFormError(describeError(error));
      },
    );
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <PathField
          label={t('backupUi.archive.importPath')}
          description={t('backupUi.archive.importPathHint')}
          value={path}
          error={errors.path}
          purpose="archiveImport"
          testId="archive-import-path"
          onChange={(value) => {
            setPath(value);
            setErrors((previous) => ({ ...previous, path: undefined }));
          }}
        />
        <PathField
          label={t('backupUi.archive.importTarget')}
          description={t('backupUi.archive.importTargetHint')}
          value={target}
          error={errors.target}
          purpose="folder"
          testId="archive-import-target"
          onChange={(value) => {
            setTarget(value);
            setErrors((previous) => ({ ...previous, target: undefined }));
          }}
        />
        <PasswordInput
          label={t('backupUi.archive.passphrase')}
          leftSection={<IconLock size={16} />}
          withAsterisk
          autoComplete="off"
          value={passphrase}
          onChange={(event) => {
            setPassphrase(event.currentTarget.value);
            setErrors((previous) => ({ ...previous, passphrase: undefined }));
          }}
          error={errors.passphrase}
          data-testid="archive-import-passphrase"
        />
        <FormError message={formError} />
        <DialogButtons onCancel={onClose}>
          <Button type="submit" loading={starting} data-testid="archive-import-submit">
            {t('backupUi.archive.importSubmit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}

/** Which refusals to open a folder are about the folder itself (shown under the field). */
const folderRefusal = /notAWorkspace|folderMissing|pathNotAbsolute|workspaceAlreadyOpen|newerDatabase/;

/** 打开工作区…: any folder holding a workspace, e.g. the one the app used before it switched to an import. */
function OpenWorkspaceForm({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [opening, open] = useOpenWorkspace();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problem = folderPathProblem(path, t);
    setError(problem ?? undefined);
    if (problem) return;
    const opened = await open(path.trim(), (failure) => {
      if (failure instanceof ApiError && folderRefusal.test(failure.payload.message))
        setError(describeError(failure));
      else setFormError(describeError(failure));
    });
    if (opened) onClose();
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <PathField
          label={t('backupUi.openWorkspace.folder')}
          description={t('backupUi.openWorkspace.folderHint')}
          value={path}
          error={error}
          purpose="folder"
          testId="workspace-open-path"
          onChange={(value) => {
            setPath(value);
            setError(undefined);
          }}
        />
        <FormError message={formError} />
        <DialogButtons onCancel={onClose}>
          <Button type="submit" loading={opening} data-testid="workspace-open-submit">
            {t('backupUi.openWorkspace.submit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}

type ArchiveDialog = 'export' | 'import' | 'open';

const panelButtons: { which: ArchiveDialog; icon: typeof IconFileExport; label: string; testId: string }[] = [
  { which: 'export', icon: IconFileExport, label: 'backupUi.archive.export', testId: 'archive-export' },
  { which: 'import', icon: IconFileImport, label: 'backupUi.archive.import', testId: 'archive-import' },
  {
    which: 'open',
    icon: IconFolderOpen,
    label: 'backupUi.openWorkspace.panelButton',
    testId: 'workspace-open',
  },
];

const dialogTitles: Record<ArchiveDialog, string> = {
  export: 'backupUi.archive.exportTitle',
  import: 'backupUi.archive.importTitle',
  open: 'backupUi.openWorkspace.dialogTitle',
};

/** The section on the backup page with its buttons and dialogs. */
export function ArchivePanel() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ArchiveDialog | null>(null);
  const [shown, setShown] = useState<ArchiveDialog>('export');
  const show = (which: ArchiveDialog) => {
    setShown(which);
    setOpen(which);
  };
  const close = () => setOpen(null);
  return (
    <Paper withBorder p="md" data-testid="archive-panel">
      <Group justify="space-between" wrap="wrap" gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 320px', minWidth: 0 }}>
          <ThemeIcon size={36} radius="md" variant="light">
            <IconPackageExport size={20} />
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={600}>{t('backupUi.archive.title')}</Text>
            <Text size="sm" c="dimmed">
              {t('backupUi.archive.text')}
            </Text>
          </Stack>
        </Group>
        <Group gap="sm">
          {panelButtons.map(({ which, icon: Icon, label, testId }) => (
            <Button
              key={which}
              variant="default"
              leftSection={<Icon size={16} />}
              onClick={() => show(which)}
              data-testid={testId}
            >
              {t(label)}
            </Button>
          ))}
        </Group>
      </Group>
      <BackupModal
        opened={open !== null}
        onClose={close}
        size="lg"
        title={t(dialogTitles[shown])}
        testId={shown === 'open' ? 'workspace-open-dialog' : `archive-${shown}-dialog`}
      >
        {shown === 'export' && <ExportArchiveForm onClose={close} />}
        {shown === 'import' && <ImportArchiveForm onClose={close} />}
        {shown === 'open' && <OpenWorkspaceForm onClose={close} />}
      </BackupModal>
    </Paper>
  );
}
