/**
 * Calendar errors as the operator reads them: params that name a label key (`fromKey: 'calendar.statuses.review'`)
 * are shown by that label ("待审核") instead of the code, then the shared error display takes over.
 */
import { ApiError } from '../../api/client';
import { i18n } from '../../app/i18n';
import { resolveMessageParams } from '../../../../shared/domain/calendar/messages';
import { describeError, notifyError } from '../../ui/errors';

export function withLabels(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.payload.params) return error;
  const params = resolveMessageParams(error.payload.params, (key, values) => i18n.t(key, values ?? {}));
  return new ApiError({ ...error.payload, params });
}

export function describeCalendarError(error: unknown): string {
  return describeError(withLabels(error));
}

export function notifyCalendarError(error: unknown): void {
  notifyError(withLabels(error));
}
