/**
 * Points an activity writes to members' ledgers (积分): for each day a member checked in, when their streak reaches
 * a rung of the reward ladder (连续 7 天解锁), and once for taking part through a typed or pasted (接龙) entry.
 * Pure: `plannedAwards` says what each member should have been given, `awardChanges` compares that with what was
 * written. The ledger is append-only, so a change is new entries only: what is no longer due (a check-in removed,
 * a streak broken, a rule lowered) gets a compensating entry, and what is due and missing gets a new one.
 */
import { z } from 'zod';
import type { ActivityKind } from './contentTypes';
import type { LocalDate } from './localTime';
import { computeStreak } from './streaks';

/** Largest award one rule may give (the ledger holds whole points). */
export const maxAwardPoints = 100_000;
/** Longest keyword matched in messages. */
export const maxCheckInKeywordLength = 40;

const awardPoints = z.number().int().min(0).max(maxAwardPoints);

export const activityPointsRulesSchema = z
  .object({
    /** Per member per local day with at least one check-in; source 'check_in'. 0: none. */
    perCheckIn: awardPoints,
    /** Once per member entered by hand or from a pasted 接龙 list; source 'activity'. 0: none. */
    participation: awardPoints,
    /** Points for reaching a rung of the reward ladder (days in a row); source 'activity'. */
    rungs: z
      .array(z.object({ days: z.number().int().min(1).max(366), points: awardPoints }).strict())
      .max(10),
  })
  .strict();
export type ActivityPointsRules = z.infer<typeof activityPointsRulesSchema>;

/** A rung's reward when the operator has not set one: two points a day of the streak. */
export function defaultRungPoints(days: number): number {
  return days * 2;
}

/** A check-in challenge pays per day and per rung; the other kinds pay for taking part. */
export function defaultPointsRules(kind: ActivityKind, ladder: readonly number[]): ActivityPointsRules {
  const challenge = kind === 'checkin_challenge';
  return {
    perCheckIn: challenge ? 1 : 0,
    participation: challenge ? 0 : 2,
    rungs: ladder.map((days) => ({ days, points: defaultRungPoints(days) })),
  };
}

/** The keyword a new activity of this kind scans messages for. */
export function defaultCheckInKeyword(kind: ActivityKind): string {
  return kind === 'checkin_challenge' ? '打卡' : '';
}

/** Rules as stored; anything missing or malformed falls back to the kind's defaults. */
export function parsePointsRules(
  json: string,
  kind: ActivityKind,
  ladder: readonly number[],
): ActivityPointsRules {
  const defaults = defaultPointsRules(kind, ladder);
  try {
    const parsed = activityPointsRulesSchema.partial().safeParse(JSON.parse(json));
    return parsed.success ? { ...defaults, ...parsed.data } : defaults;
  } catch {
    return defaults;
  }
}

export function rungPoints(rules: ActivityPointsRules, days: number): number {
  return rules.rungs.find((rung) => rung.days === days)?.points ?? defaultRungPoints(days);
}

export const awardKinds = ['check_in', 'streak', 'participation'] as const;
export type AwardKind = (typeof awardKinds)[number];

/** A check-in as awards see it: a member (after merges), when, on which local day, and how it was entered. */
export interface AwardCheckIn {
  memberId: number;
  at: number;
  localDate: LocalDate;
  /** Typed or pasted (接龙) entries earn participation points; imported ones do not. */
  entered: boolean;
}

export interface PlannedAward {
  memberId: number;
  /** Unique per member within an activity: 'check_in:2026-11-20', 'streak:7:2026-11-26', 'participation'. */
  key: string;
  kind: AwardKind;
  amount: number;
  /** The check-in it rests on: the ledger entry is dated then, so tier windows count it when it happened. */
  occurredAt: number;
  localDate: LocalDate;
  /** For a streak reward: the rung reached. */
  threshold: number | null;
}

/** The ledger source of an award: check-in days count as check-ins, rewards and participation as activities. */
export function awardSource(kind: AwardKind): 'check_in' | 'activity' {
  return kind === 'check_in' ? 'check_in' : 'activity';
}

