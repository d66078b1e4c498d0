/**
 * `messages [--group name] [--sender name|wxid|id] [--from d] [--to d] [--type t,…] [--has-hit] [--query text]
 * [--limit n] [--offset n] [--tz +08:00]`: the archive screen's filters from a terminal, newest first, through the
 * same repository function as `messages.search`. Dates are `YYYY-MM-DD` (whole days, `--to` included) or date-times
 * (`2024-03-01 09:30`, `--to` excluded) in `--tz` (default: this computer's), or ISO times with an offset.
 */
import { messageKinds, type MessageKind, type Page } from '../../../../shared/domain/types';
import { systemEvents, type SystemEvent } from '../../../../shared/ipc/channels/imports';
import type { ArchiveMessage } from '../../../../shared/ipc/channels/messages';
import { AppError } from '../../../../shared/ipc/errors';
import type { Db } from '../../db/connection';
import { findGroupIdByName } from '../../db/repositories/groups';
import { searchMessages, type MessageQuery } from '../../db/repositories/messages';
import { localTimeZone, parseLocalDateTime, parseOffset } from '../../import/time';
import type { CliCommand, CliContext } from '../context';

/** Longest full-text query the archive screen takes (its channel's limit). */
const maxQueryLength = 200;
const maxLimit = 10_000;

const knownOptions = new Set([
  '--group',
  '--sender',
  '--from',
  '--to',
  '--type',
  '--has-hit',
  '--query',
  '--search',
  '--limit',
  '--offset',
  '--tz',
]);
const flags = new Set(['--has-hit']);

/** Refuses options the command does not know (a typo would otherwise list everything unfiltered). */
function checkOptions(args: readonly string[]): void {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (!knownOptions.has(arg))
      throw new AppError('VALIDATION', 'archive.cli.unknownOption', { option: arg });
    if (!flags.has(arg)) index += 1;
  }
}

