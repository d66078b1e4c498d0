/** Shows backend errors as translated notifications: `ApiError.payload.message` is a key, its params fill it. */
import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/client';
import { errorCodes } from '../../../shared/ipc/errors';
import { i18n, translateKey } from '../app/i18n';

/** The user-facing text of any error thrown by `call()`. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return translateKey(
      error.payload.message,
      error.payload.params,
      errorCodes[error.payload.code] ?? 'errors.internal',
    );
  }
  return i18n.t('errors.internal');
}

export function notifyError(error: unknown): void {
  if (error instanceof ApiError && error.payload.code === 'CANCELLED') return;
  notifications.show({
    color: 'red',
    title: i18n.t(
      error instanceof ApiError && error.payload.code === 'VALIDATION'
        ? 'errorsUi.validationTitle'
        : 'errorsUi.title',
    ),
    message: describeError(error),
    autoClose: 8000,
  });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'brand', message, autoClose: 3000 });
}

/**
 * A form's view of a VALIDATION error: each issue whose path names a field gets `<prefix>.<field>`; the others are
 * joined into one line naming their paths with `<prefix>.generic` (null when every issue had a field).
 */
export function validationMessages<F extends string>(
  issues: readonly { path: string }[],
  fieldOf: (path: string) => F | null,
  prefix: string,
): { fields: Partial<Record<F, string>>; rest: string | null } {
  const fields: Partial<Record<F, string>> = {};
  const unmatched: string[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    const fieldKey: string = `${prefix}.${field}`;
    if (field !== null) fields[field] ??= i18n.t(fieldKey);
    else unmatched.push(i18n.t(`${prefix}.generic`, { field: issue.path || '?' }));
  }
  return { fields, rest: unmatched.length ? unmatched.join('；') : null };
}
