/**
 * Member import and export, CSV or XLSX (picked by the file's extension; membersXlsx.ts is the XLSX row source and
 * sink, everything else is shared). Import: read the table (CSV in UTF-8 with or without BOM, else GB18030 as
 * Excel/WPS save it; XLSX from its first visible sheet or the one asked for), map columns to fields (suggested from
 * the headers), check every row, then write all rows in one transaction or none: a file with any bad row writes
 * nothing and reports the rows. Identity tables (统一用户ID: wxid / phone / unionid / openid … without names) come
 * in the same way: their rows fill in the members they identify. Export: the members matching a filter, contacts
 * masked unless revealed (audited).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import {
  maskIdentifier,
  maskPhone,
  normalizePhone,
  type IdentityPlatform,
} from '../../../shared/domain/members';
import { csvDocument } from '../../../shared/domain/csv';
import { isWatermarkLine } from '../../../shared/domain/operators';
import { joinChannels, type JoinChannel } from '../../../shared/domain/types';
import {
  memberCsvFields,
  type MemberCsvField,
  type MemberCsvMapping,
  type MemberCsvPreview,
  type MemberCsvRowError,
  type MemberExportFile,
  type MemberExportReport,
  type MemberImportReport,
  type MemberTableFormat,
} from '../../../shared/ipc/channels/members';
import { AppError } from '../../../shared/ipc/errors';
import type { Db } from '../db/connection';
import { recordAudit } from '../db/repositories/audit';
import { findIdentityOwner, insertIdentity } from '../db/repositories/identities';
import {
  addGroupMember,
  memberWhere,
  reversedDigits,
  updateMemberProfile,
  type MemberQuery,
} from '../db/repositories/members';
import {
  everyIndex,
  indexesOn,
  NewMembers,
  nonUniqueIndexes,
  withIndexesRebuilt,
  withLargePageCache,
  withBulkTriggersSuspended,
  withoutForeignKeyChecks,
} from '../db/repositories/membersBulk';
import { cachedStatement } from '../db/repositories/statementCache';
import { assignTags, insertTag } from '../db/repositories/tags';
import { decodeReason } from '../../../shared/domain/tiers';
import { translate } from '../../../shared/i18n';
import type { Locale } from '../../../shared/domain/types';
import type { NativePorts } from '../backend';
import { readXlsxTable, uniqueHeaders, xlsxTable, type XlsxCell, type XlsxColumn } from './membersXlsx';
import { exportWatermark } from './audit';
import { NameIndexAhead } from './nameIndexAhead';

/** Header words (lower case) that suggest each field. */
const headerHints: Record<MemberCsvField, string[]> = {
  displayName: ['昵称', '微信昵称', '名称', '姓名', 'name', 'nickname', 'displayname', 'display_name'],
  wxid: ['微信号', 'wxid', '微信id', 'wechat_id', 'wechatid'],
  phone: ['手机', '手机号', '手机号码', '电话', 'phone', 'mobile'],
  remark: ['备注', '备注名', 'remark'],
  region: ['地区', '城市', '所在地', 'region', 'city'],
  joinChannel: ['渠道', '来源', '入群渠道', 'channel', 'join_channel', 'source'],
  tags: ['标签', 'tags', 'tag'],
  group: ['群', '群名', '群聊', '所在群', 'group'],
  groupNickname: ['群昵称', 'group_nickname'],
  joinedAt: ['入群时间', '加入时间', '入群日期', 'joined_at', 'join_date', 'joined'],
  unionid: ['unionid', 'union_id'],
  oa_openid: ['公众号openid', 'oa_openid', 'openid'],
  mp_openid: ['小程序openid', 'mp_openid'],
  douyin: ['抖音号', '抖音', 'douyin'],
  app_user: ['app用户id', 'app_user', 'user_id', 'app_id'],
};

/** 公众号 / 小程序 / … as operators write them, and the codes themselves. */
const channelWords: Record<string, JoinChannel> = {
  公众号: 'official_account',
  小程序: 'mini_program',
  短视频: 'short_video',
  直播: 'short_video',
  短视频直播: 'short_video',
  抖音: 'short_video',
  app: 'app',
  朋友邀请: 'referral',
  邀请: 'referral',
  推荐: 'referral',
  线下: 'offline',
  其他: 'other',
  ...Object.fromEntries(joinChannels.map((channel) => [channel, channel])),
};

const identityFields = [
  'unionid',
  'oa_openid',
  'mp_openid',
  'douyin',
  'app_user',
] as const satisfies readonly IdentityPlatform[];
/** Fields that say who a row is: a table mapping one of them needs no name column (an identity table). */
const identifyingFields: readonly MemberCsvField[] = ['wxid', 'phone', ...identityFields];
const maxReportedErrors = 200;
const previewRows = 20;
const previewCheckedRows = 1000;
/** New members written per chunk (see NewMembers). */
const newMembersPerFlush = 2000;
/** Fewer new members than this are written with every index in place. */
const rebuildIndexesFrom = 5000;
/**
 * A table file this large (about 60,000 rows) has its new members' name keys and search documents worked out on a
 * second thread (see NameIndexAhead); below it the helper's start costs about what it saves.
 */
const namesAheadFromBytes = 4 * 2 ** 20;
/** Several groups, or several tags, in one cell. */
const listSeparators = /[;；,，|、]/;
/** What an export writes instead of a hidden contact (138****8000, wx****an): importing it would store the stars. */
const maskedValue = /\*{3,}/;
/** A phone Excel turned into a number and wrote back as 1.38E+10: its digits are gone. */
const scientificNumber = /^\d+(\.\d+)?e\+?\d+$/i;

