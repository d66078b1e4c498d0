/**
 * Member database channels: the member list with filters, sort and pinyin search; profiles (masked contacts
 * unless revealed, and the reveal is audited); notes, tags, custom roles and fields; the points and violation
 * ledgers; the blacklist; platform identities; tiers (rules, recompute job, distribution against targets).
 * Every change is audited and announced with `data.changed` ['members', 'audit'].
 */
import { z } from 'zod';
import {
  customFieldKinds,
  identityPlatforms,
  manualPointSources,
  rolePermissions,
  violationActions,
  violationCategories,
  type BlacklistEntry,
  type CustomField,
  type CustomRole,
  type Identity,
  type MemberNote,
  type MemberProfile,
  type PointsEntry,
  type Tag,
  type TagGroup,
  type Violation,
  type ViolationSuggestion,
  type ViolationThreshold,
} from '../../domain/members';
import { tierRulesSchema, tiers, type TierDistribution, type TierRules } from '../../domain/tiers';
import { joinChannels, memberRoles, type MemberRow, type MessageRow, type Page } from '../../domain/types';
import { boundedText, channel, idSchema, noInput, pageInput, localPath } from '../channel';

const id = idSchema;
const text = boundedText;
/** An ISO date or date-time, kept as written (saved views store the filters as the user gave them). */
const isoInstant = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(Date.parse(value)), {
    message: 'ISO date expected',
  });
/** An ISO date or date-time; handlers receive epoch ms. */
const instant = isoInstant.transform((value) => Date.parse(value));
const ids = (max: number) => z.array(id).min(1).max(max);
const points = z.number().int().min(-1_000_000).max(1_000_000);

export const memberSortKeys = [
  'name',
  'joinedAt',
  'lastSpokeAt',
  'messageCount',
  'points',
  'violations',
] as const;

/** Filters shared by `members.list` and bulk actions over a filtered selection. */
export const memberFilterShape = {
  groupId: id.optional(),
  /** Name (any name, substring), pinyin or initials (prefix: zs → 张三), wxid (prefix), any identity (exact), phone tail (3+ digits). */
  query: text(100).optional(),
  tier: z.enum(tiers).optional(),
  /** Members with any of these tags. */
  tagIds: z.array(id).max(50).optional(),
  joinChannels: z.array(z.enum(joinChannels)).max(joinChannels.length).optional(),
  pointsMin: points.optional(),
  pointsMax: points.optional(),
  violationsMin: z.number().int().min(0).max(100_000).optional(),
  violationsMax: z.number().int().min(0).max(100_000).optional(),
  joinedFrom: instant.optional(),
  joinedTo: instant.optional(),
  leftFrom: instant.optional(),
  leftTo: instant.optional(),
  /** current: still in the group (or any group); left: no longer. */
  status: z.enum(['all', 'current', 'left']).optional(),
  /** Has an identity on this platform (wxid and phone also count from the profile). */
  identityPlatform: z.enum(identityPlatforms).optional(),
  includeMerged: z.boolean().optional(),
};
export const memberFilterSchema = z.object(memberFilterShape).strict();
/** The filters as handlers receive them (dates as epoch ms). */
export type MemberFilter = z.output<typeof memberFilterSchema>;
export type MemberSortKey = (typeof memberSortKeys)[number];

/** A bulk action's targets: listed ids, or every member matching a filter (at most `maxBulkMembers`). */
export const maxBulkMembers = 50_000;
const memberSelection = {
  memberIds: ids(maxBulkMembers).optional(),
  filter: memberFilterSchema.optional(),
};
const selectionRefinement = [
  (input: { memberIds?: unknown; filter?: unknown }) =>
    (input.memberIds === undefined) !== (input.filter === undefined),
  { message: 'give memberIds or filter, not both' },
] as const;