function integerOption(
  context: CliContext,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = context.option(name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new AppError('VALIDATION', 'archive.cli.badInteger', { option: name, value: raw, min, max });
  return value;
}

const dateOnly = /^\d{4}-\d{1,2}-\d{1,2}$/;

/**
 * Epoch ms of a `--from`/`--to` value. A bare date means the whole day: `--from` starts at its midnight, `--to`
 * ends at the next one (so `--to 2024-03-01` includes that day, as the archive screen's date range does).
 */
function timeOption(context: CliContext, name: '--from' | '--to', offsetMinutes: number): number | undefined {
  const raw = context.option(name);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const wholeDay = dateOnly.test(text);
  const at = parseLocalDateTime(wholeDay ? `${text} 00:00` : text, offsetMinutes);
  if (Number.isNaN(at)) throw new AppError('VALIDATION', 'archive.cli.badDate', { option: name, value: raw });
  return wholeDay && name === '--to' ? at + 24 * 3_600_000 : at;
}

/** `--type image,link,join`: message kinds and system notices, as the screen's type filter takes them. */
function typeOption(context: CliContext): Pick<MessageQuery, 'kinds' | 'systemEvents'> {
  const raw = context.option('--type');
  if (raw === undefined) return {};
  const kinds = new Set<MessageKind>();
  const events = new Set<SystemEvent>();
  for (const value of raw.split(',').map((part) => part.trim())) {
    if ((messageKinds as readonly string[]).includes(value)) kinds.add(value as MessageKind);
    else if ((systemEvents as readonly string[]).includes(value)) events.add(value as SystemEvent);
    else
      throw new AppError('VALIDATION', 'archive.cli.badType', {
        value,
        allowed: [...messageKinds, ...systemEvents].join(', '),
      });
  }
  return {
    ...(kinds.size ? { kinds: [...kinds] } : {}),
    ...(events.size ? { systemEvents: [...events] } : {}),
  };
}

function groupIdOf(db: Db, name: string): number {
  const groupId = findGroupIdByName(db, name);
  if (groupId === null) throw new AppError('NOT_FOUND', 'cli.errors.groupNotFound', { name });
  return groupId;
}

/**
 * The member `--sender` names: a member id, else a wxid, display name or group nickname (within `--group` when
 * given). Merged-away members do not count; several different members with that name are refused with their ids.
 */
function senderIdOf(db: Db, sender: string, groupId: number | undefined): number {
  if (/^\d+$/.test(sender)) {
    const byId = db.prepare('SELECT id FROM members WHERE id = ?').pluck().get(Number(sender));
    if (byId !== undefined) return byId as number;
  }
  const inGroup = groupId === undefined ? '' : 'AND gm.group_id = @groupId';
  const candidates = db
    .prepare(
      `SELECT DISTINCT m.id, m.display_name AS name FROM members m
         LEFT JOIN group_members gm ON gm.member_id = m.id
       WHERE m.merged_into_id IS NULL AND (m.display_name = @sender OR m.wxid = @sender OR gm.group_nickname = @sender)
         ${inGroup}
       ORDER BY m.id LIMIT 10`,
    )
    .all({ sender, ...(groupId === undefined ? {} : { groupId }) }) as { id: number; name: string }[];
  if (candidates.length === 0)
    throw new AppError('NOT_FOUND', 'archive.cli.senderNotFound', { name: sender });
  if (candidates.length > 1)
    throw new AppError('VALIDATION', 'archive.cli.senderAmbiguous', {
      name: sender,
      candidates: candidates.map((row) => `${row.id} ${row.name}`).join('; '),
    });
  return candidates[0]!.id;
}

/** `2024-03-01 09:30:05` in the given offset. */
function localTime(iso: string, offsetMinutes: number): string {
  return new Date(Date.parse(iso) + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

export interface MessagesListing extends Page<ArchiveMessage> {
  offset: number;
  limit: number;
}

export const messagesCommand: CliCommand = {
  name: 'messages',
  summaryKey: 'cli.messages',
  usage:
    'messages [--group g] [--sender s] [--from d] [--to d] [--type t,…] [--has-hit] [--query text] [--limit n] [--offset n]',
  async run(context) {
    checkOptions(context.args);
    const timeZone = context.option('--tz') ?? localTimeZone();
    const offsetMinutes = parseOffset(timeZone);
    const limit = integerOption(context, '--limit', 100, 1, maxLimit);
    const offset = integerOption(context, '--offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const from = timeOption(context, '--from', offsetMinutes);
    const to = timeOption(context, '--to', offsetMinutes);
    if (from !== undefined && to !== undefined && from >= to)
      throw new AppError('VALIDATION', 'archive.cli.badRange');
    const text = (context.option('--query') ?? context.option('--search'))?.trim();
    if (text !== undefined && [...text].length > maxQueryLength)
      throw new AppError('VALIDATION', 'archive.cli.queryTooLong', { max: maxQueryLength });
    const types = typeOption(context);
    const groupName = context.option('--group');
    const sender = context.option('--sender');
    return context.withBackend((backend): MessagesListing => {
      const { db } = backend.context;
      const groupId = groupName === undefined ? undefined : groupIdOf(db, groupName);
      const query: MessageQuery = {
        ...(groupId === undefined ? {} : { groupId }),
        ...(sender === undefined ? {} : { memberId: senderIdOf(db, sender, groupId) }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...types,
        ...(context.args.includes('--has-hit') ? { hasRiskHit: true } : {}),
        ...(text ? { query: text } : {}),
        offset,
        limit,
      };
      const page = searchMessages(db, query);
      context.out(
        context.t('archive.cli.summary', {
          total: page.total,
          first: page.rows.length ? offset + 1 : 0,
          last: offset + page.rows.length,
        }),
      );
      for (const row of page.rows) {
        const hits = row.riskHits > 0 ? ` ⚠${row.riskHits}` : '';
        context.out(
          `${localTime(row.sentAt, offsetMinutes)}  [${row.groupName}] ${row.senderName}: ${row.content}${hits}`,
        );
      }
      return { ...page, offset, limit };
    });
  },
};