/** A member table as read, whatever the file format: the header and the rows as text. */
export interface MemberTable {
  format: MemberTableFormat;
  /** CSV only. */
  encoding: 'utf-8' | 'gb18030' | null;
  /** XLSX: the visible sheets in tab order, and the one read. */
  sheets: string[];
  sheet: string | null;
  headers: string[];
  rows: string[][];
  /** Each row's line (row number in the sheet) when it is not simply its index + 2. */
  rowNumbers: number[] | null;
}

export function tableFormatOf(path: string): MemberTableFormat {
  return extname(path).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
}

function unreadable(path: string, error: unknown): AppError {
  return new AppError('IO', 'members.errors.csvUnreadable', {
    file: basename(path),
    reason: (error as NodeJS.ErrnoException).code ?? 'unknown',
  });
}

/**
 * The records of a CSV text without quotes (as most member lists are), exactly as csv-parse reads it with the
 * options `readCsvTable` gives (its trim is String#trim's whitespace; blank lines skipped), in a fraction of its time:
 * without quotes a line is a record and a comma ends a field. Null for texts with quotes or with line endings other
 * than all LF or all CRLF (csv-parse takes the first one as the only one), which csv-parse reads.
 */
function unquotedCsvRecords(text: string): string[][] | null {
  if (text.includes('"')) return null;
  const lineEnd = text.includes('\r') ? '\r\n' : '\n';
  const records: string[][] = [];
  for (const line of text.split(lineEnd)) {
    if (lineEnd === '\r\n' && (line.includes('\r') || line.includes('\n'))) return null;
    if (line.trim() === '') continue;
    const fields = line.split(',');
    for (let index = 0; index < fields.length; index += 1) fields[index] = fields[index]!.trim();
    records.push(fields);
  }
  return records;
}

/** Reads and parses a CSV file; BOM-less files that are not valid UTF-8 are read as GB18030. */
function readCsvTable(path: string): MemberTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  // An Excel workbook saved under a .csv name: say so rather than report its zip bytes as bad quotes.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    throw new AppError('BAD_FILE', 'members.errors.csvIsWorkbook', { file: basename(path) });
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  let encoding: 'utf-8' | 'gb18030' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(hasBom ? bytes.subarray(3) : bytes);
  } catch {
    encoding = 'gb18030';
    text = iconv.decode(bytes, 'gb18030');
  }
  let records: string[][];
  try {
    records =
      unquotedCsvRecords(text) ??
      (parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]);
  } catch (error) {
    throw new AppError('BAD_FILE', 'members.errors.csvMalformed', {
      reason: String((error as Error).message).slice(0, 120),
    });
  }
  // A watermarked export starts with its stamp: the header is the line after it.
  const [headers, ...rows] = isWatermarkLine(records[0] ?? []) ? records.slice(1) : records;
  if (!headers || headers.length === 0) throw new AppError('BAD_FILE', 'members.errors.csvEmpty');
  return {
    format: 'csv',
    encoding,
    sheets: [],
    sheet: null,
    headers: uniqueHeaders(headers),
    rows,
    rowNumbers: null,
  };
}

/** Reads a member table, CSV or XLSX by the file's extension; `sheet` picks an XLSX sheet (the first otherwise). */
export async function readMemberTable(path: string, sheet?: string): Promise<MemberTable> {
  if (extname(path).toLowerCase() === '.xls')
    throw new AppError('BAD_FILE', 'members.errors.xlsOldFormat', { file: basename(path) });
  if (tableFormatOf(path) === 'csv') return readCsvTable(path);
  const read = await readXlsxTable(path, sheet);
  return { format: 'xlsx', encoding: null, ...read };
}

/** The OS open dialog for one member or identity table; UNSUPPORTED without one (browser mode, CLI). */
export async function pickMemberTable(ports: NativePorts, locale: Locale): Promise<{ path: string | null }> {
  if (!ports.pickFiles) throw new AppError('UNSUPPORTED');
  const [path] = await ports.pickFiles({
    title: translate(locale, 'members.pickTitle'),
    filters: [{ name: translate(locale, 'members.pickFilter'), extensions: ['xlsx', 'csv'] }],
  });
  return { path: path ?? null };
}

export function suggestMapping(headers: readonly string[]): MemberCsvMapping {
  const mapping: MemberCsvMapping = {};
  const taken = new Set<MemberCsvField>();
  for (const header of headers) {
    const word = header.trim().toLowerCase().replace(/\s+/g, '');
    const field = memberCsvFields.find(
      (candidate) => !taken.has(candidate) && headerHints[candidate].includes(word),
    );
    if (field) {
      mapping[header] = field;
      taken.add(field);
    }
  }
  return mapping;
}

/** What one good row will write. */
interface RowPlan {
  line: number;
  existingId: number | null;
  /** Null: a row of an identity table, for a member who keeps their name. */
  displayName: string | null;
  wxid: string | null;
  phone: string | null;
  remark: string | null;
  region: string | null;
  joinChannel: JoinChannel | null;
  /** Shared by the rows with the same cell (see checkRows), as are groupIds. */
  tags: readonly string[];
  groupIds: readonly number[];
  groupNickname: string | null;
  joinedAt: number | null;
  identities: readonly { platform: IdentityPlatform; value: string }[];
}

