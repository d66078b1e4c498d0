/**
 * Exports of the plan: the visible range as an iCalendar file for calendar apps, the week as Markdown, and the week
 * printed (or saved as PDF from the print dialog) from a plain black-on-white view shown only in print.
 */
import { Button, Menu } from '@mantine/core';
import {
  IconCalendarDown,
  IconChevronDown,
  IconFileExport,
  IconMarkdown,
  IconPrinter,
} from '@tabler/icons-react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { DateRange } from '../../../../shared/domain/calendar/localTime';
import { planDays } from '../../../../shared/domain/calendar/weeklyPlan';
import { notifyError } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { downloadFile } from '../../ui/fileActions';
import { formatLocalDate } from './calendarDates';
import { localeOf } from './SpecialDates';

const planEntities = ['calendar', 'activities', 'groups'] as const;

export function PlanExportMenu(props: { range: DateRange; week: DateRange; groupId: number | null }) {
  const { t } = useTranslation();
  const byGroup = props.groupId === null ? {} : { groupId: props.groupId };
  const download = (range: DateRange, format: 'ics' | 'markdown') => {
    call('calendar.export', { ...range, ...byGroup, format }).then(downloadFile, notifyError);
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconFileExport size={16} />}
            rightSection={<IconChevronDown size={14} />}
            data-testid="calendar-export"
          >
            {t('calendarUi.export.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconCalendarDown size={16} />}
            onClick={() => download(props.range, 'ics')}
            data-testid="export-ics"
          >
            {t('calendarUi.export.ics')}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconMarkdown size={16} />}
            onClick={() => download(props.week, 'markdown')}
            data-testid="export-markdown"
          >
            {t('calendarUi.export.markdown')}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconPrinter size={16} />}
            onClick={() => window.print()}
            data-testid="print-week"
          >
            {t('calendarUi.export.print')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <PrintableWeek week={props.week} groupId={props.groupId} />
    </>
  );
}

/** Everything but the plan is hidden in print; the plan is hidden on screen. */
const printCss = `
.cal-print { display: none; }
@media print {
  body > *:not(.cal-print) { display: none !important; }
  .cal-print { display: block; color: #000; background: #fff; font-size: 10.5pt; line-height: 1.45; }
  .cal-print h1 { font-size: 16pt; margin: 0 0 4pt; }
  .cal-print h2 { font-size: 12pt; margin: 10pt 0 3pt; }
  .cal-print p { margin: 2pt 0; }
  .cal-print table { border-collapse: collapse; width: 100%; margin: 2pt 0 6pt; }
  .cal-print th, .cal-print td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
  .cal-print section { break-inside: avoid; }
  .cal-print .muted { color: #555; }
}`;

/** The week's plan as the Markdown export lays it out: each day, its special dates, its entries and activities. */
export function PrintableWeek(props: { week: DateRange; groupId: number | null }) {
  const { t, i18n } = useTranslation();
  const byGroup = props.groupId === null ? {} : { groupId: props.groupId };
  const { data: entries } = useChannel('calendar.items', { ...props.week, ...byGroup }, planEntities);
  const { data: activities } = useChannel('activities.list', { ...props.week, ...byGroup }, planEntities);
  const { data: specialDates } = useChannel('calendar.specialDates', props.week);
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const locale = localeOf(i18n.language);
  const scope =
    props.groupId === null
      ? t('calendar.plan.allGroups')
      : (groups?.find((group) => group.id === props.groupId)?.name ?? '');
  const days = planDays(props.week, entries ?? [], activities ?? [], specialDates ?? []);
  return createPortal(
    <div className="cal-print" data-testid="week-print">
      <style>{printCss}</style>
      <h1>{t('calendar.plan.title', { ...props.week })}</h1>
      <p>{t('calendar.plan.scope', { scope })}</p>
      {days.map((day) => (
        <section key={day.date}>
          <h2>
            {formatLocalDate(day.date, i18n.language, { month: 'long', day: 'numeric' })}{' '}
            {t(`calendar.weekdays.${day.weekday}`)}
          </h2>
          {day.specialDates.length > 0 && (
            <p className="muted">
              {t('calendar.plan.specialDates', {
                labels: day.specialDates.map((special) => special.name[locale]).join('、'),
              })}
            </p>
          )}
          {day.rows.length === 0 ? (
            <p className="muted">{t('calendar.plan.nothing')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  {(['time', 'group', 'type', 'title', 'status', 'attachments'] as const).map((column) => (
                    <th key={column}>{t(`calendar.plan.columns.${column}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {day.rows.map((row) => (
                  <tr key={row.key}>
                    <td style={{ width: '9%' }}>{row.time}</td>
                    <td style={{ width: '15%' }}>{row.groupName}</td>
                    <td style={{ width: '12%' }}>{t(`calendar.contentTypes.${row.contentType}`)}</td>
                    <td>{row.title}</td>
                    <td style={{ width: '12%' }}>
                      {row.status === null
                        ? t('calendar.plan.activity')
                        : t(`calendar.statuses.${row.status}`)}
                    </td>
                    <td style={{ width: '18%' }}>{row.attachments.join('、')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>,
    document.body,
  );
}