const phoneInput = z.string().trim().max(30);
const customFieldValue = z.object({ fieldId: id, value: text(500).nullable() }).strict();
const membershipPatch = z
  .object({
    groupId: id,
    role: z.enum(memberRoles).optional(),
    customRoleId: id.nullable().optional(),
    groupNickname: text(80).nullable().optional(),
    joinedAt: instant.nullable().optional(),
    leftAt: instant.nullable().optional(),
  })
  .strict();

export const memberPatchSchema = z
  .object({
    displayName: text(80).min(1).optional(),
    remark: text(80).nullable().optional(),
    /** Any format (+86 138-0013-8000); stored as digits. */
    phone: phoneInput.nullable().optional(),
    region: text(80).nullable().optional(),
    joinChannel: z.enum(joinChannels).nullable().optional(),
    inviterMemberId: id.nullable().optional(),
    inviterName: text(80).nullable().optional(),
    joinedAt: instant.nullable().optional(),
    customFields: z.array(customFieldValue).max(100).optional(),
    memberships: z.array(membershipPatch).max(100).optional(),
  })
  .strict();
export type MemberPatch = z.output<typeof memberPatchSchema>;

const identityKey = z.object({ platform: z.enum(identityPlatforms), value: text(128).min(1) }).strict();
const thresholdSchema = z
  .object({ points: z.number().int().min(1).max(1000), action: z.enum(violationActions) })
  .strict();

export interface TagList {
  groups: TagGroup[];
  tags: Tag[];
}

export interface TierRulesView {
  rules: TierRules;
  /** True when the group follows the workspace's rules (always true without a group). */
  inherited: boolean;
  defaults: TierRules;
}

export interface GroupTierDistribution extends TierDistribution {
  groupId: number;
  groupName: string;
  /** Current members not ranked yet (joined since the last recompute). */
  unranked: number;
}

/** Member tables come and go as CSV or XLSX, picked by the file's extension. */
export const memberTableFormats = ['csv', 'xlsx'] as const;
export type MemberTableFormat = (typeof memberTableFormats)[number];

/**
 * Fields a member table column (CSV or XLSX) can fill; `ignore` skips a column. A table needs a name column or an
 * identifying one (wxid, phone, a platform identity): an identity table's rows fill in the members they identify.
 */
export const memberCsvFields = [
  'displayName',
  'wxid',
  'phone',
  'remark',
  'region',
  'joinChannel',
  'tags',
  'group',
  'groupNickname',
  'joinedAt',
  'unionid',
  'oa_openid',
  'mp_openid',
  'douyin',
  'app_user',
] as const;
export type MemberCsvField = (typeof memberCsvFields)[number];
/** Column header → field. */
export type MemberCsvMapping = Record<string, MemberCsvField | 'ignore'>;
const csvMappingSchema = z
  .record(z.string().max(200), z.enum([...memberCsvFields, 'ignore']))
  .refine((mapping) => Object.keys(mapping).length <= 200, { message: 'too many columns' });
/** An XLSX sheet by name (the first visible sheet when left out). */
const sheetName = z.string().min(1).max(200);

export interface MemberCsvRowError {
  /** Line in the file (the header is line 1); for XLSX the row number Excel shows. */
  line: number;
  field: string;
  /** i18n key, e.g. members.errors.badPhone. */
  key: string;
  value?: string;
}

export interface MemberCsvPreview {
  file: string;
  format: MemberTableFormat;
  /** CSV only; null for XLSX. */
  encoding: 'utf-8' | 'gb18030' | null;
  /** XLSX: the visible sheets in tab order (offer a choice when there are several), and the one read. */
  sheets: string[];
  sheet: string | null;
  headers: string[];
  /** The mapping given, or the one suggested from the headers. */
  mapping: MemberCsvMapping;
  unmappedColumns: string[];
  /** The first rows as read. */
  sample: string[][];
  totalRows: number;
  /** Rows checked for the preview (the import checks them all). */
  checkedRows: number;
  errors: MemberCsvRowError[];
  errorCount: number;
  /** Tags the import would create. */
  newTags: string[];
  /** Checked rows that match an existing member (by wxid or identity) and would update it. */
  updates: number;
}