interface Checked {
  plans: RowPlan[];
  errors: MemberCsvRowError[];
  errorCount: number;
  newTags: string[];
  /** The workspace's tags by name, as the check found them. */
  tagIds: Map<string, number>;
}

function checkMapping(headers: readonly string[], mapping: MemberCsvMapping): void {
  for (const header of Object.keys(mapping)) {
    if (!headers.includes(header))
      throw new AppError('VALIDATION', 'members.errors.csvUnknownColumn', { column: header });
  }
  const fields = Object.values(mapping);
  if (!fields.some((field) => field === 'displayName' || identifyingFields.includes(field as MemberCsvField)))
    throw new AppError('VALIDATION', 'members.errors.csvNoName');
  const targets = fields.filter((field) => field !== 'ignore');
  const repeated = targets.find((field, index) => targets.indexOf(field) !== index);
  if (repeated) throw new AppError('VALIDATION', 'members.errors.csvFieldTwice', { field: repeated });
}

/** Values per lookup statement: each goes in as one JSON array. */
const lookupChunk = 5000;

function inChunks(values: Iterable<string>): string[][] {
  const all = [...values];
  const chunks: string[][] = [];
  for (let start = 0; start < all.length; start += lookupChunk)
    chunks.push(all.slice(start, start + lookupChunk));
  return chunks;
}

/**
 * Who holds the wxids, platform identities and phones of a table's rows, looked up for all rows at once (a
 * statement per few thousand values rather than four per row: half of checking 200,000 rows). Values it was not
 * given are looked up one by one.
 */
class TableOwners {
  /** platform → value → member, for the values looked up together. */
  private readonly identities = new Map<IdentityPlatform, Map<string, number>>();
  /** phone → members holding it (profile or identity). */
  private readonly phones = new Map<string, Set<number>>();
  /** The values looked up together: those missing from the maps have no holder. */
  private readonly wanted: { identities: Map<IdentityPlatform, Set<string>>; phones: Set<string> };
  /** A workspace without members or identities yet (a first import): nobody holds anything, nothing is looked up. */
  private readonly holdsNothing: boolean;

  constructor(
    private readonly db: Db,
    /** The values to look up together, collected only when somebody could hold them. */
    wantedValues: () => { identities: Map<IdentityPlatform, Set<string>>; phones: Set<string> },
  ) {
    this.holdsNothing =
      cachedStatement(
        db,
        'SELECT NOT EXISTS (SELECT 1 FROM members) AND NOT EXISTS (SELECT 1 FROM member_identities)',
        { pluck: true },
      ).get() === 1;
    const wanted = this.holdsNothing ? { identities: new Map(), phones: new Set<string>() } : wantedValues();
    this.wanted = wanted;
    for (const [platform, values] of wanted.identities) {
      const holders = new Map<string, number>();
      this.identities.set(platform, holders);
      for (const chunk of inChunks(values)) {
        const json = JSON.stringify(chunk);
        for (const [value, memberId] of cachedStatement(
          db,
          `SELECT value, member_id FROM member_identities
           WHERE platform = ? AND value IN (SELECT value FROM json_each(?))`,
        )
          .raw(true)
          .all(platform, json) as [string, number][])
          holders.set(value, memberId);
        if (platform !== 'wxid') continue;
        // A wxid on a profile, unless an identity row lists it (those come first, as in findIdentityOwner).
        for (const [value, memberId] of cachedStatement(
          db,
          'SELECT wxid, id FROM members WHERE wxid IN (SELECT value FROM json_each(?))',
        )
          .raw(true)
          .all(json) as [string, number][]) {
          if (!holders.has(value)) holders.set(value, memberId);
        }
      }
    }
    // Only phones somebody holds get a set: a first import looks up 200,000 phones and finds none.
    const addPhoneOwner = (phone: string, memberId: number) => {
      const owners = this.phones.get(phone);
      if (owners) owners.add(memberId);
      else this.phones.set(phone, new Set([memberId]));
    };
    for (const chunk of inChunks(wanted.phones)) {
      for (const [reversed, memberId] of cachedStatement(
        db,
        `SELECT phone_reversed, id FROM members
         WHERE phone_reversed IN (SELECT value FROM json_each(?)) AND merged_into_id IS NULL AND forgotten_at IS NULL`,
      )
        .raw(true)
        .all(JSON.stringify(chunk.map((phone) => reversedDigits(phone)))) as [string, number][])
        addPhoneOwner(reversedDigits(reversed)!, memberId);
      for (const [value, memberId] of cachedStatement(
        db,
        `SELECT value, member_id FROM member_identities
         WHERE platform = 'phone' AND value IN (SELECT value FROM json_each(?))`,
      )
        .raw(true)
        .all(JSON.stringify(chunk)) as [string, number][])
        addPhoneOwner(value, memberId);
    }
  }

  /** The member holding this identity (see findIdentityOwner). */
  identity(platform: IdentityPlatform, value: string): number | null {
    if (this.holdsNothing) return null;
    if (!this.wanted.identities.get(platform)?.has(value))
      return findIdentityOwner(this.db, { platform, value });
    return this.identities.get(platform)!.get(value) ?? null;
  }

