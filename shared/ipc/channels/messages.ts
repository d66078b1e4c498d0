/**
 * The message archive: `messages.search` lists a group's (or every group's) messages newest first, filtered by
 * sender, time range, type and risk hits, with full-text search over the content; `messages.context` reads the
 * timeline around one message (jump to context, then load more either way).
 */
import { z } from 'zod';
import { messageKinds, type MessageRow, type Page } from '../../domain/types';
import { boundedText, channel, idSchema, pageInput } from '../channel';
import { instantSchema } from './calendar';
import { systemEvents, type SystemEvent } from './imports';

/** A message as the archive shows it: its system event and how many risk hits (not dismissed) it has. */
export interface ArchiveMessage extends MessageRow {
  systemEvent: SystemEvent | null;
  riskHits: number;
}

export interface MessageContext {
  groupId: number;
  groupName: string;
  /** Oldest first, the anchor included. */
  rows: ArchiveMessage[];
  anchorId: number;
  /** More messages exist before the first row / after the last row. */
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

/** Most rows `messages.context` returns on either side of its anchor. */
export const maxContextRows = 200;

export const messageSearchSchema = z
  .object({
    groupId: idSchema.optional(),
    query: boundedText(200).optional(),
    /** The sender. */
    memberId: idSchema.optional(),
    /** Sent at or after. */
    from: instantSchema.optional(),
    /** Sent before. */
    to: instantSchema.optional(),
    /** Messages of any of these kinds, or (with `systemEvents`) any of these system notices. */
    kinds: z.array(z.enum(messageKinds)).min(1).max(messageKinds.length).optional(),
    systemEvents: z.array(z.enum(systemEvents)).min(1).max(systemEvents.length).optional(),
    /** Only messages with a risk hit that was not dismissed. */
    hasRiskHit: z.boolean().optional(),
    ...pageInput,
  })
  .strict();
export type MessageSearch = z.output<typeof messageSearchSchema>;

const contextRows = z.number().int().min(0).max(maxContextRows);

export const messagesChannels = {
  'messages.search': channel<Page<ArchiveMessage>>()(messageSearchSchema),
  'messages.context': channel<MessageContext>()(
    z.object({ id: idSchema, before: contextRows.default(50), after: contextRows.default(50) }).strict(),
  ),
} as const;
