/**
 * An incident as a Markdown report: the facts, each step against its target, the timeline and the after-action
 * review. Written in the user's language (it is a report for people, not a file to import back).
 */
import dayjs from 'dayjs';
import type { Locale } from '../types';
import { translate } from '../../i18n';
import { formatDuration } from './scoring';
import type { IncidentDetail, TimelineEventView } from './views';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const time = (value: string | null) => (value === null ? '—' : dayjs(value).format('YYYY-MM-DD HH:mm:ss'));

function describeEvent(event: TimelineEventView, detail: IncidentDetail, locale: Locale): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const stepTitle =
    detail.state.steps.find((step) => step.stepId === event.stepId)?.title ?? event.stepId ?? '';
  const severityLabel =
    detail.definition.severityLevels.find((level) => level.id === event.severity)?.label ??
    event.severity ??
    '';
  const templateTitle =
    detail.definition.templates.find((template) => template.id === event.templateId)?.title ?? '';
  const base = t(`crisis.events.${event.kind}`, {
    step: stepTitle,
    severity: severityLabel,
    template: templateTitle,
  });
  const evidence = event.evidence
    ? ` ${t(`crisis.evidenceKinds.${event.evidence.kind}`)} #${event.evidence.id}${event.evidence.label ? `（${event.evidence.label}）` : ''}`
    : '';
  const text = event.text ? `：${event.text.replace(/\n/g, ' ')}` : '';
  return `${base}${evidence}${text}`;
}

export function exportIncidentMarkdown(detail: IncidentDetail, locale: Locale): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const severity =
    detail.definition.severityLevels.find((level) => level.id === detail.state.severity)?.label ??
    detail.state.severity;
  const roles = new Map(detail.definition.roles.map((role) => [role.id, role.label]));
  const out: string[] = [];
  out.push(`# ${detail.title}`, '');
  out.push(
    `- ${t('crisis.report.playbook')}：${detail.playbookName}（v${detail.playbookVersion}）`,
    `- ${t('crisis.report.group')}：${detail.groupName ?? '—'}`,
    `- ${t('crisis.report.severity')}：${severity}`,
    `- ${t('crisis.report.status')}：${t(`crisis.incidentStatus.${detail.status}`)}`,
    `- ${t('crisis.report.source')}：${t(`crisis.sourceKinds.${detail.source.kind}`)}${detail.source.ref ? `（${detail.source.ref}）` : ''}`,
    `- ${t('crisis.report.opened')}：${time(detail.openedAt)}（${detail.openedBy}）`,
    `- ${t('crisis.report.closed')}：${time(detail.closedAt)}`,
    `- ${t('crisis.report.duration')}：${formatDuration(detail.state.elapsedSeconds, locale)}`,
  );

  out.push('', `## ${t('crisis.report.steps')}`, '');
  out.push(
    `| ${[t('crisis.report.step'), t('crisis.report.owner'), t('crisis.report.target'), t('crisis.report.doneAt'), t('crisis.report.by'), t('crisis.report.sla')].join(' | ')} |`,
    '|---|---|---|---|---|---|',
  );
  for (const step of detail.state.steps) {
    out.push(
      `| ${[
        cell(step.title),
        cell(roles.get(step.ownerRole) ?? step.ownerRole),
        formatDuration(step.targetSeconds, locale),
        step.elapsedSeconds === null
          ? '—'
          : `${time(step.finishedAt)}（+${formatDuration(step.elapsedSeconds, locale)}）`,
        cell(step.by ?? '—'),
        t(`crisis.sla.${step.sla}`),
      ].join(' | ')} |`,
    );
  }

  out.push('', `## ${t('crisis.report.timeline')}`, '');
  for (const event of detail.events) {
    out.push(`- ${time(event.at)} · ${event.actor} · ${describeEvent(event, detail, locale)}`);
  }

  out.push('', `## ${t('crisis.report.review')}`, '');
  if (detail.review) {
    const review = detail.review;
    const block = (key: string, text: string) => out.push(`### ${t(key)}`, '', text === '' ? '—' : text, '');
    block('crisis.report.whatHappened', review.whatHappened);
    block('crisis.report.whatWorked', review.whatWorked);
    block('crisis.report.whatToChange', review.whatToChange);
    out.push(`### ${t('crisis.report.followUps')}`, '');
    if (review.followUps.length === 0) out.push('—');
    for (const followUp of review.followUps)
      out.push(`- [ ] ${followUp.text}${followUp.owner ? `（${followUp.owner}）` : ''}`);
  } else {
    out.push(t('crisis.report.noReview'), '');
    for (const line of detail.reviewDraft.wentWell) out.push(`- ✓ ${line.text}`);
    for (const line of detail.reviewDraft.toImprove) out.push(`- △ ${line.text}`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}