  /** The one member (not merged away, not forgotten) whose profile or identities hold this phone; null if none or several. */
  phone(phone: string): number | null {
    if (this.holdsNothing) return null;
    let owners = this.phones.get(phone);
    if (!owners && this.wanted.phones.has(phone)) return null;
    if (!owners) {
      owners = new Set(
        cachedStatement(
          this.db,
          `SELECT id FROM members
           WHERE phone_reversed = ? AND merged_into_id IS NULL AND forgotten_at IS NULL LIMIT 2`,
          { pluck: true },
        ).all(reversedDigits(phone)) as number[],
      );
      for (const id of cachedStatement(
        this.db,
        "SELECT member_id FROM member_identities WHERE platform = 'phone' AND value = ? LIMIT 2",
        { pluck: true },
      ).all(phone) as number[])
        owners.add(id);
    }
    return owners.size === 1 ? [...owners][0]! : null;
  }
}

/** Whether `text` has more than `max` characters (code points); the count only when its UTF-16 length allows it. */
function longerThan(text: string, max: number): boolean {
  return text.length > max && [...text].length > max;
}

/** A list cell (groups, tags) split at its separators, trimmed, without empty entries. */
function listItems(text: string): string[] {
  return text
    .split(listSeparators)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** An empty list shared by the many rows without identities. */
const noIdentities: RowPlan['identities'] = [];

/**
 * Checks every row against the file itself and the workspace; reads only. Cells repeat across rows (groups, tags,
 * dates, channels), so what each distinct cell makes is worked out once, and each row allocates only its plan.
 */
export function checkRows(db: Db, table: MemberTable, mapping: MemberCsvMapping, limit = Infinity): Checked {
  checkMapping(table.headers, mapping);
  const column = new Map<MemberCsvField, number>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field !== 'ignore') column.set(field, table.headers.indexOf(header));
  }
  /** Each field's column, -1 when unmapped. */
  const columnOf = (field: MemberCsvField) => column.get(field) ?? -1;
  const cell = (row: string[], index: number) => {
    if (index < 0) return null;
    const value = (row[index] ?? '').trim();
    return value === '' ? null : value;
  };
  const nameColumn = columnOf('displayName');
  const phoneColumn = columnOf('phone');
  const wxidColumn = columnOf('wxid');
  const remarkColumn = columnOf('remark');
  const regionColumn = columnOf('region');
  const channelColumn = columnOf('joinChannel');
  const joinedColumn = columnOf('joinedAt');
  const groupColumn = columnOf('group');
  const groupNicknameColumn = columnOf('groupNickname');
  const tagsColumn = columnOf('tags');
  const identityColumns = identityFields
    .map((platform) => ({ platform, index: columnOf(platform) }))
    .filter((mapped) => mapped.index >= 0);
  const groups = new Map(
    (db.prepare('SELECT name, id FROM groups').all() as { name: string; id: number }[]).map((g) => [
      g.name,
      g.id,
    ]),
  );
  // Every row may name tags: one lookup of them all rather than one per row.
  const tagIds = new Map(
    (db.prepare('SELECT name, id FROM tags').all() as { name: string; id: number }[]).map((tag) => [
      tag.name,
      tag.id,
    ]),
  );
  const hasNameColumn = nameColumn >= 0;
  const rows = table.rows.slice(0, limit);
  // Every wxid, identity and phone of the rows, looked up together (see TableOwners).
  const owners = new TableOwners(db, () => {
    const wanted = { identities: new Map<IdentityPlatform, Set<string>>(), phones: new Set<string>() };
    for (const { platform, index } of [
      { platform: 'wxid' as const, index: wxidColumn },
      ...identityColumns,
    ]) {
      if (index < 0) continue;
      const values = new Set<string>();
      for (const row of rows) {
        const value = cell(row, index);
        if (value !== null) values.add(value);
      }
      if (values.size > 0) wanted.identities.set(platform, values);
    }
    if (phoneColumn >= 0) {
      for (const row of rows) {
        const rawPhone = cell(row, phoneColumn);
        const phone = rawPhone === null ? null : normalizePhone(rawPhone);
        if (phone !== null) wanted.phones.add(phone);
      }
    }
    return wanted;
  });
  /** platform → value → the line that had it first. */
  const seenIdentities = new Map<IdentityPlatform, Map<string, number>>();
  const newTags = new Set<string>();
  const plans: RowPlan[] = [];
  const errors: MemberCsvRowError[] = [];
  let errorCount = 0;
  // What each distinct cell makes, worked out at its first row.
  const joinDates = new Map<string, number>();
  const groupCells = new Map<string, { groupIds: number[]; unknownGroup: string | undefined }>();
  const tagCells = new Map<string, { tags: string[]; tooLong: string[] }>();
  const groupsOf = (groupCell: string) => {
    let found = groupCells.get(groupCell);
    if (!found) {
      // One group, or several in one cell (an export lists every group of a member) when no group has that name.
      const names = groups.has(groupCell) ? [groupCell] : listItems(groupCell);
      found = {
        groupIds: [...new Set(names.flatMap((name) => groups.get(name) ?? []))],
        unknownGroup: names.find((name) => !groups.has(name)),
      };
      groupCells.set(groupCell, found);
    }
    return found;
  };
  const tagsOf = (tagsCell: string) => {
    let found = tagCells.get(tagsCell);
    if (!found) {
      const tags = listItems(tagsCell);
      found = { tags, tooLong: tags.filter((tag) => longerThan(tag, 40)) };
      for (const tag of tags) if (!longerThan(tag, 40) && !tagIds.has(tag)) newTags.add(tag);
      tagCells.set(tagsCell, found);
    }
    return found;
  };

  // The current row's problems, emptied for each row.
  const problems: { field: string; key: string; value?: string }[] = [];
  const problem = (field: string, key: string, value?: string | null) =>
    problems.push({ field, key, ...(value ? { value: value.slice(0, 40) } : {}) });
  /** A contact or identity cell, refusing the masked text an export writes. */
  const contact = (row: string[], field: MemberCsvField, index: number) => {
    const value = cell(row, index);
    if (value !== null && maskedValue.test(value)) {
      problem(field, 'members.errors.csvMaskedValue', value);
      return null;
    }
    return value;
  };
  /** Refuses an identity met on an earlier line of the file. */
  const seenBefore = (platform: IdentityPlatform, value: string, line: number) => {
    let seen = seenIdentities.get(platform);
    if (!seen) seenIdentities.set(platform, (seen = new Map()));
    const earlier = seen.get(value);
    if (earlier !== undefined)
      problem(platform, 'members.errors.csvDuplicateInFile', `${value} (${earlier})`);
    else seen.set(value, line);
  };

  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index]!;
    problems.length = 0;
    // Line numbers as a spreadsheet shows them: the header is line 1.
    const line = table.rowNumbers?.[index] ?? index + 2;

    const displayName = cell(row, nameColumn);
    if (displayName !== null && longerThan(displayName, 80))
      problem('displayName', 'members.errors.csvTooLong', displayName);
    const rawPhone = contact(row, 'phone', phoneColumn);
    const phoneScientific = rawPhone !== null && scientificNumber.test(rawPhone);
    const phone = rawPhone === null || phoneScientific ? null : normalizePhone(rawPhone);
    if (phoneScientific) problem('phone', 'members.errors.csvPhoneScientific', rawPhone);
    else if (rawPhone !== null && phone === null) problem('phone', 'members.errors.badPhone', rawPhone);
    const rawChannel = cell(row, channelColumn);
    const joinChannel = rawChannel === null ? null : (channelWords[rawChannel.toLowerCase()] ?? null);
    if (rawChannel !== null && joinChannel === null)
      problem('joinChannel', 'members.errors.csvBadChannel', rawChannel);
    const rawJoined = cell(row, joinedColumn);
    let joinedAt: number | null = null;
    if (rawJoined !== null) {
      let parsed = joinDates.get(rawJoined);
      if (parsed === undefined) {
        parsed = Date.parse(rawJoined.replace(/\//g, '-').replace(' ', 'T'));
        joinDates.set(rawJoined, parsed);
      }
      if (Number.isFinite(parsed)) joinedAt = parsed;
      else problem('joinedAt', 'members.errors.csvBadDate', rawJoined);
    }
    const groupCell = cell(row, groupColumn);
    const { groupIds, unknownGroup } =
      groupCell === null ? { groupIds: [], unknownGroup: undefined } : groupsOf(groupCell);
    if (unknownGroup !== undefined) problem('group', 'members.errors.csvUnknownGroup', unknownGroup);

    const wxid = contact(row, 'wxid', wxidColumn);
    let identities = noIdentities;
    for (const { platform, index: identityColumn } of identityColumns) {
      const value = contact(row, platform, identityColumn);
      if (value) identities = [...identities, { platform, value }];
    }
    // Which member the row is: the one holding its wxid, else any of its platform identities, else its phone.
    let existingId: number | null = wxid ? owners.identity('wxid', wxid) : null;
    for (const identity of identities) {
      const owner = owners.identity(identity.platform, identity.value);
      if (owner === null) continue;
      if (existingId === null) existingId = owner;
      else if (owner !== existingId)
        problem(identity.platform, 'members.errors.csvIdentityOtherMember', identity.value);
    }
    if (existingId === null && phone !== null) existingId = owners.phone(phone);
    if (displayName === null && existingId === null)
      problem(
        hasNameColumn ? 'displayName' : 'row',
        hasNameColumn ? 'members.errors.csvNameMissing' : 'members.errors.csvNoMember',
      );
    if (wxid) seenBefore('wxid', wxid, line);
    for (const identity of identities) seenBefore(identity.platform, identity.value, line);
    const tagsCell = cell(row, tagsColumn);
    const { tags, tooLong } = tagsCell === null ? { tags: [], tooLong: [] } : tagsOf(tagsCell);
    for (const tag of tooLong) problem('tags', 'members.errors.csvTooLong', tag);

    if (problems.length > 0) {
      errorCount += problems.length;
      for (const found of problems) if (errors.length < maxReportedErrors) errors.push({ line, ...found });
      continue;
    }
    plans.push({
      line,
      existingId,
      displayName,
      wxid,
      phone,
      remark: cell(row, remarkColumn),
      region: cell(row, regionColumn),
      joinChannel,
      tags,
      groupIds,
      groupNickname: cell(row, groupNicknameColumn),
      joinedAt,
      identities,
    });
  }
  return { plans, errors, errorCount, newTags: [...newTags], tagIds };
}

