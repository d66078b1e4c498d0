/** What the calendar channels return. Instants cross IPC as ISO strings (UTC); local dates as 'YYYY-MM-DD'. */
import type { ActivityGoal } from './activities';
import type { CadenceRule } from './cadence';
import type { CapSettings, CapWarning } from './caps';
import type { ActivityKind, ContentType, SendChannel } from './contentTypes';
import type { FilledSlot, Gap } from './gaps';
import type { DateRange, LocalDate } from './localTime';
import type { Recurrence } from './recurrence';
import type { StreakResult } from './streaks';
import type { DraftStatus } from './workflow';

/** A stored calendar item: a single entry, a recurring series, or one edited occurrence of a series. */
export interface CalendarItem {
  id: number;
  groupId: number;
  groupName: string;
  /** Set on an edited occurrence: the series it belongs to. */
  seriesId: number | null;
  /** Set on an edited occurrence: the date it replaces in its series (RFC 5545 RECURRENCE-ID). */
  occurrenceDate: LocalDate | null;
  title: string;
  contentType: ContentType;
  channel: SendChannel;
  startsAt: string;
  endsAt: string;
  /** Local date and 'HH:MM' in the group's zone. */
  localDate: LocalDate;
  localTime: string;
  durationMinutes: number;
  utcOffsetMinutes: number;
  body: string;
  /** Attachments noted by name (images, files); the files stay where they are. */
  attachments: string[];
  notes: string;
  status: DraftStatus;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  sentAt: string | null;
  sentBy: string | null;
  /** Set on a series. */
  recurrence: Recurrence | null;
  /** A series' skipped dates (RFC 5545 EXDATE). */
  exceptions: LocalDate[];
  createdAt: string;
  updatedAt: string;
}

/**
 * One entry on the calendar: a single item, an edited occurrence, or an occurrence generated from a series
 * (`virtual`: nothing stored for it yet). To change it, pass `{ id, occurrenceDate }` as given here.
 */
export interface CalendarEntry extends Omit<CalendarItem, 'exceptions' | 'createdAt' | 'updatedAt'> {
  /** Stable key: `item:<id>` or `series:<id>@<date>`. */
  key: string;
  virtual: boolean;
  /** Its time has passed and it is not marked sent. */
  overdue: boolean;
  /** Mantine colour of the content type. */
  color: string;
}

export interface StatusChange {
  id: number;
  itemId: number;
  from: DraftStatus | null;
  to: DraftStatus;
  at: string;
  operator: string;
  reason: string | null;
  /** Why a draft with high-severity hits was approved anyway. */
  overrideReason: string | null;
  highHits: number;
}

export interface CalendarItemDetail extends CalendarItem {
  history: StatusChange[];
  /** For a series: the dates of its edited occurrences. */
  editedOccurrences: LocalDate[];
}

export interface CadenceSettings {
  groupId: number;
  groupName: string;
  utcOffsetMinutes: number;
  /** The same offset as '+08:00'. */
  utcOffset: string;
  rules: CadenceRule[];
}

/** A slot of the gap report with its instants as ISO strings and its suggested local time as 'HH:MM'. */
export type SlotView = Omit<FilledSlot, 'minutes' | 'startsAt' | 'windowStartsAt' | 'windowEndsAt'> & {
  time: string;
  startsAt: string;
  windowStartsAt: string;
  windowEndsAt: string;
};

export type GapView = Omit<Gap, 'startsAt'> & { startsAt: string; groupId: number; groupName: string };

export interface GroupGapReport {
  groupId: number;
  groupName: string;
  utcOffsetMinutes: number;
  expected: number;
  filled: number;
  slots: SlotView[];
  gaps: GapView[];
}

export interface GapReportView {
  range: DateRange;
  groups: GroupGapReport[];
  expected: number;
  filled: number;
  missing: number;
}

export interface CapReport {
  range: DateRange;
  settings: CapSettings;
  warnings: CapWarning[];
}

export interface RunSheetTask {
  task: string;
  owner: string;
  /** ISO instant, or null when not timed yet. */
  at: string | null;
  done: boolean;
}

export interface MaterialCheck {
  name: string;
  done: boolean;
}

export interface Activity {
  id: number;
  groupId: number;
  groupName: string;
  kind: ActivityKind;
  title: string;
  goal: ActivityGoal;
  startsAt: string;
  endsAt: string;
  localDate: LocalDate;
  localTime: string;
  utcOffsetMinutes: number;
  budgetCents: number;
  rewardLadder: number[];
  runSheet: RunSheetTask[];
  materials: MaterialCheck[];
  notes: string;
  checkInCount: number;
  color: string;
  createdAt: string;
  updatedAt: string;
}

export interface CheckIn {
  id: number;
  activityId: number;
  participant: string;
  memberId: number | null;
  at: string;
  localDate: LocalDate;
  source: CheckInSource;
}

export const checkInSources = ['manual', 'paste', 'import'] as const;
export type CheckInSource = (typeof checkInSources)[number];

export interface ParticipantStreak extends StreakResult {
  participant: string;
  memberId: number | null;
}

export interface StreakReport {
  activityId: number;
  asOf: LocalDate;
  rewardLadder: number[];
  participants: ParticipantStreak[];
}
