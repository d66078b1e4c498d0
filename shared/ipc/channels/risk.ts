/**
 * Risk panel channels (风险监控): the workspace's word lists (view, edit, import/export TXT/CSV, lint, back-test),
 * a live check of any text, the scan job, the review queue with decisions, and hits per day for the dashboard.
 * Changes are audited and announced with `data.changed` ['risk', 'audit'] (plus 'members' when a confirmed hit adds
 * a violation).
 */
import { z } from 'zod';
import { healthDateSchema } from './health';
// The types module only: the engine itself (and its pinyin and opencc data) stays out of the preload and renderer.
import {
  listKinds,
  sensitiveCategories,
  severities,
  suggestedActions,
  type DetectorKind,
  type ListKind,
  type ListOptions,
  type SensitiveHit,
  type SensitiveCategory,
  type SensitiveWord,
  type Severity,
  type SuggestedAction,
} from '../../domain/sensitive/types';
import type { LintWarning } from '../../domain/sensitive/listFormat';
import type { Page } from '../../domain/types';
import { boundedText, channel, idSchema, noInput, pageInput } from '../channel';

const id = idSchema;
const text = boundedText;

/** Longest word of a list: listFormat's `maxWordLength` (a test keeps them equal; importing it would load the engine). */
export const maxRiskWordLength = 100;
/** Most words one list may hold (the starter lists have under a hundred each). */
export const maxListWords = 100_000;
/** Longest text `risk.check` takes: a long announcement or draft. */
export const maxCheckLength = 20_000;
/** Longest back-test window. */
export const maxBacktestDays = 365;

export const riskListFormats = ['txt', 'csv'] as const;
export type RiskListFormat = (typeof riskListFormats)[number];
export const riskHitStatuses = ['open', 'confirmed', 'dismissed'] as const;
export type RiskHitStatus = (typeof riskHitStatuses)[number];
export const riskDecisions = ['confirm', 'dismiss'] as const;
export type RiskDecision = (typeof riskDecisions)[number];
export const riskListOrigins = ['starter', 'user', 'review'] as const;
export type RiskListOrigin = (typeof riskListOrigins)[number];

export const riskWordSchema = z
  .object({
    word: z.string().trim().min(1).max(maxRiskWordLength),
    category: z.enum(sensitiveCategories).optional(),
    severity: z.enum(severities).optional(),
    action: z.enum(suggestedActions).optional(),
    pinyin: z.boolean().optional(),
    boundary: z.boolean().optional(),
    reverse: z.boolean().optional(),
    homophone: z.boolean().optional(),
  })
  .strict();

export const riskListOptionsSchema = z
  .object({
    case: z.boolean(),
    width: z.boolean(),
    traditional: z.boolean(),
    digits: z.boolean(),
    letters: z.boolean(),
    noise: z.boolean(),
    repeat: z.boolean(),
    pinyin: z.boolean(),
    split: z.boolean(),
    reverse: z.boolean(),
    homophone: z.boolean(),
    maxGap: z.number().int().min(0).max(16),
    boundary: z.boolean(),
  })
  .partial()
  .strict();

/** A list as the editor sends it; fields other than name and words have the engine's defaults. */
export const riskListInputSchema = z
  .object({
    name: text(80).min(1),
    kind: z.enum(listKinds).default('deny'),
    category: z.enum(sensitiveCategories).default('custom'),
    severity: z.enum(severities).default('medium'),
    action: z.enum(suggestedActions).default('remind'),
    options: riskListOptionsSchema.default({}),
    words: z.array(riskWordSchema).max(maxListWords),
  })
  .strict();
export type RiskListInput = z.output<typeof riskListInputSchema>;

export interface RiskListSummary {
  id: number;
  name: string;
  kind: ListKind;
  category: SensitiveCategory;
  severity: Severity;
  action: SuggestedAction;
  options: ListOptions;
  wordCount: number;
  enabled: boolean;
  origin: RiskListOrigin;
  /** This list's own revision (1 when created). */
  version: number;
  updatedAt: string;
}

export interface RiskListDetail extends RiskListSummary {
  words: SensitiveWord[];
  warnings: LintWarning[];
}

export interface RiskListsView {
  /** Goes up with every change that can alter hits; messages scanned with an older one are scanned again. */
  rulesetVersion: number;
  lists: RiskListSummary[];
}