/** How long a previewed table is kept for the next preview of the same file (the user changing the mapping). */
const previewKeptMs = 60_000;
let lastPreviewed: { key: string; table: MemberTable; expiry: NodeJS.Timeout } | null = null;

/**
 * The table for a preview: each change of one column's mapping previews again, and reading a 200,000-row workbook
 * takes seconds, so the last one read stays a minute while the file itself (path, size, time) is unchanged.
 */
async function previewTable(path: string, sheet: string | undefined): Promise<MemberTable> {
  let key: string | null = null;
  try {
    const stats = statSync(path);
    key = JSON.stringify([path, sheet ?? null, stats.size, stats.mtimeMs]);
  } catch {
    // Unreadable: readMemberTable says why.
  }
  if (lastPreviewed && lastPreviewed.key === key) {
    lastPreviewed.expiry.refresh();
    return lastPreviewed.table;
  }
  const table = await readMemberTable(path, sheet);
  if (lastPreviewed) clearTimeout(lastPreviewed.expiry);
  lastPreviewed = null;
  if (key !== null) {
    const expiry = setTimeout(() => {
      lastPreviewed = null;
    }, previewKeptMs);
    expiry.unref();
    lastPreviewed = { key, table, expiry };
  }
  return table;
}

export async function previewMemberImport(
  db: Db,
  path: string,
  mapping?: MemberCsvMapping,
  sheet?: string,
): Promise<MemberCsvPreview> {
  const table = await previewTable(path, sheet);
  const used = mapping ?? suggestMapping(table.headers);
  const checked = checkRows(db, table, used, previewCheckedRows);
  return {
    file: basename(path),
    format: table.format,
    encoding: table.encoding,
    sheets: table.sheets,
    sheet: table.sheet,
    headers: table.headers,
    mapping: used,
    unmappedColumns: table.headers.filter((header) => !(header in used)),
    sample: table.rows.slice(0, previewRows),
    totalRows: table.rows.length,
    checkedRows: Math.min(table.rows.length, previewCheckedRows),
    errors: checked.errors,
    errorCount: checked.errorCount,
    newTags: checked.newTags,
    updates: checked.plans.filter((plan) => plan.existingId !== null).length,
  };
}

