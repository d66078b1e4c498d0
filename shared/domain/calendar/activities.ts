/**
 * Activity planner defaults from the operations guide (活动设计与执行框架): what each kind of activity is for and
 * how often it runs. A check-in challenge has no cadence of its own; its rewards unlock on streaks.
 */
import { rule, type CadenceRuleFields } from './cadence';
import type { ActivityKind } from './contentTypes';
import { toInstant, type LocalDate } from './localTime';

/** 粘性 / 转化 / 品牌 / 活跃 */
export const activityGoals = ['stickiness', 'conversion', 'brand', 'engagement'] as const;
export type ActivityGoal = (typeof activityGoals)[number];

export interface ActivityTemplate {
  kind: ActivityKind;
  goal: ActivityGoal;
  /** How often the guide runs it; null when it has no rhythm of its own. */
  cadence: CadenceRuleFields | null;
  /** Default local start time (minutes after midnight) and length. */
  startMinutes: number;
  durationMinutes: number;
  /** Streak lengths (days in a row) that unlock a reward; empty when the activity has no streaks. */
  rewardLadder: number[];
}

const wholeDay = [0, 1440] as const;

export const activityTemplates: Readonly<Record<ActivityKind, ActivityTemplate>> = {
  quiz: {
    kind: 'quiz',
    goal: 'stickiness',
    cadence: rule('quiz', 'month', 1, ...wholeDay),
    startMinutes: 20 * 60,
    durationMinutes: 60,
    rewardLadder: [],
  },
  flash_sale: {
    kind: 'flash_sale',
    goal: 'conversion',
    cadence: rule('flash_sale', 'week', 2, ...wholeDay),
    startMinutes: 20 * 60,
    durationMinutes: 60,
    rewardLadder: [],
  },
  salon: {
    kind: 'salon',
    goal: 'brand',
    cadence: rule('salon', 'quarter', 1, ...wholeDay),
    startMinutes: 19 * 60 + 30,
    durationMinutes: 90,
    rewardLadder: [],
  },
  points_redemption: {
    kind: 'points_redemption',
    goal: 'engagement',
    // 每月末: one of the last three days of the month.
    cadence: rule('points_redemption', 'month', 1, ...wholeDay, { lastDays: 3 }),
    startMinutes: 10 * 60,
    durationMinutes: 24 * 60,
    rewardLadder: [],
  },
  checkin_challenge: {
    kind: 'checkin_challenge',
    goal: 'engagement',
    cadence: null,
    startMinutes: 0,
    durationMinutes: 21 * 24 * 60,
    // 连续签到 7 天解锁高级权益, with a step before and after it.
    rewardLadder: [3, 7, 21],
  },
};

/** The activities' rhythm as cadence rules (the template applied with `cadence.applyTemplate`). */
export const activitiesTemplate: readonly CadenceRuleFields[] = Object.values(activityTemplates).flatMap(
  (template) => (template.cadence ? [template.cadence] : []),
);

/** Default start and end of an activity of this kind on a local date. */
export function defaultActivityTiming(
  kind: ActivityKind,
  date: LocalDate,
  utcOffsetMinutes: number,
): { startsAt: number; endsAt: number } {
  const template = activityTemplates[kind];
  const startsAt = toInstant(date, template.startMinutes, utcOffsetMinutes);
  return { startsAt, endsAt: startsAt + template.durationMinutes * 60_000 };
}
