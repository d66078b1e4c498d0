import type { DraftChecker } from '../../../shared/domain/calendar/workflow';

/** A stand-in for the sensitive-word engine: flags two made-up phrases. */
export const testChecker: DraftChecker = (text) => [
  ...[...text.matchAll(/加微信/g)].map((match) => ({
    severity: 'high' as const,
    term: match[0],
    index: match.index,
  })),
  ...[...text.matchAll(/最低价/g)].map((match) => ({
    severity: 'medium' as const,
    term: match[0],
    index: match.index,
  })),
];

/** An instant on the Beijing clock, as the UI sends it. */
export const beijingTime = (date: string, time: string) => `${date}T${time}:00+08:00`;