export interface MemberImportOptions {
  sheet?: string | undefined;
  progress?: (done: number, total: number) => void;
  throwIfCancelled?: () => void;
  /** Whether new members' names are worked out on a second thread (see NameIndexAhead); unset: by the file's size. */
  namesAhead?: boolean | undefined;
}

/**
 * Checks every row, then writes them all in one transaction, or writes nothing when any row is bad. New members go
 * in bulk (see NewMembers); a large file's new members' name keys and search documents are worked out on a second
 * thread meanwhile (see NameIndexAhead).
 */
export async function importMembers(
  db: Db,
  path: string,
  mapping: MemberCsvMapping,
  who: { operator: string; now: number },
  options: MemberImportOptions = {},
): Promise<MemberImportReport> {
  // Started before the file is read: the helper loads its code meanwhile.
  const ahead =
    (options.namesAhead ?? fileBytes(path) >= namesAheadFromBytes) ? new NameIndexAhead() : undefined;
  try {
    return await importTable(db, path, mapping, who, options, ahead);
  } finally {
    ahead?.close();
  }
}

/** The file's size, 0 when it cannot be read (reading it then says why). */
function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** `importMembers` once the helper for names (if any) is started. */
async function importTable(
  db: Db,
  path: string,
  mapping: MemberCsvMapping,
  who: { operator: string; now: number },
  options: MemberImportOptions,
  ahead: NameIndexAhead | undefined,
): Promise<MemberImportReport> {
  const table = await readMemberTable(path, options.sheet);
  options.throwIfCancelled?.();
  const report: MemberImportReport = {
    file: basename(path),
    format: table.format,
    sheet: table.sheet,
    totalRows: table.rows.length,
    applied: false,
    created: 0,
    updated: 0,
    identitiesAdded: 0,
    tagsCreated: 0,
    errors: [],
    errorCount: 0,
  };
  const { now, operator } = who;
  // The profile's join date is the earliest known one (as the group_members triggers keep it).
  const earlierJoin = db.prepare(
    'UPDATE members SET joined_at = @joinedAt WHERE id = @id AND (joined_at IS NULL OR joined_at > @joinedAt)',
  );
  // Checked and written in one transaction: the rows are written against exactly what the check found (groups,
  // members), under the write lock, which is also why the writes can skip foreign-key checks.
  withoutForeignKeyChecks(db, () => {
    const checked = checkRows(db, table, mapping);
    report.errors = checked.errors;
    report.errorCount = checked.errorCount;
    if (checked.errorCount > 0 || table.rows.length === 0) return;
    const { tagIds } = checked;
    for (const name of checked.newTags) {
      tagIds.set(name, insertTag(db, { name, tagGroupId: null, color: null }, now));
      report.tagsCreated += 1;
    }
    // Tag → members, assigned once per tag after the rows.
    const tagged = new Map<number, number[]>();
    // New members are queued and written a chunk at a time (see NewMembers); members the file updates are few.
    const writePlans = (added: NewMembers) =>
      checked.plans.forEach((plan, index) => {
        let memberId: number;
        if (plan.existingId === null) {
          memberId = added.add({
            // A row without a name matches a member (checkRows), so a new member always has one.
            displayName: plan.displayName!,
            wxid: plan.wxid,
            joinChannel: plan.joinChannel,
            phone: plan.phone,
            remark: plan.remark,
            region: plan.region,
            joinedAt: plan.joinedAt,
          });
          // Nobody holds them: checkRows refused identities held by another member or twice in the file.
          for (const identity of plan.identities) added.addIdentity(memberId, identity, 'csv');
          report.identitiesAdded += plan.identities.length;
          for (const groupId of plan.groupIds) {
            added.addMembership(memberId, {
              groupId,
              role: 'member',
              groupNickname: plan.groupNickname,
              joinedAt: plan.joinedAt,
            });
          }
          report.created += 1;
        } else {
          memberId = plan.existingId;
          // An existing member: the file fills in what it gives and leaves the rest as it is.
          updateMemberProfile(
            db,
            memberId,
            {
              ...(plan.displayName !== null ? { displayName: plan.displayName } : {}),
              ...(plan.phone !== null ? { phone: plan.phone } : {}),
              ...(plan.remark !== null ? { remark: plan.remark } : {}),
              ...(plan.region !== null ? { region: plan.region } : {}),
              ...(plan.joinChannel !== null ? { joinChannel: plan.joinChannel } : {}),
            },
            now,
          );
          // A wxid nobody holds yet, on a member found by another identity: one more identity of theirs.
          const identities =
            plan.wxid !== null
              ? [...plan.identities, { platform: 'wxid' as const, value: plan.wxid }]
              : plan.identities;
          for (const identity of identities) {
            if (findIdentityOwner(db, identity) !== null) continue;
            insertIdentity(db, memberId, identity, 'csv', now);
            report.identitiesAdded += 1;
          }
          for (const groupId of plan.groupIds) {
            addGroupMember(db, {
              groupId,
              memberId,
              role: 'member',
              groupNickname: plan.groupNickname,
              joinedAt: plan.joinedAt,
            });
          }
          if (plan.joinedAt !== null && plan.groupIds.length === 0)
            earlierJoin.run({ id: memberId, joinedAt: plan.joinedAt });
          report.updated += 1;
        }
        for (const tag of plan.tags) {
          const tagId = tagIds.get(tag)!;
          const members = tagged.get(tagId);
          if (members) members.push(memberId);
          else tagged.set(tagId, [memberId]);
        }
        if (added.queued >= newMembersPerFlush) added.flush();
        if (options.progress && index % 5000 === 0) options.progress(index, checked.plans.length);
      });
    if (ahead) {
      // The names NewMembers indexes for each new member, in the order it adds them.
      ahead.send(
        checked.plans
          .filter((plan) => plan.existingId === null)
          .map((plan) => {
            const names = [plan.displayName!];
            if (plan.remark) names.push(plan.remark);
            if (plan.groupNickname !== null) for (const _ of plan.groupIds) names.push(plan.groupNickname);
            return names;
          }),
      );
    }
    const write = () => {
      const added = new NewMembers(db, now, ahead);
      writePlans(added);
      added.flush();
    };
    // A file that more than doubles the members (a first import) writes them with the members' indexes and the
    // names' pinyin indexes built afterwards (see withIndexesRebuilt); the unique ones stay, to check the rows. When
    // every row is a new member, the insert triggers are suspended too (names with their keys, presence and join
    // dates are written in bulk instead), and as nothing then reads members or memberships while they are written,
    // the memberships' indexes and the unique wxid index are built afterwards as well (the latter checking the rows
    // then): kept, the wxid index took a random page per row. A large page cache keeps the pages the rows land on
    // in memory.
    const creating = checked.plans.filter((plan) => plan.existingId === null).length;
    const allNew = creating === checked.plans.length;
    const members = cachedStatement(db, 'SELECT count(*) FROM members', { pluck: true }).get() as number;
    if (creating >= rebuildIndexesFrom && creating > members)
      withLargePageCache(db, () =>
        withIndexesRebuilt(db, 'member_names', indexesOn('pinyin_full', 'pinyin_initials'), () =>
          allNew
            ? withIndexesRebuilt(db, 'members', everyIndex, () =>
                withIndexesRebuilt(db, 'group_members', nonUniqueIndexes, () =>
                  withBulkTriggersSuspended(db, write),
                ),
              )
            : // Memberships of members already there take the triggers' path (addGroupMember).
              withIndexesRebuilt(db, 'members', nonUniqueIndexes, write),
        ),
      );
    else write();
    for (const [tagId, memberIds] of tagged) assignTags(db, [tagId], memberIds, now);
    recordAudit(db, now, {
      operator,
      action: table.format === 'xlsx' ? 'import-xlsx' : 'import-csv',
      entity: 'member',
      detail: {
        file: report.file,
        ...(table.sheet !== null ? { sheet: table.sheet } : {}),
        rows: table.rows.length,
        created: report.created,
        updated: report.updated,
        identitiesAdded: report.identitiesAdded,
        tagsCreated: report.tagsCreated,
      },
    });
    report.applied = true;
  });
  return report;
}

