/** Content calendar and activity planner: pure domain (cadence, gaps, recurrence, caps, drafts, streaks,
 * activity points, materials, special dates, ICS and weekly plan, activity reports). */
export * from './activities';
export * from './activityPoints';
export * from './activityReport';
export * from './cadence';
export * from './caps';
export * from './contentTypes';
export * from './gaps';
export * from './ics';
export * from './localTime';
export * from './materials';
export * from './messages';
export * from './recurrence';
export * from './solarTerms';
export * from './specialDates';
export * from './streaks';
export * from './types';
export * from './weeklyPlan';
export * from './workflow';
