/**
 * Member CSV import and export. Import: read (UTF-8 with or without BOM, else GB18030 as Excel/WPS save it), map
 * columns to fields (suggested from the headers), check every row, then write all rows in one transaction or none:
 * a file with any bad row writes nothing and reports the rows. Export: the members matching a filter, contacts
 * masked unless revealed (audited).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import {
  maskIdentifier,
  maskPhone,
  normalizePhone,
  type IdentityPlatform,
} from '../../../shared/domain/members';
import { joinChannels, type JoinChannel } from '../../../shared/domain/types';
import {
  memberCsvFields,
  type MemberCsvField,
  type MemberCsvMapping,
  type MemberCsvPreview,
  type MemberCsvRowError,
  type MemberExportReport,
  type MemberImportReport,
} from '../../../shared/ipc/channels/members';
import { AppError } from '../../../shared/ipc/errors';
import type { Db } from '../db/connection';
import { recordAudit } from '../db/repositories/audit';
import { findIdentityOwner, insertIdentity } from '../db/repositories/identities';
import {
  addGroupMember,
  insertMember,
  memberWhere,
  updateMemberProfile,
  type MemberQuery,
} from '../db/repositories/members';
import { assignTags, findTagIdByName, insertTag } from '../db/repositories/tags';
import { decodeReason } from '../../../shared/domain/tiers';
import { translate } from '../../../shared/i18n';

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
const maxReportedErrors = 200;
const previewRows = 20;

export interface ParsedCsv {
  headers: string[];
  rows: string[][];
  encoding: 'utf-8' | 'gb18030';
}

/** Reads and parses a CSV file; BOM-less files that are not valid UTF-8 are read as GB18030. */
export function readMemberCsv(path: string): ParsedCsv {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new AppError('IO', 'members.errors.csvUnreadable', {
      file: basename(path),
      reason: (error as NodeJS.ErrnoException).code ?? 'unknown',
    });
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  let encoding: ParsedCsv['encoding'] = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(hasBom ? bytes.subarray(3) : bytes);
  } catch {
    encoding = 'gb18030';
    text = iconv.decode(bytes, 'gb18030');
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new AppError('BAD_FILE', 'members.errors.csvMalformed', {
      reason: String((error as Error).message).slice(0, 120),
    });
  }
  const [headers, ...rows] = records;
  if (!headers || headers.length === 0) throw new AppError('BAD_FILE', 'members.errors.csvEmpty');
  return { headers, rows, encoding };
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
  displayName: string;
  wxid: string | null;
  phone: string | null;
  remark: string | null;
  region: string | null;
  joinChannel: JoinChannel | null;
  tags: string[];
  groupId: number | null;
  groupNickname: string | null;
  joinedAt: number | null;
  identities: { platform: IdentityPlatform; value: string }[];
}

interface Checked {
  plans: RowPlan[];
  errors: MemberCsvRowError[];
  errorCount: number;
  newTags: string[];
}

function checkMapping(headers: readonly string[], mapping: MemberCsvMapping): void {
  for (const header of Object.keys(mapping)) {
    if (!headers.includes(header))
      throw new AppError('VALIDATION', 'members.errors.csvUnknownColumn', { column: header });
  }
  if (!Object.values(mapping).includes('displayName'))
    throw new AppError('VALIDATION', 'members.errors.csvNoName');
  const targets = Object.values(mapping).filter((field) => field !== 'ignore');
  const repeated = targets.find((field, index) => targets.indexOf(field) !== index);
  if (repeated) throw new AppError('VALIDATION', 'members.errors.csvFieldTwice', { field: repeated });
}