/** The export's columns: what `members import` maps back (编号, 分层, 积分 … are for reading only). */
const exportColumns: readonly XlsxColumn[] = [
  { header: '编号', kind: 'number' },
  { header: '昵称', kind: 'text' },
  { header: '备注', kind: 'text' },
  { header: '微信号', kind: 'text' },
  { header: '手机', kind: 'text' },
  { header: '地区', kind: 'text' },
  { header: '入群渠道', kind: 'text' },
  { header: '所在群', kind: 'text' },
  { header: '标签', kind: 'text' },
  { header: '分层', kind: 'text' },
  { header: '分层原因', kind: 'text' },
  { header: '积分', kind: 'number' },
  { header: '违规次数', kind: 'number' },
  { header: '入群时间', kind: 'date' },
];

/** The sheet name of an XLSX export. */
const exportSheetName = '成员';

/** The members matching `filter` (all when empty) as export rows; phones and wxids masked unless `reveal`. */
function memberExportRows(
  db: Db,
  filter: Omit<MemberQuery, 'offset' | 'limit'>,
  reveal: boolean,
): XlsxCell[][] {
  const params: Record<string, unknown> = {};
  const built = memberWhere(db, { ...filter, offset: 0, limit: 0 }, params);
  const rows = db
    .prepare(
      `SELECT m.id, m.display_name, m.remark, m.wxid, m.phone, m.region, m.join_channel, m.tier, m.points_balance,
         m.violation_count, m.joined_at,
         (SELECT bt.tier_reason FROM group_members bt WHERE bt.member_id = m.id AND bt.left_at IS NULL AND bt.tier = m.tier LIMIT 1) AS reason,
         (SELECT group_concat(g.name, '、') FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.member_id = m.id) AS group_names,
         (SELECT group_concat(t.name, '、') FROM member_tags mt JOIN tags t ON t.id = mt.tag_id WHERE mt.member_id = m.id) AS tags
       FROM members m ${built.sql} ORDER BY m.name_sort, m.id`,
    )
    .all(params) as {
    id: number;
    display_name: string;
    remark: string | null;
    wxid: string | null;
    phone: string | null;
    region: string | null;
    join_channel: string | null;
    tier: 'core' | 'active' | 'potential' | 'silent' | null;
    points_balance: number;
    violation_count: number;
    joined_at: number | null;
    reason: string | null;
    group_names: string | null;
    tags: string | null;
  }[];
  return rows.map((row) => {
    const reason = decodeReason(row.tier, row.reason);
    return [
      row.id,
      row.display_name,
      row.remark,
      row.wxid === null ? null : reveal ? row.wxid : maskIdentifier(row.wxid),
      row.phone === null ? null : reveal ? row.phone : maskPhone(row.phone),
      row.region,
      row.join_channel === null ? null : translate('zh-CN', `members.channels.${row.join_channel}`),
      row.group_names,
      row.tags,
      row.tier === null ? null : translate('zh-CN', `tiers.names.${row.tier}`),
      reason ? translate('zh-CN', reason.key, reason.params) : null,
      row.points_balance,
      row.violation_count,
      // The calendar day (UTC, as the CSV writes it) at midnight: Excel shows the same day.
      row.joined_at === null
        ? null
        : new Date(`${new Date(row.joined_at).toISOString().slice(0, 10)}T00:00:00Z`),
    ];
  });
}

