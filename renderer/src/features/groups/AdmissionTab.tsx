/** 入群审核: applications through the pipeline, entry QR codes, the questionnaire and pass/fail per channel. */
import { SegmentedControl } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { PipelineStage } from '../../../../shared/domain/admission';
import type { GroupDetail } from '../../../../shared/domain/groups';
import { navigate } from '../../app/router';
import { useFormat } from '../../ui/format';
import { AdmissionStatsPanel } from './AdmissionStatsPanel';
import { ApplicationsPanel } from './ApplicationsPanel';
import { admissionSections, groupPaths, type AdmissionSection } from './paths';
import { QrCodesPanel } from './QrCodesPanel';
import { QuestionnaireDesigner } from './QuestionnaireDesigner';

/** A stage's own name, or the built-in name of a default stage (申请 / 面审 / 培训 / 考核 / 入群). */
export function stageLabel(stage: PipelineStage | undefined, key: string, t: TFunction): string {
  return stage?.name ?? t(`admission.stages.${key}`, { defaultValue: key });
}

export function AdmissionTab({ group, section }: { group: GroupDetail; section: AdmissionSection }) {
  const { t } = useFormat();
  return (
    <>
      <SegmentedControl
        mb="md"
        value={section}
        onChange={(value) => navigate(groupPaths.admission(group.id, value as AdmissionSection))}
        data={admissionSections.map((value) => ({ value, label: t(`groupsUi.admission.sections.${value}`) }))}
        data-testid="admission-sections"
      />
      {section === 'applications' && <ApplicationsPanel group={group} />}
      {section === 'qrcodes' && <QrCodesPanel group={group} />}
      {section === 'questionnaire' && <QuestionnaireDesigner group={group} />}
      {section === 'stats' && <AdmissionStatsPanel group={group} />}
    </>
  );
}
