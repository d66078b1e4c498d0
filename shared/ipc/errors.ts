/**
 * Error codes every transport returns, each with the i18n key the UI shows.
 * Messages are keys, not text, so the renderer can translate them (zh-CN first, en second).
 */
export const errorCodes = {
  VALIDATION: 'errors.validation',
  FORBIDDEN_SENDER: 'errors.forbiddenSender',
  UNKNOWN_CHANNEL: 'errors.unknownChannel',
  NOT_FOUND: 'errors.notFound',
  CONFLICT: 'errors.conflict',
  UNSUPPORTED: 'errors.unsupported',
  BAD_FILE: 'errors.badFile',
  IO: 'errors.io',
  CANCELLED: 'errors.cancelled',
  LOCKED: 'errors.locked',
  FORBIDDEN: 'errors.forbidden',
  INTERNAL: 'errors.internal',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface ApiErrorPayload {
  code: ErrorCode;
  /** i18n key, e.g. `errors.validation` or a more specific key such as `import.errors.noTimestamps`. */
  message: string;
  /** Values for the message's placeholders, JSON-safe. */
  params?: Record<string, string | number>;
  /** For VALIDATION: which fields failed, as zod reports them. */
  issues?: { path: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorPayload };

/** Thrown by services; the dispatcher turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly params: Record<string, string | number> | undefined;

  constructor(code: ErrorCode, messageKey?: string, params?: Record<string, string | number>) {
    super(messageKey ?? errorCodes[code]);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey ?? errorCodes[code];
    this.params = params;
  }

  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.messageKey, ...(this.params ? { params: this.params } : {}) };
  }
}
