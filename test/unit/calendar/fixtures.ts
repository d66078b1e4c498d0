import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { trustedSender } from '../../support/tempWorkspace';
import type { DraftChecker } from '../../../shared/domain/calendar/workflow';

/** A stand-in for the sensitive-word engine: flags two made-up phrases. */
export const testChecker: DraftChecker = (text) => [
  ...[...text.matchAll(/加微信/g)].map((match) => ({
    severity: 'high' as const,
    term: match[0],
    index: match.index,
    category: 'ads',
  })),
  ...[...text.matchAll(/最低价/g)].map((match) => ({
    severity: 'medium' as const,
    term: match[0],
    index: match.index,
  })),
];

/** An instant on the Beijing clock, as the UI sends it. */
export const beijingTime = (date: string, time: string) => `${date}T${time}:00+08:00`;

/** Calls a channel as the app's window does and unwraps the value; a failure fails the test with its error. */
export function callerOf(dispatch: Dispatch) {
  return async <T>(channel: string, input: unknown = {}): Promise<T> => {
    const result = await dispatch(channel, input, trustedSender);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
}
