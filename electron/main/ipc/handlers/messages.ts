import type { ChannelName } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/errors';
import type { Backend } from '../../backend';
import { messageContext, searchMessages } from '../../db/repositories/messages';
import type { Handlers } from '../dispatcher';

type MessagesChannel = Extract<ChannelName, `messages.${string}`>;

/** The message archive: read-only, so nothing to audit. */
export function messagesHandlers(backend: Backend): Pick<Handlers, MessagesChannel> {
  const { context } = backend;
  return {
    'messages.search': (query) => searchMessages(context.db, query),
    'messages.context': (input) => {
      const found = messageContext(context.db, input);
      if (!found) throw new AppError('NOT_FOUND', 'archive.errors.messageNotFound', { id: input.id });
      return found;
    },
  };
}
