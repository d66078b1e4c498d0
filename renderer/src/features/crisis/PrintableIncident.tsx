/**
 * The incident as a printable report (print, or "Save as PDF" in the print dialog): plain black-on-white HTML
 * outside the app shell, shown only in print media, so the printout looks the same in light and dark mode.
 */
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail } from '../../../../shared/domain/crisis/views';
import { PrintWatermark } from '../lock/PrintWatermark';
import { formatDateTimeSeconds, severityLabel, useDurations } from './crisisFormat';

/** Everything but the report is hidden in print; the report is hidden on screen. */
const printCss = `
.crisis-print { display: none; }
@media print {
  body > *:not(.crisis-print) { display: none !important; }
  .crisis-print { display: block; color: #000; background: #fff; font-size: 11pt; line-height: 1.5; }
  .crisis-print table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; }
  .crisis-print th, .crisis-print td { border: 0.5pt solid #999; padding: 3pt 5pt; text-align: left; vertical-align: top; }
  .crisis-print h1 { font-size: 18pt; margin: 0 0 6pt; }
  .crisis-print h2 { font-size: 13pt; margin: 12pt 0 4pt; }
  .crisis-print p, .crisis-print ul { margin: 2pt 0; }
  .crisis-print section { break-inside: avoid; }
}`;

export function PrintableIncident({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const { duration, target } = useDurations();
  const { definition, state, review } = incident;
  const roleLabel = (id: string) => definition.roles.find((role) => role.id === id)?.label ?? id;
  const stepTitle = (id: string | null) => state.steps.find((step) => step.stepId === id)?.title ?? id ?? '';
  const templateTitle = (id: string | null) =>
    definition.templates.find((template) => template.id === id)?.title ?? '';
  const time = (iso: string | null) => (iso ? formatDateTimeSeconds(iso) : '—');
  const facts: [string, string][] = [
    [
      t('crisis.report.playbook'),
      `${incident.playbookName}（${t('crisisUi.versionShort', { version: incident.playbookVersion })}）`,
    ],
    [t('crisis.report.group'), incident.groupName ?? '—'],
    [t('crisis.report.severity'), severityLabel(definition.severityLevels, state.severity)],
    [t('crisis.report.status'), t(`crisis.incidentStatus.${incident.status}`)],
    [t('crisis.report.source'), t(`crisis.sourceKinds.${incident.source.kind}`)],
    [t('crisis.report.opened'), `${time(incident.openedAt)}（${incident.openedBy}）`],
    [t('crisis.report.closed'), time(incident.closedAt)],
    [t('crisis.report.duration'), duration(state.elapsedSeconds)],
  ];
  return createPortal(
    <div className="crisis-print" data-testid="incident-print">
      <style>{printCss}</style>
      <PrintWatermark />
      <h1>{incident.title}</h1>
      <table>
        <tbody>
          {facts.map(([label, value]) => (
            <tr key={label}>
              <th style={{ width: '22%' }}>{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section>
        <h2>{t('crisis.report.steps')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('crisis.report.step')}</th>
              <th>{t('crisis.report.owner')}</th>
              <th>{t('crisis.report.target')}</th>
              <th>{t('crisis.report.doneAt')}</th>
              <th>{t('crisis.report.by')}</th>
              <th>{t('crisis.report.sla')}</th>
            </tr>
          </thead>
          <tbody>
            {state.steps.map((step) => (
              <tr key={step.stepId}>
                <td>
                  {step.order + 1}. {step.title}
                </td>
                <td>{roleLabel(step.ownerRole)}</td>
                <td>{target(step.targetSeconds)}</td>
                <td>{time(step.finishedAt)}</td>
                <td>{step.by ?? '—'}</td>
                <td>
                  {incident.status === 'closed' && step.finishedAt === null
                    ? t('crisisUi.score.outcomes.missed')
                    : t(`crisis.sla.${step.sla}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t('crisis.report.timeline')}</h2>
        <ul>
          {incident.events.map((event) => (
            <li key={event.id}>
              {time(event.at)} · {event.actor} ·{' '}
              {t(`crisis.events.${event.kind}`, {
                step: stepTitle(event.stepId),
                template: templateTitle(event.templateId),
                severity: severityLabel(definition.severityLevels, event.severity ?? ''),
              })}
              {event.evidence
                ? ` ${t(`crisis.evidenceKinds.${event.evidence.kind}`)} #${event.evidence.id}${event.evidence.label ? `（${event.evidence.label}）` : ''}`
                : ''}
              {event.text ? `：${event.text}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('crisis.report.review')}</h2>
        {review ? (
          <>
            <p>
              <strong>{t('crisis.report.whatHappened')}：</strong>
              {review.whatHappened}
            </p>
            <p style={{ whiteSpace: 'pre-wrap' }}>
              <strong>{t('crisis.report.whatWorked')}：</strong>
              {review.whatWorked || '—'}
            </p>
            <p style={{ whiteSpace: 'pre-wrap' }}>
              <strong>{t('crisis.report.whatToChange')}：</strong>
              {review.whatToChange || '—'}
            </p>
            <p>
              <strong>{t('crisis.report.followUps')}：</strong>
            </p>
            <ul>
              {review.followUps.map((followUp, index) => (
                <li key={index}>
                  {followUp.text}
                  {followUp.owner ? `（${followUp.owner}）` : ''}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <>
            <p>{t('crisis.report.noReview')}</p>
            <ul>
              {[...incident.reviewDraft.wentWell, ...incident.reviewDraft.toImprove].map((line, index) => (
                <li key={index}>{line.text}</li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>,
    document.body,
  );
}
