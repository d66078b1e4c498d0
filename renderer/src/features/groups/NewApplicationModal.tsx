/**
 * 录入申请: the moderator types in what an applicant sent (name, wxid or phone, channel, the questionnaire answers).
 * The score is shown live with the same scoring the backend applies; the backend checks the blacklist.
 */
import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import {
  scoreAnswers,
  type AdmissionConfig,
  type Answers,
  type Question,
} from '../../../../shared/domain/admission';
import type { GroupDetail } from '../../../../shared/domain/groups';
import { joinChannels, type JoinChannel } from '../../../../shared/domain/types';
import { call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { FormModal, ModalActions, rememberValue, rememberedValue, useBusy } from '../../ui/formKit';
import { deciderStorageKey } from './ApplicationDrawer';

export function NewApplicationModal(props: {
  opened: boolean;
  group: GroupDetail;
  config: AdmissionConfig;
  onClose(): void;
}) {
  const { t } = useFormat();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      title={t('groupsUi.applications.new')}
      size="lg"
      testId="application-form"
    >
      <ApplicationForm group={props.group} config={props.config} onClose={props.onClose} />
    </FormModal>
  );
}

function AnswerInput(props: {
  question: Question;
  value: string | string[] | undefined;
  onChange(value: string | string[]): void;
}) {
  const { question } = props;
  const label = (
    <Text size="sm" fw={500} span>
      {question.prompt}
      {question.required && (
        <Text span c="red">
          {' *'}
        </Text>
      )}
    </Text>
  );
  if (question.kind === 'text') {
    return (
      <Textarea
        label={label}
        autosize
        minRows={1}
        value={typeof props.value === 'string' ? props.value : ''}
        onChange={(event) => props.onChange(event.currentTarget.value)}
        data-testid={`answer-${question.id}`}
      />
    );
  }
  if (question.kind === 'single') {
    return (
      <Radio.Group
        label={label}
        value={typeof props.value === 'string' ? props.value : null}
        onChange={props.onChange}
        data-testid={`answer-${question.id}`}
      >
        <Group gap="md" mt={6}>
          {question.options.map((option) => (
            <Radio key={option.id} value={option.id} label={option.label} />
          ))}
        </Group>
      </Radio.Group>
    );
  }
  return (
    <Checkbox.Group
      label={label}
      value={Array.isArray(props.value) ? props.value : []}
      onChange={props.onChange}
      data-testid={`answer-${question.id}`}
    >
      <Group gap="md" mt={6}>
        {question.options.map((option) => (
          <Checkbox key={option.id} value={option.id} label={option.label} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

function ApplicationForm({
  group,
  config,
  onClose,
}: {
  group: GroupDetail;
  config: AdmissionConfig;
  onClose(): void;
}) {
  const { t, dateTime } = useFormat();
  const { data: codes } = useChannel('qrcodes.list', { groupId: group.id }, ['groups']);
  const [name, setName] = useState('');
  const [wxid, setWxid] = useState('');
  const [phone, setPhone] = useState('');
  const [joinChannel, setJoinChannel] = useState<JoinChannel | null>(null);
  const [inviter, setInviter] = useState('');
  const [qrCodeId, setQrCodeId] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [note, setNote] = useState('');
  const [enteredBy, setEnteredBy] = useState(() => rememberedValue(deciderStorageKey));
  const { busy, run } = useBusy();
  const questions = config.questionnaire.questions;
  const scored = scoreAnswers(config.questionnaire, answers);
  const missing = scored.ok ? [] : scored.problems.filter((problem) => problem.kind === 'missingRequired');

  const save = () =>
    run(async () => {
      const who = enteredBy.trim() || undefined;
      if (who) rememberValue(deciderStorageKey, who);
      const saved = await call('admission.apply', {
        groupId: group.id,
        applicantName: name,
        wxid: wxid.trim() || null,
        phone: phone.trim() || null,
        joinChannel: joinChannel ?? 'other',
        inviterName: inviter.trim() || null,
        qrCodeId: qrCodeId ? Number(qrCodeId) : null,
        answers,
        note,
        decidedBy: who,
      });
      notifySuccess(
        saved.blacklisted
          ? t('groupsUi.applications.createdBlacklisted', { name: saved.applicantName })
          : t('groupsUi.applications.created', { name: saved.applicantName }),
      );
      onClose();
    });

  return (
    <Stack gap="md">
      <SimpleGrid cols={2} spacing="sm">
        <TextInput
          label={t('groupsUi.applications.applicant')}
          withAsterisk
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          data-testid="applicant-name"
        />
        <Select
          label={t('groupsUi.applications.channel')}
          withAsterisk
          data={joinChannels.map((channel) => ({ value: channel, label: t(`members.channels.${channel}`) }))}
          value={joinChannel}
          onChange={(value) => setJoinChannel(value as JoinChannel | null)}
          comboboxProps={{ withinPortal: true }}
          data-testid="applicant-channel"
        />
        <TextInput
          label={t('groupsUi.application.wxid')}
          value={wxid}
          onChange={(event) => setWxid(event.currentTarget.value)}
          data-testid="applicant-wxid"
        />
        <TextInput
          label={t('groupsUi.application.phone')}
          value={phone}
          onChange={(event) => setPhone(event.currentTarget.value)}
          data-testid="applicant-phone"
        />
        <TextInput
          label={t('groupsUi.application.inviter')}
          value={inviter}
          onChange={(event) => setInviter(event.currentTarget.value)}
        />
        <Select
          label={t('groupsUi.application.qrCode')}
          data={(codes ?? []).map((code) => ({
            value: String(code.id),
            label: `${code.label || t('groupsUi.qr.unlabelled')} · ${dateTime(code.generatedAt)}`,
          }))}
          value={qrCodeId}
          onChange={setQrCodeId}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      {questions.length > 0 && (
        <>
          <Divider label={t('groupsUi.application.answers')} labelPosition="left" />
          {questions.map((question) => (
            <AnswerInput
              key={question.id}
              question={question}
              value={answers[question.id]}
              onChange={(value) => setAnswers((previous) => ({ ...previous, [question.id]: value }))}
            />
          ))}
          <Group gap="xs" data-testid="live-score">
            <Text size="sm">{t('groupsUi.application.liveScore')}</Text>
            {scored.ok ? (
              <>
                <Badge
                  variant="light"
                  color={scored.result.passed ? 'green' : 'orange'}
                  radius="sm"
                  className="tabular"
                >
                  {scored.result.score} / {scored.result.maxScore}
                </Badge>
                <Text size="sm" c="dimmed">
                  {scored.result.passed
                    ? t('groupsUi.application.passed')
                    : t('groupsUi.application.failed', { pass: scored.result.passScore })}
                </Text>
              </>
            ) : (
              <Text size="sm" c="orange">
                {t('groupsUi.application.missingCount', { count: missing.length })}
              </Text>
            )}
          </Group>
        </>
      )}
      <Textarea
        label={t('groupsUi.application.note')}
        autosize
        minRows={1}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
      />
      <TextInput
        label={t('groupsUi.application.enteredBy')}
        placeholder={t('groupsUi.application.deciderPlaceholder')}
        value={enteredBy}
        onChange={(event) => setEnteredBy(event.currentTarget.value)}
        w={240}
      />
      <ModalActions onCancel={onClose}>
        <Button
          loading={busy}
          disabled={!name.trim() || !joinChannel}
          onClick={() => void save()}
          data-testid="application-save"
        >
          {t('groupsUi.applications.save')}
        </Button>
      </ModalActions>
    </Stack>
  );
}
