/**
 * `members` (list with filters; import and export as CSV or XLSX by the file's extension; forget) and
 * `tiers recompute` (distribution per group).
 */
import { resolve } from 'node:path';
import { tiers, type Tier } from '../../../../shared/domain/tiers';
import type { MemberRow, Page } from '../../../../shared/domain/types';
import type {
  ForgetResult,
  MemberExportReport,
  MemberImportReport,
  TiersRecomputeResult,
} from '../../../../shared/ipc/channels/members';
import { AppError } from '../../../../shared/ipc/errors';
import type { Db } from '../../db/connection';
import { findTagIdByName } from '../../db/repositories/tags';
import { listMemberPage } from '../../services/members';
import { exportMembers, readMemberTable, suggestMapping } from '../../services/membersCsv';
import { forgetMember } from '../../services/membersForget';
import type { CliCommand, CliContext } from '../context';

function groupIdOf(db: Db, nameOrId: string): number {
  const row = (db.prepare('SELECT id FROM groups WHERE name = ?').get(nameOrId) ??
    (/^\d+$/.test(nameOrId)
      ? db.prepare('SELECT id FROM groups WHERE id = ?').get(Number(nameOrId))
      : undefined)) as { id: number } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'cli.members.errors.unknownGroup', { name: nameOrId });
  return row.id;
}

/**
 * `members import <file.csv|file.xlsx> [--sheet name]`: the suggested column mapping, every row checked; exit code 1
 * when rows were refused.
 */
async function importTable(context: CliContext): Promise<MemberImportReport> {
  const file = context.args[1];
  if (file === undefined || file.startsWith('--'))
    throw new AppError('VALIDATION', 'cli.members.errors.missingFile');
  const path = resolve(file);
  const sheet = context.option('--sheet');
  const mapping = suggestMapping((await readMemberTable(path, sheet)).headers);
  return context.withBackend(async (backend) => {
    const job = await backend.jobs.wait(
      backend.jobs.start('members.import', { path, mapping, ...(sheet ? { sheet } : {}) }, 'cli'),
    );
    if (job.status !== 'done')
      throw new AppError(
        job.error?.code === 'CANCELLED' ? 'CANCELLED' : 'INTERNAL',
        job.error?.message,
        job.error?.params,
      );
    const report = job.result as MemberImportReport;
    if (report.applied) {
      context.out(
        context.t('cli.members.imported', {
          file: report.file,
          created: report.created,
          updated: report.updated,
          identities: report.identitiesAdded,
          tags: report.tagsCreated,
        }),
      );
    } else {
      context.setExitCode(1);
      context.out(context.t('cli.members.importRejected', { file: report.file, count: report.errorCount }));
      for (const error of report.errors) {
        const message = context.t(error.key, { value: error.value ?? '' });
        context.out(context.t('cli.members.rowError', { line: error.line, field: error.field, message }));
      }
    }
    return report;
  });
}

/** `members export --out <file.csv|file.xlsx> [--group g] [--tier t] [--reveal]`. */
async function exportTable(context: CliContext): Promise<MemberExportReport> {
  const out = context.option('--out');
  if (out === undefined) throw new AppError('VALIDATION', 'cli.members.errors.missingOut');
  const reveal = context.args.includes('--reveal');
  const group = context.option('--group');
  const tier = parseTier(context.option('--tier'));
  return context.withBackend(async (backend) => {
    const { db } = backend.context;
    const report = await exportMembers(
      db,
      resolve(out),
      { groupId: group === undefined ? undefined : groupIdOf(db, group), tier },
      reveal,
      { operator: 'cli', now: backend.context.now() },
    );
    context.out(
      context.t('cli.members.exported', {
        rows: report.rows,
        file: out,
        revealed: reveal ? context.t('cli.members.revealedNote') : '',
      }),
    );
    return report;
  });
}