export interface MemberImportReport {
  file: string;
  format: MemberTableFormat;
  sheet: string | null;
  totalRows: number;
  /** False when any row was bad: then nothing was written. */
  applied: boolean;
  created: number;
  updated: number;
  /** Platform identities (and extra wxids) added to new or existing members. */
  identitiesAdded: number;
  tagsCreated: number;
  /** The first 200 problems; errorCount counts them all. */
  errors: MemberCsvRowError[];
  errorCount: number;
}

export interface MemberExportReport {
  file: string;
  format: MemberTableFormat;
  rows: number;
  revealed: boolean;
}

export interface MergeSuggestion {
  memberIds: [number, number];
  names: [string, string];
  /** certain: same phone (or unionid); possible: same name in pinyin and same join channel. */
  confidence: 'certain' | 'possible';
  /** i18n key + params saying why, e.g. members.mergeEvidence.samePhone {phone: 138****8000}. */
  evidence: { key: string; params: Record<string, string | number> };
}

export interface MergeResult {
  mergeId: number;
  sourceId: number;
  targetId: number;
  moved: {
    groups: number;
    names: number;
    notes: number;
    identities: number;
    violations: number;
    messages: number;
    points: number;
  };
}

export interface TiersRecomputeResult {
  memberships: number;
  changedTiers: number;
  distribution: GroupTierDistribution[];
}

/** Columns the member list can show besides the name (always shown), in display order. */
export const memberListColumns = [
  'tier',
  'wxid',
  'phone',
  'remark',
  'groups',
  'channel',
  'tags',
  'points',
  'violations',
  'firstSeen',
  'lastSpoke',
  'messages',
] as const;
export type MemberListColumn = (typeof memberListColumns)[number];
export const defaultMemberColumns: MemberListColumn[] = [
  'tier',
  'groups',
  'channel',
  'firstSeen',
  'lastSpoke',
  'messages',
];

/** A saved view's filters: the list's filters with dates kept as written, so they apply again as they were. */
export const viewFilterSchema = z
  .object({
    ...memberFilterShape,
    joinedFrom: isoInstant.optional(),
    joinedTo: isoInstant.optional(),
    leftFrom: isoInstant.optional(),
    leftTo: isoInstant.optional(),
  })
  .strict();
export type MemberViewFilter = z.output<typeof viewFilterSchema>;

export interface MemberView {
  id: number;
  name: string;
  filter: MemberViewFilter;
  sort: MemberSortKey;
  order: 'asc' | 'desc';
  columns: MemberListColumn[];
  createdAt: string;
  updatedAt: string;
}

/** A member profile as the profile screen reads it: forgotten members carry when they were erased. */
export interface MemberDetail extends MemberProfile {
  forgottenAt: string | null;
}

/** How many rows `members.forget` erased or anonymised, per kind (what the audit log keeps: counts only). */
export interface ForgetCounts {
  /** Member records forgotten: the member and the records merged into them. */
  records: number;
  names: number;
  notes: number;
  fieldValues: number;
  identities: number;
  blacklistEntries: number;
  messages: number;
  violations: number;
  checkIns: number;
  /** Entry applications (入群申请) whose applicant details were erased. */
  applications: number;
  merges: number;
  auditEntries: number;
}

export interface ForgetResult {
  memberId: number;
  /** The name the member has from now on, e.g. 已删除成员#12. */
  placeholder: string;
  erased: ForgetCounts;
}

export interface MergeHistoryEntry {
  mergeId: number;
  sourceId: number;
  sourceName: string;
  targetId: number;
  targetName: string;
  mergedAt: string;
  operator: string;
  undoneAt: string | null;
  /** Not undone, and no later merge touching either member stands in the way. */
  undoable: boolean;
}

export interface MemberExportFile {
  fileName: string;
  mimeType: string;
  /** The CSV text, or the XLSX bytes in base64. */
  content: string;
  contentEncoding: 'utf-8' | 'base64';
  rows: number;
  revealed: boolean;
}

