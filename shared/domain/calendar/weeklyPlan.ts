/**
 * The printable plan of a range (usually a week): day by day, what goes out when and where, with the activities,
 * the festival and solar-term labels of each day and the gaps still open. The same days feed the Markdown export
 * and the print view.
 */
import type { ContentType } from './contentTypes';
import { datesBetween, weekdayOf, type DateRange, type LocalDate, type Weekday } from './localTime';
import type { Translate } from './messages';
import { specialDatesOn, type SpecialDate } from './specialDates';
import type { Activity, CalendarEntry } from './types';
import type { DraftStatus } from './workflow';
import type { Locale } from '../types';

export interface PlanRow {
  key: string;
  time: string;
  groupName: string;
  contentType: ContentType;
  title: string;
  /** Null for an activity. */
  status: DraftStatus | null;
  attachments: string[];
  overdue: boolean;
}

export interface PlanDay {
  date: LocalDate;
  weekday: Weekday;
  rows: PlanRow[];
  specialDates: SpecialDate[];
}

export function planDays(
  range: DateRange,
  entries: readonly CalendarEntry[],
  activities: readonly Activity[],
  specialDates: readonly SpecialDate[],
): PlanDay[] {
  return datesBetween(range.from, range.to).map((date) => {
    const rows: PlanRow[] = [
      ...entries
        .filter((entry) => entry.localDate === date)
        .map((entry) => ({
          key: entry.key,
          time: entry.localTime,
          groupName: entry.groupName,
          contentType: entry.contentType,
          title: entry.title,
          status: entry.status,
          attachments: entry.attachments,
          overdue: entry.overdue,
        })),
      ...activities
        .filter((activity) => activity.localDate === date)
        .map((activity) => ({
          key: `activity:${activity.id}`,
          time: activity.localTime,
          groupName: activity.groupName,
          contentType: activity.kind,
          title: activity.title,
          status: null,
          attachments: [],
          overdue: false,
        })),
    ].sort((a, b) => a.time.localeCompare(b.time) || a.key.localeCompare(b.key));
    return { date, weekday: weekdayOf(date), rows, specialDates: specialDatesOn(specialDates, date) };
  });
}

/** A table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, ' ')
      .replace(/\|/g, '\\|')
      .trim() || ' '
  );
}

export interface WeeklyPlanDocument {
  range: DateRange;
  /** The group the plan is for, or null for every group. */
  groupName: string | null;
  days: PlanDay[];
  /** The open gaps, already in words. */
  gaps: string[];
}

export function weeklyPlanMarkdown(plan: WeeklyPlanDocument, t: Translate, locale: Locale): string {
  const lines = [
    `# ${t('calendar.plan.title', { ...plan.range })}`,
    '',
    t('calendar.plan.scope', { scope: plan.groupName ?? t('calendar.plan.allGroups') }),
    '',
  ];
  const header = ['time', 'group', 'type', 'title', 'status', 'attachments'].map((column) =>
    t(`calendar.plan.columns.${column}`),
  );
  for (const day of plan.days) {
    lines.push(`## ${day.date} ${t(`calendar.weekdays.${day.weekday}`)}`, '');
    if (day.specialDates.length > 0) {
      const labels = day.specialDates.map((special) => special.name[locale]).join('、');
      lines.push(t('calendar.plan.specialDates', { labels }), '');
    }
    if (day.rows.length === 0) {
      lines.push(t('calendar.plan.nothing'), '');
      continue;
    }
    lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`);
    for (const row of day.rows) {
      const status = row.status === null ? t('calendar.plan.activity') : t(`calendar.statuses.${row.status}`);
      lines.push(
        `| ${[
          row.time,
          cell(row.groupName),
          t(`calendar.contentTypes.${row.contentType}`),
          cell(row.title),
          row.overdue ? `${status} · ${t('calendar.cli.overdue')}` : status,
          cell(row.attachments.join('、')),
        ].join(' | ')} |`,
      );
    }
    lines.push('');
  }
  if (plan.gaps.length > 0) {
    lines.push(`## ${t('calendar.plan.gaps')}`, '', ...plan.gaps.map((gap) => `- ${gap}`), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
