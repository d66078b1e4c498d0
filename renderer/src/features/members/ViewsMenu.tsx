/** Saved views (常用视图): a named filter + sort + column set, opened from one menu, saved in the workspace. */
import { ActionIcon, Button, Menu, Stack, Text, TextInput } from '@mantine/core';
import { IconBookmark, IconBookmarkPlus, IconCheck, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { MemberView } from '../../../../shared/ipc/channels/members';
import { describeError, notifyError, notifySuccess } from '../../ui/errors';
import type { ListFilters } from '../../ui/ListScreen';
import { useChannel } from '../../ui/useChannel';
import { defaultListSettings, openView, sameAsView, viewOf, type ListSettings } from './listState';
import { FormActions } from './parts';
import { FormModal } from '../../ui/formKit';

export function ViewsMenu(props: {
  filters: ListFilters;
  settings: ListSettings;
  onSettings(settings: ListSettings): void;
  activeViewId: number | null;
  onActiveView(id: number | null): void;
}) {
  const { t } = useTranslation();
  const { data: views } = useChannel('members.listViews', {}, ['members']);
  const [saving, setSaving] = useState<{ view: MemberView | null } | null>(null);
  const { filters } = props;
  const active = views?.find((view) => view.id === props.activeViewId) ?? null;
  const modified = active !== null && !sameAsView(active, filters.input, props.settings);

  const apply = (view: MemberView | null) => {
    if (view === null) {
      filters.setSearch('');
      filters.setGroupId(null);
      props.onSettings(defaultListSettings);
    } else {
      const opened = openView(view);
      filters.setSearch(opened.query);
      filters.setGroupId(opened.groupId);
      props.onSettings(opened.settings);
    }
    props.onActiveView(view?.id ?? null);
  };
  const remove = async (view: MemberView) => {
    try {
      await call('members.deleteView', { id: view.id });
      if (view.id === props.activeViewId) props.onActiveView(null);
      notifySuccess(t('membersUi.views.deleted', { name: view.name }));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <>
      <Menu position="bottom-start" shadow="md" width={260}>
        <Menu.Target>
          <Button
            size="xs"
            variant={active ? 'light' : 'default'}
            leftSection={<IconBookmark size={14} />}
            data-testid="views-menu"
            maw={220}
          >
            <Text span size="xs" fw={600} truncate>
              {active ? active.name : t('membersUi.views.all')}
              {modified ? ` · ${t('membersUi.views.modified')}` : ''}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('membersUi.views.title')}</Menu.Label>
          <Menu.Item
            leftSection={active === null ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
            onClick={() => apply(null)}
          >
            {t('membersUi.views.all')}
          </Menu.Item>
          {(views ?? []).map((view) => (
            <Menu.Item
              key={view.id}
              leftSection={view.id === active?.id ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
              rightSection={
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="gray"
                  component="span"
                  aria-label={t('membersUi.views.delete', { name: view.name })}
                  onClick={(event) => {
                    event.stopPropagation();
                    void remove(view);
                  }}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              }
              onClick={() => apply(view)}
              data-testid="saved-view"
            >
              <Text size="sm" truncate>
                {view.name}
              </Text>
            </Menu.Item>
          ))}
          {views?.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              {t('membersUi.views.none')}
            </Text>
          )}
          <Menu.Divider />
          {active && modified && (
            <Menu.Item
              leftSection={<IconDeviceFloppy size={14} />}
              onClick={() => setSaving({ view: active })}
            >
              {t('membersUi.views.update', { name: active.name })}
            </Menu.Item>
          )}
          <Menu.Item
            leftSection={<IconBookmarkPlus size={14} />}
            onClick={() => setSaving({ view: null })}
            data-testid="save-view"
          >
            {t('membersUi.views.saveAs')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <FormModal
        opened={saving !== null}
        onClose={() => setSaving(null)}
        title={saving?.view ? t('membersUi.views.updateTitle') : t('membersUi.views.saveTitle')}
      >
        {saving && (
          <SaveViewForm
            view={saving.view}
            onSaved={(view) => {
              props.onActiveView(view.id);
              setSaving(null);
            }}
            onCancel={() => setSaving(null)}
            input={{ ...viewOf(filters.input, props.settings) }}
          />
        )}
      </FormModal>
    </>
  );
}

function SaveViewForm(props: {
  view: MemberView | null;
  input: ReturnType<typeof viewOf>;
  onSaved(view: MemberView): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(props.view?.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await call('members.saveView', { id: props.view?.id, name, ...props.input });
      notifySuccess(t('membersUi.views.saved', { name: saved.name }));
      props.onSaved(saved);
    } catch (caught) {
      if (caught instanceof ApiError && caught.payload.code === 'VALIDATION')
        setError(t('membersUi.views.nameRule'));
      else if (caught instanceof ApiError && caught.payload.code === 'CONFLICT')
        setError(describeError(caught));
      else notifyError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('membersUi.views.saveHint')}
        </Text>
        <TextInput
          label={t('membersUi.views.name')}
          placeholder={t('membersUi.views.namePlaceholder')}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
          error={error}
          data-autofocus
          data-testid="view-name"
        />
        <FormActions onCancel={props.onCancel} label={t('common.save')} busy={busy} testId="view-save" />
      </Stack>
    </form>
  );
}