/** `members.addNote` lists at most this many of the notes it wrote. */
export const maxListedNotes = 100;

export const membersChannels = {
  /** One page of members; rows carry masked phone and wxid. Sort defaults to name (pinyin order), ascending. */
  'members.list': channel<Page<MemberRow>>()(
    z
      .object({
        ...memberFilterShape,
        sort: z.enum(memberSortKeys).optional(),
        order: z.enum(['asc', 'desc']).optional(),
        ...pageInput,
      })
      .strict(),
  ),
  /** The full profile; `reveal: true` shows phone, wxid and identities unmasked and is written to the audit log. */
  'members.get': channel<MemberDetail>()(z.object({ id, reveal: z.boolean().default(false) }).strict()),
  'members.update': channel<MemberDetail>()(z.object({ id, patch: memberPatchSchema }).strict()),
  /**
   * A timestamped moderator-only note on one or many members (listed, or all matching a filter). `notes` lists the
   * first `maxListedNotes` written; `members` counts them all.
   */
  'members.addNote': channel<{ notes: MemberNote[]; members: number }>()(
    z
      .object({ ...memberSelection, body: text(2000).min(1) })
      .strict()
      .refine(...selectionRefinement),
  ),
  /**
   * 被遗忘权 (PIPL): erases a member's personal data for good (names, wxid, phone, region, remark, note and evidence
   * texts, custom field values, identities, blacklist entries, merge records; message senders anonymised) but keeps
   * the anonymous counts. `confirmName` must be the member's current name, as typed by the moderator.
   */
  'members.forget': channel<ForgetResult>()(z.object({ id, confirmName: text(80).min(1) }).strict()),
  /** The member's messages in the archive, newest first (evidence for a violation); `query` filters the text. */
  'members.messages': channel<Page<MessageRow>>()(
    z.object({ memberId: id, query: text(100).optional(), ...pageInput }).strict(),
  ),
  /** Merges this member took part in (as source or target), newest first, with whether each can be undone now. */
  'members.merges': channel<MergeHistoryEntry[]>()(z.object({ memberId: id }).strict()),
  /** A selection (listed ids or a filter) as a CSV or XLSX file for the renderer to download; `reveal` is audited. */
  'members.exportFile': channel<MemberExportFile>()(
    z
      .object({
        ...memberSelection,
        reveal: z.boolean().default(false),
        format: z.enum(memberTableFormats).default('csv'),
      })
      .strict()
      .refine(...selectionRefinement),
  ),
  /** Saved views of the member list (named filter + sort + columns), by name. */
  'members.listViews': channel<MemberView[]>()(noInput),
  /** Creates a view, or replaces view `id`; names are unique (members.errors.viewNameTaken). */
  'members.saveView': channel<MemberView>()(
    z
      .object({
        id: id.optional(),
        name: text(40).min(1),
        filter: viewFilterSchema.default({}),
        sort: z.enum(memberSortKeys).default('name'),
        order: z.enum(['asc', 'desc']).default('asc'),
        columns: z
          .array(z.enum(memberListColumns))
          .min(1)
          .max(memberListColumns.length)
          .refine((columns) => new Set(columns).size === columns.length, { message: 'columns repeat' }),
      })
      .strict(),
  ),
  'members.deleteView': channel<{ deleted: true }>()(z.object({ id }).strict()),

  /** Pairs that look like one person, with the evidence; certain ones first. */
  'members.mergeSuggestions': channel<MergeSuggestion[]>()(
    z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        /** Only pairs with this member (looked for among the workspace's first 500 suggestions). */
        memberId: id.optional(),
      })
      .strict(),
  ),
  /**
   * Merges `sourceId` into `targetId`: memberships, names, notes, identities, violations, messages, blacklist
   * entries, tags, custom fields and points (as transfer entries) move; the source stays as a hidden record.
   */
  'members.merge': channel<MergeResult>()(z.object({ sourceId: id, targetId: id }).strict()),
  /** Splits a merge apart again (the most recent merge touching either member first). */
  'members.undoMerge': channel<MergeResult>()(z.object({ mergeId: id }).strict()),

  /** The OS open dialog for a member or identity table (.csv, .xlsx); UNSUPPORTED where there is none (browser mode). */
  'members.pickImportFile': channel<{ path: string | null }>()(noInput),
  /**
   * Reads a member or identity table (.csv or .xlsx path on this computer; `sheet` picks an XLSX sheet), suggests a
   * column mapping and checks the first 1,000 rows.
   */
  'members.importPreview': channel<MemberCsvPreview>()(
    z.object({ path: localPath, mapping: csvMappingSchema.optional(), sheet: sheetName.optional() }).strict(),
  ),
  /** Starts job `members.import` (result: MemberImportReport): every row checked, then all written or none. */
  'members.import': channel<{ jobId: string }>()(
    z.object({ path: localPath, mapping: csvMappingSchema, sheet: sheetName.optional() }).strict(),
  ),
  /**
   * Writes the members matching the filter to a file, XLSX when the path ends in .xlsx and CSV otherwise; `reveal`
   * writes phones and wxids unmasked (audited).
   */
  'members.export': channel<MemberExportReport>()(
    z
      .object({ path: localPath, filter: memberFilterSchema.default({}), reveal: z.boolean().default(false) })
      .strict(),
  ),

  'tags.list': channel<TagList>()(noInput),
  /** Creates a tag, in a tag group given by id or by name (created when new). */
  'tags.create': channel<Tag>()(
    z
      .object({
        name: text(40).min(1),
        tagGroupId: id.optional(),
        tagGroupName: text(40).min(1).optional(),
        color: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/)
          .optional(),
      })
      .strict()
      .refine((input) => input.tagGroupId === undefined || input.tagGroupName === undefined, {
        message: 'give tagGroupId or tagGroupName, not both',
      }),
  ),
  'tags.createGroup': channel<TagGroup>()(z.object({ name: text(40).min(1) }).strict()),
  'tags.delete': channel<{ deleted: true }>()(z.object({ id }).strict()),
  /** Adds tags to members in bulk; `changed` counts new (tag, member) pairs. */
  'tags.assign': channel<{ changed: number; members: number }>()(
    z
      .object({ tagIds: ids(50), ...memberSelection })
      .strict()
      .refine(...selectionRefinement),
  ),
  'tags.unassign': channel<{ changed: number; members: number }>()(
    z
      .object({ tagIds: ids(50), ...memberSelection })
      .strict()
      .refine(...selectionRefinement),
  ),

  'roles.list': channel<CustomRole[]>()(noInput),
  'roles.create': channel<CustomRole>()(
    z
      .object({
        name: text(40).min(1),
        permissions: z.array(z.enum(rolePermissions)).max(rolePermissions.length),
      })
      .strict(),
  ),
  'roles.update': channel<CustomRole>()(
    z
      .object({
        id,
        name: text(40).min(1).optional(),
        permissions: z.array(z.enum(rolePermissions)).max(rolePermissions.length).optional(),
      })
      .strict(),
  ),
  'roles.delete': channel<{ deleted: true }>()(z.object({ id }).strict()),

  'fields.list': channel<CustomField[]>()(noInput),
  'fields.create': channel<CustomField>()(
    z
      .object({
        name: text(40).min(1),
        kind: z.enum(customFieldKinds),
        options: z.array(text(40).min(1)).max(50).default([]),
      })
      .strict()
      .refine((input) => input.kind !== 'choice' || input.options.length > 0, {
        message: 'a choice field needs options',
      }),
  ),
  'fields.delete': channel<{ deleted: true }>()(z.object({ id }).strict()),

  /** Appends to the points ledger; a debit below zero is refused (members.errors.pointsBelowZero). */
  'points.add': channel<{ entry: PointsEntry; balance: number }>()(
    z
      .object({
        memberId: id,
        amount: points.refine((value) => value !== 0, { message: 'amount must not be zero' }),
        source: z.enum(manualPointSources),
        reason: text(200).min(1),
        groupId: id.optional(),
        occurredAt: instant.optional(),
      })
      .strict(),
  ),
  'points.list': channel<Page<PointsEntry> & { balance: number }>()(
    z.object({ memberId: id, ...pageInput }).strict(),
  ),

  /** Records a violation with its evidence (a message of the archive and/or a note) and the action taken. */
  'violations.add': channel<{ violation: Violation; suggestion: ViolationSuggestion; blacklisted: number }>()(
    z
      .object({
        memberId: id,
        groupId: id.optional(),
        category: z.enum(violationCategories),
        points: z.number().int().min(1).max(100),
        messageId: id.optional(),
        note: text(1000).min(1).optional(),
        /** Points stop counting this many days after the violation; left out = never. */
        decayDays: z.number().int().min(1).max(3650).optional(),
        action: z.enum(violationActions),
        occurredAt: instant.optional(),
      })
      .strict()
      .refine((input) => input.messageId !== undefined || input.note !== undefined, {
        message: 'evidence: a message or a note',
      }),
  ),
  'violations.list': channel<Page<Violation>>()(
    z
      .object({
        memberId: id.optional(),
        groupId: id.optional(),
        activeOnly: z.boolean().optional(),
        ...pageInput,
      })
      .strict(),
  ),
  /** The next action the thresholds suggest for a member's active violation points. */
  'violations.suggestion': channel<ViolationSuggestion>()(z.object({ memberId: id }).strict()),
  'violations.thresholds': channel<ViolationThreshold[]>()(noInput),
  'violations.setThresholds': channel<ViolationThreshold[]>()(
    z
      .object({ thresholds: z.array(thresholdSchema).min(1).max(20) })
      .strict()
      .refine((input) => new Set(input.thresholds.map((t) => t.points)).size === input.thresholds.length, {
        message: 'one action per point count',
      }),
  ),

  /** The workspace blacklist, newest first; with `memberId`, the entries of that member's identities. */
  'blacklist.list': channel<Page<BlacklistEntry>>()(
    z.object({ memberId: id.optional(), ...pageInput }).strict(),
  ),
  /** Blacklists every known identity of a member, or one identity given directly. */
  'blacklist.add': channel<{ entries: BlacklistEntry[] }>()(
    z
      .object({ memberId: id.optional(), identity: identityKey.optional(), reason: text(500).min(1) })
      .strict()
      .refine((input) => (input.memberId === undefined) !== (input.identity === undefined), {
        message: 'give memberId or identity, not both',
      }),
  ),
  'blacklist.remove': channel<{ removed: true }>()(z.object({ id }).strict()),
  /** Which of these identities are blacklisted (for admission and import checks). */
  'blacklist.check': channel<BlacklistEntry[]>()(
    z.object({ identities: z.array(identityKey).min(1).max(100) }).strict(),
  ),

  /** Adds a platform identity; one identity belongs to one member (members.errors.identityTaken). */
  'identities.add': channel<Identity>()(
    z.object({ memberId: id, ...identityKey.shape, source: text(40).min(1).default('manual') }).strict(),
  ),
  'identities.remove': channel<{ removed: true }>()(z.object({ id }).strict()),

  /** The rules a group uses (its own or the workspace's), or the workspace's without a group. */
  'tiers.rules': channel<TierRulesView>()(z.object({ groupId: id.optional() }).strict()),
  /** Sets the workspace rules, or a group's own; `rules: null` puts a group back on the workspace rules. */
  'tiers.updateRules': channel<TierRulesView>()(
    z.object({ groupId: id.optional(), rules: tierRulesSchema.nullable() }).strict(),
  ),
  /** Starts job `tiers.recompute` (result: TiersRecomputeResult). */
  'tiers.recompute': channel<{ jobId: string }>()(z.object({ groupIds: ids(1000).optional() }).strict()),
  'tiers.distribution': channel<GroupTierDistribution[]>()(z.object({ groupId: id.optional() }).strict()),
} as const;
