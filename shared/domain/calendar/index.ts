/** Content calendar and activity planner: pure domain (cadence, gaps, recurrence, caps, drafts, streaks). */
export * from './activities';
export * from './cadence';
export * from './caps';
export * from './contentTypes';
export * from './gaps';
export * from './localTime';
export * from './messages';
export * from './recurrence';
export * from './streaks';
export * from './types';
export * from './workflow';
