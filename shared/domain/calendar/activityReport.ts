/**
 * The post-event report of an activity: who took part, who joined the group while it ran, how much the group talked
 * during it against the same length of time just before, and what it brought and cost as the operator entered.
 */

/** What was counted or entered for one activity. */
export interface ActivityMeasures {
  /** Distinct people with a check-in (a member once, or a name as entered). */
  checkedIn: number;
  /** Entered by the operator (e.g. a salon's head count); counts instead of the check-ins when set. */
  participantsEntered: number | null;
  /** Members who joined the group between the activity's start and end. */
  newJoiners: number;
  /** Messages in the group during the activity and in the same length of time before it (system lines aside). */
  messagesDuring: number;
  messagesBefore: number;
  /** Entered by the operator; null until entered. */
  conversions: number | null;
  spentCents: number | null;
  budgetCents: number;
}

export interface ActivityMetrics {
  participants: number;
  participantsSource: 'entered' | 'checkins';
  /** (during − before) / before; null when nothing was said before. */
  messageChange: number | null;
  /** conversions / participants; null without both. */
  conversionRate: number | null;
  /** Money spent as entered, else the budget (planned); null when neither is known. */
  costCents: number | null;
  costSource: 'spent' | 'budget' | null;
  costPerParticipantCents: number | null;
  costPerConversionCents: number | null;
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function perHead(cents: number | null, count: number | null): number | null {
  return cents === null || count === null || count <= 0 ? null : Math.round(cents / count);
}

export function activityMetrics(measures: ActivityMeasures): ActivityMetrics {
  const entered = measures.participantsEntered;
  const participants = entered ?? measures.checkedIn;
  const costSource = measures.spentCents !== null ? 'spent' : measures.budgetCents > 0 ? 'budget' : null;
  const costCents =
    costSource === 'spent' ? measures.spentCents : costSource === 'budget' ? measures.budgetCents : null;
  const change = ratio(measures.messagesDuring - measures.messagesBefore, measures.messagesBefore);
  return {
    participants,
    participantsSource: entered !== null ? 'entered' : 'checkins',
    messageChange: change,
    conversionRate: measures.conversions === null ? null : ratio(measures.conversions, participants),
    costCents,
    costSource,
    costPerParticipantCents: perHead(costCents, participants),
    costPerConversionCents: perHead(costCents, measures.conversions),
  };
}

/** Where an activity stands: not started yet, running (counted up to now), or over. */
export type ActivityState = 'upcoming' | 'ongoing' | 'over';

/** The windows of the report: the activity up to now (when it still runs) and the same length just before. */
export function reportWindows(
  startsAt: number,
  endsAt: number,
  now: number,
): { during: { start: number; end: number }; before: { start: number; end: number }; state: ActivityState } {
  const end = Math.max(startsAt, Math.min(endsAt, now));
  const length = end - startsAt;
  return {
    during: { start: startsAt, end },
    before: { start: startsAt - length, end: startsAt },
    state: now < startsAt ? 'upcoming' : now < endsAt ? 'ongoing' : 'over',
  };
}