export interface RiskListFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** A hit as the panel shows it: UTF-16 offsets into the checked text, end exclusive. */
export type RiskHitView = Omit<SensitiveHit, 'detector'> & { detector: DetectorKind | null };

export interface RiskCheckResult {
  hits: RiskHitView[];
  rulesetVersion: number;
}

export interface RiskSpan {
  start: number;
  end: number;
  word: string;
  category: SensitiveCategory;
  severity: Severity;
}

export interface RiskBacktestSample {
  messageId: number;
  groupName: string;
  senderName: string;
  sentAt: string;
  content: string;
  spans: RiskSpan[];
}

export interface RiskBacktest {
  /** hits: what a deny list would raise; cancels: hits of the current lists an allow list would cancel. */
  mode: 'hits' | 'cancels';
  days: number;
  /** The window: `days` days ending with the newest message (or now, for an empty workspace). */
  from: string;
  to: string;
  /** Messages read in the window. */
  messages: number;
  /** Messages with at least one hit (or cancelled hit). */
  hitMessages: number;
  hits: number;
  /** True when the window held more messages than one back-test reads (the newest are read). */
  truncated: boolean;
  /** Hits per listed word, most first: the word that fires on everything stands out. */
  words: { word: string; count: number }[];
  sample: RiskBacktestSample[];
}

export interface RiskScanSummary {
  at: string;
  version: number;
  scanned: number;
  hits: number;
}

export interface RiskSummary {
  rulesetVersion: number;
  /** Every message of the workspace, and those scanned with the current ruleset. */
  messages: number;
  scanned: number;
  pending: number;
  open: number;
  openByCategory: Partial<Record<SensitiveCategory, number>>;
  confirmed: number;
  dismissed: number;
  lastScan: RiskScanSummary | null;
  /** The scan job running now, if any. */
  runningJobId: string | null;
}

/** What a `risk.scan` job reports when it ends. */
export interface RiskScanResult {
  version: number;
  /** Messages read by this run (0 when everything was already scanned with the current ruleset). */
  scanned: number;
  /** Hits this run found, by category. */
  hits: number;
  byCategory: Partial<Record<SensitiveCategory, number>>;
  /** Open hits of earlier scans that the current lists no longer raise (an allow phrase, a removed word). */
  withdrawn: number;
  /** Open hits in the whole workspace after the run, by category. */
  openByCategory: Partial<Record<SensitiveCategory, number>>;
}

export interface RiskMessageBrief {
  id: number;
  senderName: string;
  memberId: number | null;
  sentAt: string;
  kind: string;
  content: string;
}

export interface RiskQueueItem extends RiskHitView {
  id: number;
  status: RiskHitStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  violationId: number | null;
  message: RiskMessageBrief & { groupId: number; groupName: string };
  /** Every hit of the message not dismissed (this one included), to highlight them all. */
  spans: RiskSpan[];
  /** Up to two messages before and after it in the same group. */
  before: RiskMessageBrief[];
  after: RiskMessageBrief[];
  member: { id: number; displayName: string; violationCount: number } | null;
  /** A longer phrase around the hit that, allowed, stops this kind of false positive (null when none fits). */
  suggestedAllowPhrase: string | null;
}

export interface RiskDecideResult {
  decided: number;
  /** Hits that were already decided (or no longer exist) and were left alone. */
  skipped: number;
  /** Violations added to members' ledgers by confirmed hits. */
  violationIds: number[];
  /** Confirmed hits whose message has no known member: no ledger to add to. */
  withoutMember: number;
  allowPhrases: string[];
  rulesetVersion: number;
}

export interface RiskStats {
  from: string;
  to: string;
  /** One entry per day of the range (UTC+8 days), zeros included; dismissed hits are not counted. */
  days: { date: string; total: number; counts: Partial<Record<SensitiveCategory, number>> }[];
  totals: Partial<Record<SensitiveCategory, number>>;
}

const queueFilterShape = {
  status: z.enum([...riskHitStatuses, 'all']).default('open'),
  category: z.enum(sensitiveCategories).optional(),
  severity: z.enum(severities).optional(),
  groupId: id.optional(),
};