/** `members forget <id> --confirm-name <name>`: erases the member's personal data, as the profile screen does. */
async function forget(context: CliContext): Promise<ForgetResult> {
  const id = Number(context.args[1]);
  const confirmName = context.option('--confirm-name');
  if (!Number.isInteger(id) || id < 1 || confirmName === undefined)
    throw new AppError('VALIDATION', 'cli.members.errors.forgetUsage');
  return context.withBackend((backend) => {
    const result = forgetMember(backend.context, id, confirmName);
    context.out(
      context.t('cli.members.forgotten', {
        id: result.memberId,
        records: result.erased.records,
        placeholder: result.placeholder,
      }),
    );
    return result;
  });
}

function parseTier(tier: string | undefined): Tier | undefined {
  if (tier !== undefined && !(tiers as readonly string[]).includes(tier))
    throw new AppError('VALIDATION', 'cli.members.errors.badTier');
  return tier as Tier | undefined;
}

export const membersCommand: CliCommand = {
  name: 'members',
  summaryKey: 'cli.members.summary',
  usage:
    'members [--group g] [--tier t] [--tag t] [--search s] [--limit n] | import <file.csv|file.xlsx> [--sheet s] | export --out <file.csv|file.xlsx> [--reveal] | forget <id> --confirm-name <name>',
  async run(context) {
    if (context.args[0] === 'import') return importTable(context);
    if (context.args[0] === 'export') return exportTable(context);
    if (context.args[0] === 'forget') return forget(context);
    const tier = parseTier(context.option('--tier'));
    const limit = Number(context.option('--limit') ?? 100);
    const offset = Number(context.option('--offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500 || !Number.isInteger(offset) || offset < 0) {
      throw new AppError('VALIDATION', 'cli.members.errors.badLimit');
    }
    const group = context.option('--group');
    const tag = context.option('--tag');
    const search = context.option('--search');
    return context.withBackend((backend) => {
      const { db } = backend.context;
      const tagId = tag === undefined ? undefined : findTagIdByName(db, tag);
      if (tagId === null) throw new AppError('NOT_FOUND', 'cli.members.errors.unknownTag', { name: tag! });
      const page: Page<MemberRow> = listMemberPage(backend.context, {
        groupId: group === undefined ? undefined : groupIdOf(db, group),
        tier,
        tagIds: tagId === undefined ? undefined : [tagId],
        query: search,
        offset,
        limit,
      });
      context.out(context.t('cli.members.total', { total: page.total, shown: page.rows.length }));
      context.out(context.t('cli.members.header'));
      for (const row of page.rows) {
        const tierName = row.left
          ? context.t('membersUi.tierLeft')
          : row.tier
            ? context.t(`tiers.names.${row.tier}`)
            : '-';
        context.out(
          [
            row.id,
            row.displayName,
            tierName,
            row.pointsBalance,
            row.violationCount,
            row.groupNames.join('、'),
          ].join('\t'),
        );
      }
      return page;
    });
  },
};

export const tiersCommand: CliCommand = {
  name: 'tiers',
  summaryKey: 'cli.tiers.summary',
  usage: 'tiers recompute',
  async run(context) {
    if (context.args[0] !== 'recompute') throw new AppError('VALIDATION', 'cli.tiers.usageHint');
    return context.withBackend(async (backend) => {
      const job = await backend.jobs.wait(backend.jobs.start('tiers.recompute', {}, 'cli'));
      if (job.status !== 'done') {
        throw new AppError(
          job.error?.code === 'CANCELLED' ? 'CANCELLED' : 'INTERNAL',
          job.error?.message,
          job.error?.params,
        );
      }
      const result = job.result as TiersRecomputeResult;
      context.out(
        context.t('cli.tiers.done', { memberships: result.memberships, changed: result.changedTiers }),
      );
      for (const group of result.distribution) {
        const percent = Object.fromEntries(group.shares.map((share) => [share.tier, share.percent]));
        context.out(
          context.t('cli.tiers.line', {
            group: group.groupName,
            core: percent.core ?? 0,
            active: percent.active ?? 0,
            potential: percent.potential ?? 0,
            silent: percent.silent ?? 0,
            flag: group.outOfRange ? context.t('cli.tiers.outOfRange') : '',
          }),
        );
      }
      return result;
    });
  },
};
