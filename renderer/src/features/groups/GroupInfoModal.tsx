/** The group's founding day and its standby group (备用群组) with the announcement to post if the group is lost. */
import { Button, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { fillGroupTemplate, standbyTemplates, type GroupDetail } from '../../../../shared/domain/groups';
import type { Locale } from '../../../../shared/domain/types';
import { call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';
import { FilledTemplate } from './parts';
import { DateField } from '../../ui/DateField';

/** The select's value for a standby group kept outside the workspace. */
const elsewhere = 'elsewhere';
const noStandby = 'none';

export function GroupInfoModal(props: { opened: boolean; group: GroupDetail; onClose(): void }) {
  const { t } = useFormat();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      title={t('groupsUi.info.title')}
      size="lg"
      testId="group-info-form"
    >
      <GroupInfoForm group={props.group} onClose={props.onClose} />
    </FormModal>
  );
}

function GroupInfoForm({ group, onClose }: { group: GroupDetail; onClose(): void }) {
  const { t, locale } = useFormat();
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const [foundedOn, setFoundedOn] = useState(group.foundedOn ?? '');
  const [choice, setChoice] = useState(
    group.standby.groupId !== null
      ? String(group.standby.groupId)
      : group.standby.name
        ? elsewhere
        : noStandby,
  );
  const [externalName, setExternalName] = useState(
    group.standby.groupId === null ? (group.standby.name ?? '') : '',
  );
  const [joinMethod, setJoinMethod] = useState(group.standby.joinMethod);
  const [template, setTemplate] = useState(group.standby.template);
  const { busy, run } = useBusy();

  const others = (groups ?? []).filter((other) => other.id !== group.id);
  const standbyName =
    choice === elsewhere
      ? externalName.trim()
      : (others.find((other) => String(other.id) === choice)?.name ?? '');
  const preview = template.trim()
    ? fillGroupTemplate(template, { group: group.name, standby: standbyName, howToJoin: joinMethod })
    : null;

  const save = () =>
    run(async () => {
      await call('groupinfo.update', {
        groupId: group.id,
        patch: {
          foundedOn: foundedOn || null,
          ...(choice === elsewhere
            ? { standbyName: externalName.trim() || null }
            : { standbyGroupId: choice === noStandby ? null : Number(choice), standbyName: null }),
          standbyJoinMethod: joinMethod,
          standbyTemplate: template,
        },
      });
      notifySuccess(t('groups.updated', { name: group.name }));
      onClose();
    });

  return (
    <Stack gap="md">
      <DateField
        label={t('groupsUi.overview.foundedOn')}
        description={t('groupsUi.info.foundedHint')}
        value={foundedOn}
        onChange={setFoundedOn}
        w={220}
        data-testid="founded-on"
      />
      <SimpleGrid cols={2} spacing="sm">
        <Select
          label={t('groupsUi.standby.group')}
          data={[
            { value: noStandby, label: t('groupsUi.standby.none') },
            ...others.map((other) => ({ value: String(other.id), label: other.name })),
            { value: elsewhere, label: t('groupsUi.info.elsewhere') },
          ]}
          value={choice}
          onChange={(value) => value && setChoice(value)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="standby-choice"
        />
        {choice === elsewhere && (
          <TextInput
            label={t('groupsUi.info.externalName')}
            value={externalName}
            onChange={(event) => setExternalName(event.currentTarget.value)}
            data-testid="standby-name"
          />
        )}
      </SimpleGrid>
      <TextInput
        label={t('groupsUi.standby.joinMethod')}
        placeholder={t('groupsUi.info.joinMethodPlaceholder')}
        value={joinMethod}
        onChange={(event) => setJoinMethod(event.currentTarget.value)}
        data-testid="standby-join-method"
      />
      <Textarea
        label={t('groupsUi.standby.announcement')}
        description={t('groupsUi.info.templateHint', { placeholders: '{{群名}} {{备用群名}} {{入群方式}}' })}
        autosize
        minRows={4}
        maxRows={10}
        value={template}
        onChange={(event) => setTemplate(event.currentTarget.value)}
        data-testid="standby-template"
      />
      <div>
        <Button
          size="xs"
          variant="light"
          onClick={() => setTemplate(standbyTemplates[locale as Locale] ?? standbyTemplates['zh-CN'])}
          data-testid="standby-default-template"
        >
          {t('groupsUi.info.useDefaultTemplate')}
        </Button>
      </div>
      {preview && <FilledTemplate label={t('groupsUi.info.preview')} result={preview} />}
      <ModalActions onCancel={onClose}>
        <Button loading={busy} onClick={() => void save()} data-testid="save-group-info">
          {t('common.save')}
        </Button>
      </ModalActions>
    </Stack>
  );
}