/** Checks every row against the file itself and the workspace; reads only. */
export function checkRows(db: Db, csv: ParsedCsv, mapping: MemberCsvMapping, limit = Infinity): Checked {
  checkMapping(csv.headers, mapping);
  const column = new Map<MemberCsvField, number>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field !== 'ignore') column.set(field, csv.headers.indexOf(header));
  }
  const cell = (row: string[], field: MemberCsvField) => {
    const index = column.get(field);
    const value = index === undefined ? '' : (row[index] ?? '').trim();
    return value === '' ? null : value;
  };
  const groups = new Map(
    (db.prepare('SELECT name, id FROM groups').all() as { name: string; id: number }[]).map((g) => [
      g.name,
      g.id,
    ]),
  );
  const seenIdentities = new Map<string, number>();
  const newTags = new Set<string>();
  const plans: RowPlan[] = [];
  const errors: MemberCsvRowError[] = [];
  let errorCount = 0;
  const rows = csv.rows.slice(0, limit);
  rows.forEach((row, index) => {
    // Line numbers as a spreadsheet shows them: the header is line 1.
    const line = index + 2;
    const problems: { field: string; key: string; value?: string }[] = [];
    const problem = (field: string, key: string, value?: string | null) =>
      problems.push({ field, key, ...(value ? { value: value.slice(0, 40) } : {}) });

    const displayName = cell(row, 'displayName');
    if (!displayName) problem('displayName', 'members.errors.csvNameMissing');
    else if ([...displayName].length > 80) problem('displayName', 'members.errors.csvTooLong', displayName);
    const rawPhone = cell(row, 'phone');
    const phone = rawPhone === null ? null : normalizePhone(rawPhone);
    if (rawPhone !== null && phone === null) problem('phone', 'members.errors.badPhone', rawPhone);
    const rawChannel = cell(row, 'joinChannel');
    const joinChannel = rawChannel === null ? null : (channelWords[rawChannel.toLowerCase()] ?? null);
    if (rawChannel !== null && joinChannel === null)
      problem('joinChannel', 'members.errors.csvBadChannel', rawChannel);
    const rawJoined = cell(row, 'joinedAt');
    const joinedAt = rawJoined === null ? null : Date.parse(rawJoined.replace(/\//g, '-').replace(' ', 'T'));
    if (rawJoined !== null && !Number.isFinite(joinedAt))
      problem('joinedAt', 'members.errors.csvBadDate', rawJoined);
    const groupName = cell(row, 'group');
    const groupId = groupName === null ? null : (groups.get(groupName) ?? null);
    if (groupName !== null && groupId === null) problem('group', 'members.errors.csvUnknownGroup', groupName);

    const wxid = cell(row, 'wxid');
    const keys: { platform: IdentityPlatform; value: string }[] = [];
    if (wxid) keys.push({ platform: 'wxid', value: wxid });
    if (phone) keys.push({ platform: 'phone', value: phone });
    const identities: RowPlan['identities'] = [];
    for (const platform of identityFields) {
      const value = cell(row, platform);
      if (value) {
        keys.push({ platform, value });
        identities.push({ platform, value });
      }
    }
    // Which member the row is: the one holding its wxid, else any of its platform identities.
    let existingId: number | null = wxid ? findIdentityOwner(db, { platform: 'wxid', value: wxid }) : null;
    for (const identity of identities) {
      const owner = findIdentityOwner(db, identity);
      if (owner === null) continue;
      if (existingId === null) existingId = owner;
      else if (owner !== existingId)
        problem(identity.platform, 'members.errors.csvIdentityOtherMember', identity.value);
    }
    for (const key of keys) {
      if (key.platform === 'phone') continue;
      const signature = `${key.platform}\u0000${key.value}`;
      const earlier = seenIdentities.get(signature);
      if (earlier !== undefined)
        problem(key.platform, 'members.errors.csvDuplicateInFile', `${key.value} (${earlier})`);
      else seenIdentities.set(signature, line);
    }
    const tags = (cell(row, 'tags') ?? '')
      .split(/[;；,，|、]/)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '');
    for (const tag of tags) {
      if ([...tag].length > 40) problem('tags', 'members.errors.csvTooLong', tag);
      else if (findTagIdByName(db, tag) === null) newTags.add(tag);
    }

    if (problems.length > 0) {
      errorCount += problems.length;
      for (const found of problems) if (errors.length < maxReportedErrors) errors.push({ line, ...found });
      return;
    }
    plans.push({
      line,
      existingId,
      displayName: displayName!,
      wxid,
      phone,
      remark: cell(row, 'remark'),
      region: cell(row, 'region'),
      joinChannel,
      tags,
      groupId,
      groupNickname: cell(row, 'groupNickname'),
      joinedAt: joinedAt !== null && Number.isFinite(joinedAt) ? joinedAt : null,
      identities,
    });
  });
  return { plans, errors, errorCount, newTags: [...newTags] };
}

export function previewMemberCsv(db: Db, path: string, mapping?: MemberCsvMapping): MemberCsvPreview {
  const csv = readMemberCsv(path);
  const used = mapping ?? suggestMapping(csv.headers);
  const checked = checkRows(db, csv, used, 1000);
  return {
    file: basename(path),
    encoding: csv.encoding,
    headers: csv.headers,
    mapping: used,
    unmappedColumns: csv.headers.filter((header) => !(header in used)),
    sample: csv.rows.slice(0, previewRows),
    totalRows: csv.rows.length,
    checkedRows: Math.min(csv.rows.length, 1000),
    errors: checked.errors,
    errorCount: checked.errorCount,
    newTags: checked.newTags,
    updates: checked.plans.filter((plan) => plan.existingId !== null).length,
  };
}

