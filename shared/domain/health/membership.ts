/**
 * Who was in a group when, from join and leave counts per day. A stay is present during days [a, b] when it began
 * before the end of b and had not ended before the start of a, so
 *   present(a..b) = joinedBefore(b + 1) − leftBefore(a) − returns inside a..b
 * with both sides cumulative counts: the SQL only has to count joins and leaves per day. A member who left and came
 * back has two stays; when both touch a..b they are one member, hence the returns (left on or after a, back by b).
 */
import type { ActiveDaysBucket } from './types';

/** A member leaving on `leftDay` and coming back on `rejoinedDay`, `count` times over. */
export interface RejoinGap {
  leftDay: number;
  rejoinedDay: number;
  count: number;
}

export interface MembershipCounts {
  /** The first day that `joins` / `leaves` cover. */
  firstDay: number;
  /** Stays that began before `firstDay`, or at an unknown time. */
  joinedBefore: number;
  /** Stays that ended before `firstDay`. */
  leftBefore: number;
  joinsByDay: ReadonlyMap<number, number>;
  leavesByDay: ReadonlyMap<number, number>;
  /** Returns after a leave (absent: nobody came back). */
  gaps?: readonly RejoinGap[];
}

/**
 * Every stay of a set of memberships over all time: joins and leaves per day (returns included), stays whose start
 * is unknown (present from before the archive), and the gaps between a leave and a return.
 */
export interface MembershipFlow {
  unknownStarts: number;
  joinsByDay: Map<number, number>;
  leavesByDay: Map<number, number>;
  gaps: RejoinGap[];
}

/** One row of the membership-flow query, per join channel ('unknown' when the member DB has none). */
export interface MembershipFlowRow {
  channel: string;
  kind: 'join' | 'leave' | 'unknown' | 'gap';
  /** The day of the join or leave, or the day a gap began; null for unknown starts. */
  day: number | null;
  /** For a gap: the day of the return. */
  until: number | null;
  n: number;
}

export function emptyFlow(): MembershipFlow {
  return { unknownStarts: 0, joinsByDay: new Map(), leavesByDay: new Map(), gaps: [] };
}

function addTo(map: Map<number, number>, day: number, n: number): void {
  map.set(day, (map.get(day) ?? 0) + n);
}

function addRow(flow: MembershipFlow, row: MembershipFlowRow): void {
  if (row.kind === 'unknown') flow.unknownStarts += row.n;
  else if (row.kind === 'join') addTo(flow.joinsByDay, row.day!, row.n);
  else if (row.kind === 'leave') addTo(flow.leavesByDay, row.day!, row.n);
  else flow.gaps.push({ leftDay: row.day!, rejoinedDay: row.until!, count: row.n });
}

/** The flow of all the rows together, and one per join channel. */
export function buildFlows(rows: readonly MembershipFlowRow[]): {
  total: MembershipFlow;
  byChannel: Map<string, MembershipFlow>;
} {
  const total = emptyFlow();
  const byChannel = new Map<string, MembershipFlow>();
  for (const row of rows) {
    addRow(total, row);
    let flow = byChannel.get(row.channel);
    if (!flow) byChannel.set(row.channel, (flow = emptyFlow()));
    addRow(flow, row);
  }
  return { total, byChannel };
}

/** The counts a timeline starting on `firstDay` needs. */
export function countsFrom(flow: MembershipFlow, firstDay: number): MembershipCounts {
  let joinedBefore = flow.unknownStarts;
  let leftBefore = 0;
  for (const [day, n] of flow.joinsByDay) if (day < firstDay) joinedBefore += n;
  for (const [day, n] of flow.leavesByDay) if (day < firstDay) leftBefore += n;
  return {
    firstDay,
    joinedBefore,
    leftBefore,
    joinsByDay: flow.joinsByDay,
    leavesByDay: flow.leavesByDay,
    gaps: flow.gaps,
  };
}

/** Per join channel: stays begun during fromDay..toDay, and members in the group at the end of toDay. */
export function channelMix(
  byChannel: ReadonlyMap<string, MembershipFlow>,
  fromDay: number,
  toDay: number,
): { channel: string; joined: number; members: number }[] {
  return [...byChannel].map(([channel, flow]) => {
    const timeline = new MembershipTimeline(countsFrom(flow, fromDay), toDay);
    let joined = 0;
    for (let day = fromDay; day <= toDay; day += 1) joined += timeline.joinsOn(day);
    return { channel, joined, members: timeline.sizeAtEndOf(toDay) };
  });
}

export class MembershipTimeline {
  private readonly counts: MembershipCounts;
  /** Cumulative joins and leaves before the start of day firstDay + i. */
  private readonly joinedPrefix: number[] = [];
  private readonly leftPrefix: number[] = [];

  constructor(counts: MembershipCounts, lastDay: number) {
    this.counts = counts;
    let joined = counts.joinedBefore;
    let left = counts.leftBefore;
    for (let day = counts.firstDay; day <= lastDay + 1; day += 1) {
      this.joinedPrefix.push(joined);
      this.leftPrefix.push(left);
      joined += counts.joinsByDay.get(day) ?? 0;
      left += counts.leavesByDay.get(day) ?? 0;
    }
  }

  private at(prefix: number[], day: number): number {
    const index = Math.min(Math.max(day - this.counts.firstDay, 0), prefix.length - 1);
    return prefix[index] ?? 0;
  }

  /** Joined before the start of `day`. */
  joinedBefore(day: number): number {
    return this.at(this.joinedPrefix, day);
  }

  /** Left before the start of `day`. */
  leftBefore(day: number): number {
    return this.at(this.leftPrefix, day);
  }

  /** Members present at some moment of days fromDay..toDay (a member who left and came back counts once). */
  presentDuring(fromDay: number, toDay: number): number {
    let returns = 0;
    for (const gap of this.counts.gaps ?? [])
      if (gap.leftDay >= fromDay && gap.rejoinedDay <= toDay) returns += gap.count;
    return this.joinedBefore(toDay + 1) - this.leftBefore(fromDay) - returns;
  }

  /** Members in the group at the end of `day`. */
  sizeAtEndOf(day: number): number {
    return this.joinedBefore(day + 1) - this.leftBefore(day + 1);
  }

  joinsOn(day: number): number {
    return this.counts.joinsByDay.get(day) ?? 0;
  }

  leavesOn(day: number): number {
    return this.counts.leavesByDay.get(day) ?? 0;
  }
}

/** A ratio, or null when there is nothing to divide by. */
export function share(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export const activeDayBuckets: readonly { min: number; max: number | null }[] = [
  { min: 0, max: 0 },
  { min: 1, max: 1 },
  { min: 2, max: 3 },
  { min: 4, max: 7 },
  { min: 8, max: 14 },
  { min: 15, max: null },
];

/**
 * Members by active days: `speakersByDays` maps an active-day count to how many members had it; members present
 * but silent fill the 0 bucket.
 */
export function bucketActiveDays(
  speakersByDays: ReadonlyMap<number, number>,
  present: number,
): ActiveDaysBucket[] {
  let speakers = 0;
  for (const members of speakersByDays.values()) speakers += members;
  return activeDayBuckets.map(({ min, max }) => {
    let members = min === 0 ? Math.max(0, present - speakers) : 0;
    for (const [days, count] of speakersByDays) {
      if (days >= Math.max(min, 1) && (max === null || days <= max)) members += count;
    }
    return { min, max, members };
  });
}
