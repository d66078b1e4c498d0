/**
 * The conversion rate of activities (the guide's 消息转化率, per activity): what an activity converted against the
 * members it reached. Reached: the members of the activity's group present when it started (joined at or before
 * the start, or at an unknown time, and not left by then). Converted: the conversions the operator entered, else the
 * participants (the entered head count, else the distinct check-ins). An activity with none of these recorded has
 * no rate and is left out of the totals rather than counted as zero.
 */

/** What one activity's conversions were counted from. */
export type ConversionBasis = 'conversions' | 'participantsEntered' | 'checkIns';

/** The stored facts of one activity, as the repository reads them. */
export interface ActivityOutcomeRow {
  activityId: number;
  groupId: number;
  groupName: string;
  title: string;
  startsAt: number;
  conversions: number | null;
  participantsEntered: number | null;
  checkedIn: number;
  reached: number;
}

export interface ActivityConversionCounts {
  converted: number | null;
  basis: ConversionBasis | null;
  /** converted / reached; null when nothing was recorded or nobody was reached. */
  rate: number | null;
}

export function activityConversion(
  row: Pick<ActivityOutcomeRow, 'conversions' | 'participantsEntered' | 'checkedIn' | 'reached'>,
): ActivityConversionCounts {
  const [converted, basis]: [number | null, ConversionBasis | null] =
    row.conversions !== null
      ? [row.conversions, 'conversions']
      : row.participantsEntered !== null
        ? [row.participantsEntered, 'participantsEntered']
        : row.checkedIn > 0
          ? [row.checkedIn, 'checkIns']
          : [null, null];
  return { converted, basis, rate: converted === null || row.reached <= 0 ? null : converted / row.reached };
}

/** Totals over the activities that have a rate: the period's conversion rate is their sum ÷ their sum. */
export function conversionTotals(
  rows: readonly { converted: number | null; reached: number; rate: number | null }[],
): {
  converted: number;
  reached: number;
  activities: number;
} {
  let converted = 0;
  let reached = 0;
  let activities = 0;
  for (const row of rows) {
    if (row.rate === null || row.converted === null) continue;
    converted += row.converted;
    reached += row.reached;
    activities += 1;
  }
  return { converted, reached, activities };
}
