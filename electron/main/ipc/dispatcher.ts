/**
 * Transport-agnostic dispatcher: Electron's ipcMain and browser mode's HTTP server both call `dispatch`.
 * It checks the sender, validates the input against the contract and never throws.
 */
import { type z } from 'zod';
import {
  channels,
  isChannelName,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
} from '../../../shared/ipc/contract';
import { AppError, errorCodes, type Result } from '../../../shared/ipc/errors';

/** What a transport knows about who sent a request. */
export interface SenderInfo {
  /** Origin of the frame (Electron) or of the page (HTTP), e.g. `app://qundesk`. */
  origin: string;
  /** False for iframes and other sub-frames: they never get to call the API. */
  isMainFrame: boolean;
}

export type SenderPolicy = (sender: SenderInfo) => boolean;

export type Handlers = {
  [K in ChannelName]: (input: ChannelParsedInput<K>) => ChannelOutput<K> | Promise<ChannelOutput<K>>;
};

export interface DispatcherOptions {
  isTrustedSender: SenderPolicy;
  /** Channels refused while this returns true (app lock); the lock screen's own channels stay open. */
  isLocked?: (channel: ChannelName) => boolean;
  /** After validation: null lets the call through, an AppError refuses it (missing permission). */
  authorize?: <K extends ChannelName>(channel: K, input: ChannelParsedInput<K>) => AppError | null;
  logError?: (channel: string, error: unknown) => void;
}

export type Dispatch = (channel: unknown, input: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  return async (channel, input, sender) => {
    if (!isSenderShape(sender) || !options.isTrustedSender(sender)) {
      return failure(new AppError('FORBIDDEN_SENDER'));
    }
    if (!isChannelName(channel)) {
      return failure(new AppError('UNKNOWN_CHANNEL', errorCodes.UNKNOWN_CHANNEL, { channel: String(channel).slice(0, 80) }));
    }
    try {
      if (options.isLocked?.(channel)) return failure(new AppError('LOCKED'));
      const parsed = channels[channel].input.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const refusal = options.authorize?.(channel, parsed.data as ChannelParsedInput<typeof channel>);
      if (refusal) return failure(refusal);
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return failure(error);
      options.logError?.(channel, error);
      return failure(new AppError('INTERNAL'));
    }
  };
}

function isSenderShape(sender: unknown): sender is SenderInfo {
  return (
    typeof sender === 'object' &&
    sender !== null &&
    typeof (sender as SenderInfo).origin === 'string' &&
    typeof (sender as SenderInfo).isMainFrame === 'boolean'
  );
}

function failure(error: AppError): Result<never> {
  return { ok: false, error: error.toPayload() };
}

function validationFailure(error: z.ZodError): Result<never> {
  return {
    ok: false,
    error: {
      code: 'VALIDATION',
      message: errorCodes.VALIDATION,
      issues: error.issues.slice(0, 20).map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    },
  };
}
