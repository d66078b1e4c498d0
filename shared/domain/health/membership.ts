/**
 * Who was in a group when, from join and leave counts per day. A membership is present during days [a, b] when it
 * joined before the end of b and had not left before the start of a, so
 *   present(a..b) = joinedBefore(b + 1) − leftBefore(a)
 * with both sides cumulative counts: the SQL only has to count joins and leaves per day.
 */
import type { ActiveDaysBucket } from './types';

export interface MembershipCounts {
  /** The first day that `joins` / `leaves` cover. */
  firstDay: number;
  /** Memberships that joined before `firstDay`, or at an unknown time. */
  joinedBefore: number;
  /** Memberships that left before `firstDay`. */
  leftBefore: number;
  joinsByDay: ReadonlyMap<number, number>;
  leavesByDay: ReadonlyMap<number, number>;
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

  /** Memberships present at some moment of days fromDay..toDay. */
  presentDuring(fromDay: number, toDay: number): number {
    return this.joinedBefore(toDay + 1) - this.leftBefore(fromDay);
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