/** The award kind a stored key belongs to. */
export function awardKindOf(key: string): AwardKind {
  const kind = key.split(':')[0];
  return (awardKinds as readonly string[]).includes(kind ?? '') ? (kind as AwardKind) : 'participation';
}

/** The rung a streak award's key names (null for other kinds). */
export function awardThreshold(key: string): number | null {
  const [kind, days] = key.split(':');
  return kind === 'streak' && days ? Number(days) : null;
}

/** What the rules give each linked member for their check-ins; awards of 0 points are left out. */
export function plannedAwards(
  checkIns: readonly AwardCheckIn[],
  rules: ActivityPointsRules,
  ladder: readonly number[],
): PlannedAward[] {
  const byMember = new Map<number, AwardCheckIn[]>();
  for (const checkIn of checkIns) {
    const list = byMember.get(checkIn.memberId) ?? [];
    list.push(checkIn);
    byMember.set(checkIn.memberId, list);
  }
  const awards: PlannedAward[] = [];
  for (const [memberId, list] of byMember) {
    // The first check-in of each day stands for the day.
    const firstOfDay = new Map<LocalDate, number>();
    for (const checkIn of [...list].sort((a, b) => a.at - b.at)) {
      if (!firstOfDay.has(checkIn.localDate)) firstOfDay.set(checkIn.localDate, checkIn.at);
    }
    const days = [...firstOfDay.keys()].sort();
    if (rules.perCheckIn > 0) {
      for (const localDate of days) {
        awards.push({
          memberId,
          key: `check_in:${localDate}`,
          kind: 'check_in',
          amount: rules.perCheckIn,
          occurredAt: firstOfDay.get(localDate)!,
          localDate,
          threshold: null,
        });
      }
    }
    const lastDay = days.at(-1);
    if (lastDay !== undefined && ladder.length > 0) {
      for (const unlock of computeStreak(days, lastDay, ladder).unlocked) {
        const amount = rungPoints(rules, unlock.threshold);
        if (amount === 0) continue;
        awards.push({
          memberId,
          key: `streak:${unlock.threshold}:${unlock.on}`,
          kind: 'streak',
          amount,
          occurredAt: firstOfDay.get(unlock.on)!,
          localDate: unlock.on,
          threshold: unlock.threshold,
        });
      }
    }
    const firstEntered = list.filter((checkIn) => checkIn.entered).sort((a, b) => a.at - b.at)[0];
    if (rules.participation > 0 && firstEntered) {
      awards.push({
        memberId,
        key: 'participation',
        kind: 'participation',
        amount: rules.participation,
        occurredAt: firstEntered.at,
        localDate: firstEntered.localDate,
        threshold: null,
      });
    }
  }
  return awards;
}

/** An award already in the ledger and not compensated. */
export interface WrittenAward {
  id: number;
  memberId: number;
  key: string;
  amount: number;
}

/**
 * What to append so the ledger holds exactly the planned awards: written ones no longer planned (or planned with
 * another amount) are compensated, planned ones not written are added. An award written twice (two members merged
 * into one) keeps one and compensates the rest. Planned and written in order, so the result is stable.
 */
export function awardChanges(
  planned: readonly PlannedAward[],
  written: readonly WrittenAward[],
): { add: PlannedAward[]; reverse: WrittenAward[] } {
  const identity = (award: { memberId: number; key: string; amount: number }) =>
    `${award.memberId}|${award.key}|${award.amount}`;
  const standing = new Map<string, WrittenAward[]>();
  for (const award of written) {
    const list = standing.get(identity(award)) ?? [];
    list.push(award);
    standing.set(identity(award), list);
  }
  const add: PlannedAward[] = [];
  for (const award of planned) {
    const matches = standing.get(identity(award));
    if (matches && matches.length > 0) matches.shift();
    else add.push(award);
  }
  const reverse = [...standing.values()].flat().sort((a, b) => a.id - b.id);
  return { add, reverse };
}