/** UTF-8 CSV with a BOM (which Excel opens correctly), or an XLSX workbook; stamped when the watermark is on. */
async function exportDocument(
  format: MemberTableFormat,
  rows: XlsxCell[][],
  watermark: string | undefined,
): Promise<{ bytes: Buffer; text: string | null }> {
  if (format === 'xlsx')
    return { bytes: await xlsxTable(exportSheetName, exportColumns, rows, watermark), text: null };
  const header = exportColumns.map((column) => column.header);
  // The CSV writes a date as its calendar day (UTC, as `memberExportRows` built it).
  const cells = rows.map((row) =>
    row.map((cell) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : cell)),
  );
  const text = csvDocument([header, ...cells], watermark);
  return { bytes: Buffer.from(text, 'utf8'), text };
}

function auditExport(
  db: Db,
  who: { operator: string; now: number },
  detail: { file: string; rows: number; revealed: boolean },
): void {
  recordAudit(db, who.now, {
    operator: who.operator,
    action: detail.revealed ? 'export-revealed' : 'export',
    entity: 'member',
    detail,
  });
}

/** Writes the members matching `filter` to a CSV or XLSX file (by its extension), audited. */
export async function exportMembers(
  db: Db,
  path: string,
  filter: Omit<MemberQuery, 'offset' | 'limit'>,
  reveal: boolean,
  who: { operator: string; now: number },
): Promise<MemberExportReport> {
  const rows = memberExportRows(db, filter, reveal);
  const format = tableFormatOf(path);
  const { bytes } = await exportDocument(format, rows, exportWatermark(db, who));
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw new AppError('IO', 'members.errors.csvUnwritable', {
      file: basename(path),
      reason: (error as NodeJS.ErrnoException).code ?? 'unknown',
    });
  }
  const report = { file: basename(path), format, rows: rows.length, revealed: reveal };
  auditExport(db, who, report);
  return report;
}

const mimeTypes: Record<MemberTableFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A selection (listed ids or a filter) as a file for the renderer to download, audited like a file export. */
export async function memberExportFile(
  db: Db,
  selection: { memberIds?: number[] | undefined; filter?: Omit<MemberQuery, 'offset' | 'limit'> | undefined },
  reveal: boolean,
  format: MemberTableFormat,
  who: { operator: string; now: number },
): Promise<MemberExportFile> {
  const filter = selection.memberIds ? { memberIds: selection.memberIds } : (selection.filter ?? {});
  const rows = memberExportRows(db, filter, reveal);
  const { bytes, text } = await exportDocument(format, rows, exportWatermark(db, who));
  const fileName = `members-${new Date(who.now).toISOString().slice(0, 10)}.${format}`;
  auditExport(db, who, { file: fileName, rows: rows.length, revealed: reveal });
  return {
    fileName,
    mimeType: mimeTypes[format],
    // JSON carries text: the workbook's bytes go as base64.
    ...(text !== null
      ? { content: text, contentEncoding: 'utf-8' as const }
      : { content: bytes.toString('base64'), contentEncoding: 'base64' as const }),
    rows: rows.length,
    revealed: reveal,
  };
}