/** Checks every row, then writes them all in one transaction, or writes nothing when any row is bad. */
export function importMemberCsv(
  db: Db,
  path: string,
  mapping: MemberCsvMapping,
  who: { operator: string; now: number },
  progress?: (done: number, total: number) => void,
): MemberImportReport {
  const csv = readMemberCsv(path);
  const checked = checkRows(db, csv, mapping);
  const report: MemberImportReport = {
    file: basename(path),
    totalRows: csv.rows.length,
    applied: false,
    created: 0,
    updated: 0,
    tagsCreated: 0,
    errors: checked.errors,
    errorCount: checked.errorCount,
  };
  if (checked.errorCount > 0 || csv.rows.length === 0) return report;
  const { now, operator } = who;
  db.transaction(() => {
    const tagIds = new Map<string, number>();
    const tagId = (name: string) => {
      let id = tagIds.get(name) ?? findTagIdByName(db, name);
      if (id === null) {
        id = insertTag(db, { name, tagGroupId: null, color: null }, now);
        report.tagsCreated += 1;
      }
      tagIds.set(name, id);
      return id;
    };
    checked.plans.forEach((plan, index) => {
      let memberId = plan.existingId;
      if (memberId === null) {
        memberId = insertMember(
          db,
          {
            displayName: plan.displayName,
            wxid: plan.wxid,
            joinChannel: plan.joinChannel,
            phone: plan.phone,
            remark: plan.remark,
            region: plan.region,
          },
          now,
        );
        report.created += 1;
      } else {
        // An existing member: the file fills in what it gives and leaves the rest as it is.
        updateMemberProfile(
          db,
          memberId,
          {
            displayName: plan.displayName,
            ...(plan.phone !== null ? { phone: plan.phone } : {}),
            ...(plan.remark !== null ? { remark: plan.remark } : {}),
            ...(plan.region !== null ? { region: plan.region } : {}),
            ...(plan.joinChannel !== null ? { joinChannel: plan.joinChannel } : {}),
          },
          now,
        );
        report.updated += 1;
      }
      for (const identity of plan.identities) {
        if (findIdentityOwner(db, identity) === null) insertIdentity(db, memberId, identity, 'csv', now);
      }
      if (plan.tags.length) assignTags(db, plan.tags.map(tagId), [memberId], now);
      if (plan.groupId !== null) {
        addGroupMember(db, {
          groupId: plan.groupId,
          memberId,
          role: 'member',
          groupNickname: plan.groupNickname,
          joinedAt: plan.joinedAt,
        });
      }
      if (progress && index % 5000 === 0) progress(index, checked.plans.length);
    });
    recordAudit(db, now, {
      operator,
      action: 'import-csv',
      entity: 'member',
      detail: {
        file: report.file,
        rows: csv.rows.length,
        created: report.created,
        updated: report.updated,
        tagsCreated: report.tagsCreated,
      },
    });
  })();
  report.applied = true;
  return report;
}

const exportHeaders = [
  '编号',
  '昵称',
  '备注',
  '微信号',
  '手机',
  '地区',
  '入群渠道',
  '所在群',
  '标签',
  '分层',
  '分层原因',
  '积分',
  '违规次数',
  '入群时间',
];

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  // Leading = + - @ would run as a formula in Excel: a quote makes it text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Writes the members matching `filter` (all when empty) as UTF-8 CSV with a BOM, which Excel opens correctly. */
export function exportMemberCsv(
  db: Db,
  path: string,
  filter: Omit<MemberQuery, 'offset' | 'limit'>,
  reveal: boolean,
  who: { operator: string; now: number },
): MemberExportReport {
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
  const lines = [exportHeaders.join(',')];
  for (const row of rows) {
    const reason = decodeReason(row.tier, row.reason);
    lines.push(
      [
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
        row.joined_at === null ? null : new Date(row.joined_at).toISOString().slice(0, 10),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  try {
    writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
  } catch (error) {
    throw new AppError('IO', 'members.errors.csvUnwritable', {
      file: basename(path),
      reason: (error as NodeJS.ErrnoException).code ?? 'unknown',
    });
  }
  recordAudit(db, who.now, {
    operator: who.operator,
    action: reveal ? 'export-revealed' : 'export',
    entity: 'member',
    detail: { file: basename(path), rows: rows.length, revealed: reveal },
  });
  return { file: basename(path), rows: rows.length, revealed: reveal };
}