export const riskChannels = {
  /** Ruleset version, scan coverage and open hits by category. */
  'risk.summary': channel<RiskSummary>()(noInput),
  /** Checks a text against the enabled lists (or only `listIds`) and the detectors, as the user types. */
  'risk.check': channel<RiskCheckResult>()(
    z
      .object({
        text: z.string().max(maxCheckLength),
        listIds: z.array(id).max(200).optional(),
      })
      .strict(),
  ),
  'risk.lists': channel<RiskListsView>()(noInput),
  'risk.getList': channel<RiskListDetail>()(z.object({ id }).strict()),
  /** Creates a list (no id) or replaces one's fields and words; a new revision each time. */
  'risk.saveList': channel<RiskListDetail>()(
    z.object({ id: id.optional(), list: riskListInputSchema, enabled: z.boolean().optional() }).strict(),
  ),
  'risk.enableList': channel<RiskListSummary>()(z.object({ id, enabled: z.boolean() }).strict()),
  'risk.deleteList': channel<{ deleted: true }>()(z.object({ id }).strict()),
  /**
   * Reads a TXT or CSV file (text, or its bytes as base64 so GBK files decode too). A list of that name is replaced
   * only with `replace`; a bad file stores nothing and says which line is wrong.
   */
  'risk.importList': channel<RiskListDetail>()(
    z
      .object({
        /** Overrides the name the file gives itself. */
        name: text(80).min(1).optional(),
        /** The picked file's name: names the list when neither `name` nor a `# name:` line does. */
        fileName: text(255).optional(),
        format: z.enum(riskListFormats),
        content: z.string().max(1_000_000).optional(),
        base64: z.string().max(1_500_000).optional(),
        replace: z.boolean().default(false),
      })
      .strict()
      .refine((input) => (input.content === undefined) !== (input.base64 === undefined), {
        message: 'content or base64 expected',
      }),
  ),
  'risk.exportList': channel<RiskListFile>()(z.object({ id, format: z.enum(riskListFormats) }).strict()),
  'risk.lint': channel<{ warnings: LintWarning[] }>()(z.object({ list: riskListInputSchema }).strict()),
  /**
   * The list editor's word lines — `word[,category,severity,options,action]`, CSV quoting — as words, with lint
   * warnings; a malformed line is a BAD_FILE error naming it.
   */
  'risk.parseWords': channel<{ words: SensitiveWord[]; warnings: LintWarning[] }>()(
    z.object({ text: z.string().max(1_500_000), options: riskListOptionsSchema.default({}) }).strict(),
  ),
  /**
   * "Would have hit N messages in the last 30 days": a list (or bare words) against the workspace's recent messages.
   * `listId` is the list being edited, left out of the baseline when an allow list is back-tested.
   */
  'risk.backtest': channel<RiskBacktest>()(
    z
      .object({
        list: riskListInputSchema.optional(),
        words: z.array(text(maxRiskWordLength).min(1)).min(1).max(maxListWords).optional(),
        category: z.enum(sensitiveCategories).optional(),
        listId: id.optional(),
        days: z.number().int().min(1).max(maxBacktestDays).default(30),
        sample: z.number().int().min(0).max(50).default(10),
      })
      .strict()
      .refine((input) => (input.list === undefined) !== (input.words === undefined), {
        message: 'list or words expected',
      }),
  ),
  /** Starts the scan job (or returns the one already running). */
  'risk.scan': channel<{ jobId: string }>()(noInput),
  'risk.queue': channel<Page<RiskQueueItem>>()(
    z
      .object({ ...queueFilterShape, ...pageInput, limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
  ),
  /**
   * Confirms or dismisses open hits. Confirming adds a violation (with the message as evidence) to the sender's
   * ledger, once per message; dismissing may add an allow phrase (`true`: each hit's suggestion).
   */
  'risk.decide': channel<RiskDecideResult>()(
    z
      .object({
        hitIds: z.array(id).min(1).max(500),
        decision: z.enum(riskDecisions),
        reason: text(500).optional(),
        addAllowPhrase: z.union([z.boolean(), text(maxRiskWordLength).min(2)]).optional(),
      })
      .strict(),
  ),
  /** Hits per day per category (not dismissed), for the dashboard. */
  'risk.stats': channel<RiskStats>()(
    z
      .object({ from: healthDateSchema, to: healthDateSchema, groupId: id.optional() })
      .strict()
      .refine((input) => input.from <= input.to, { message: 'from must not be after to' }),
  ),
};
