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
