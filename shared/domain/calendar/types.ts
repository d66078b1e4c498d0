/** What the calendar channels return. Instants cross IPC as ISO strings (UTC); local dates as 'YYYY-MM-DD'. */
import type { ActivityGoal } from './activities';
import type { ActivityPointsRules, AwardKind } from './activityPoints';
import type { ActivityMeasures, ActivityMetrics, ActivityState } from './activityReport';
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
  /** Results the operator entered after the activity; null until entered. */
  participantsEntered: number | null;
  conversions: number | null;
  spentCents: number | null;
  /** Messages containing it inside the activity's window count as check-ins ('' : none set). */
  checkInKeyword: string;
  pointsRules: ActivityPointsRules;
  /** When points were first issued (发放积分); from then on every change to the check-ins updates the ledgers. */
  pointsIssuedAt: string | null;
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

/** One check-in found in the messages: a member (or an unresolved sender name) on a local day. */
export interface MessageCheckIn {
  participant: string;
  memberId: number | null;
  localDate: LocalDate;
  /** The first matching message of that day. */
  at: string;
}

/** Check-ins found in the group's messages, before (dry run) or after recording them. */
export interface MessageCheckInResult {
  keyword: string;
  /** The window scanned, as ISO instants: [startsAt, endsAt). */
  startsAt: string;
  endsAt: string;
  /** Messages containing the keyword. */
  messages: number;
  /** One per participant per day. */
  found: number;
  /** Of those, already recorded (by any source). */
  alreadyRecorded: number;
  /** Not recorded yet: what recording adds. */
  toAdd: number;
  /** Of those, senders not linked to a member (they earn no points until linked). */
  unlinked: number;
  /** Recorded by this call (0 on a dry run). */
  added: number;
  /** The first check-ins to add, for the preview. */
  sample: MessageCheckIn[];
}

/** A participant checked in by name only: linking them to a member lets their check-ins earn points. */
export interface UnlinkedParticipant {
  participant: string;
  checkIns: number;
  days: number;
}

export interface MemberPointsLine {
  memberId: number;
  displayName: string;
  checkInPoints: number;
  streakPoints: number;
  participationPoints: number;
  /** Their standing total from this activity. */
  total: number;
  /** Ledger entries written for them, compensating ones included. */
  entries: number;
  /** Rungs of the ladder their streaks reached (7 = the 7-day unlock), with the day. */
  unlocked: { threshold: number; on: LocalDate }[];
}

/** What an issue (or the next change) would append. */
export interface PendingPoints {
  add: number;
  addPoints: number;
  reverse: number;
  reversePoints: number;
  byKind: Record<AwardKind, number>;
}

/** The activity's points: what was written to the ledgers, per member, and what is still to write. */
export interface ActivityPointsSummary {
  activityId: number;
  rules: ActivityPointsRules;
  issuedAt: string | null;
  /** Ledger entries written for this activity, compensating ones included, and their sum. */
  entries: number;
  reversals: number;
  points: number;
  members: MemberPointsLine[];
  pending: PendingPoints;
  unlinked: UnlinkedParticipant[];
}

export interface StreakReport {
  activityId: number;
  asOf: LocalDate;
  rewardLadder: number[];
  participants: ParticipantStreak[];
}

/** One activity's line of the report and of the comparison with its kind. */
export interface ActivityReportRow extends ActivityMeasures, ActivityMetrics {
  activityId: number;
  title: string;
  groupName: string;
  localDate: LocalDate;
  /** While it runs "during" counts up to now; before it starts there is nothing to count. */
  state: ActivityState;
}

export interface ActivityReport {
  activity: Activity;
  /** The windows compared, as ISO instants: during [startsAt, endsAt) and before [beforeStartsAt, startsAt). */
  window: { beforeStartsAt: string; startsAt: string; endsAt: string };
  row: ActivityReportRow;
  /** Activities of the same kind (this one included), newest first. */
  sameKind: ActivityReportRow[];
}
