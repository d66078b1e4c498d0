/**
 * `groups` (list with size / cap / standby group, `groups rules <group>`, `groups standby`) and
 * `admission stats [--group g]` (pass / fail per join channel).
 */
import { AppError } from '../../../../shared/ipc/errors';
import type { Db } from '../../db/connection';
import { findGroupIdByName } from '../../db/repositories/groups';
import { admissionStatsFor } from '../../services/admission';
import { listRules } from '../../services/groupRules';
import { groupOverview, standbyList } from '../../services/groups';
import type { CliCommand, CliContext } from '../context';

function requireGroupId(db: Db, name: string | undefined): number {
  if (name === undefined || name.startsWith('--'))
    throw new AppError('VALIDATION', 'cli.groups.errors.missingGroup');
  const id = findGroupIdByName(db, name);
  if (id === null) throw new AppError('NOT_FOUND', 'cli.errors.groupNotFound', { name });
  return id;
}

function listCommand(context: CliContext) {
  return context.withBackend((backend) => {
    const groups = groupOverview(backend.context);
    context.out(context.t('cli.groups.header'));
    for (const group of groups) {
      context.out(
        [
          group.id,
          group.name,
          context.t(`groups.types.${group.type}`),
          `${group.memberCount}/${group.memberCap}`,
          group.standby ?? '-',
          group.rulesVersion === null ? '-' : `v${group.rulesVersion}`,
        ].join('\t'),
      );
    }
    return groups;
  });
}

function rulesCommand(context: CliContext) {
  return context.withBackend((backend) => {
    const versions = listRules(backend.context, requireGroupId(backend.context.db, context.args[1]));
    const [current] = versions;
    if (!current) {
      context.out(context.t('cli.groups.noRules'));
      return versions;
    }
    for (const version of versions) {
      context.out(
        context.t('cli.groups.ruleLine', {
          version: version.version,
          date: version.announcedOn,
          note: version.note || '-',
        }),
      );
    }
    context.out('');
    context.out(current.body);
    return versions;
  });
}

function standbyCommand(context: CliContext) {
  return context.withBackend((backend) => {
    const entries = standbyList(backend.context);
    for (const entry of entries) {
      context.out(
        context.t('cli.groups.standbyLine', {
          group: entry.mainGroupName,
          standby: entry.name ?? context.t('cli.groups.noStandby'),
        }),
      );
      if (entry.announcement) context.out(entry.announcement.replace(/^/gm, '    '));
    }
    return entries;
  });
}

export const groupsCommand: CliCommand = {
  name: 'groups',
  summaryKey: 'cli.groups.summary',
  usage: 'groups | groups rules <group> | groups standby',
  async run(context) {
    const sub = context.args[0];
    if (sub === undefined || sub.startsWith('--')) return listCommand(context);
    if (sub === 'rules') return rulesCommand(context);
    if (sub === 'standby') return standbyCommand(context);
    throw new AppError('VALIDATION', 'cli.groups.usageHint');
  },
};

export const admissionCommand: CliCommand = {
  name: 'admission',
  summaryKey: 'cli.admission.summary',
  usage: 'admission stats [--group g]',
  async run(context) {
    if (context.args[0] !== 'stats') throw new AppError('VALIDATION', 'cli.admission.usageHint');
    const groupName = context.option('--group');
    return context.withBackend((backend) => {
      const groupId = groupName === undefined ? undefined : requireGroupId(backend.context.db, groupName);
      const stats = admissionStatsFor(backend.context, groupId);
      context.out(context.t('cli.admission.header'));
      const rows = [
        ...stats.channels
          .filter((row) => row.applications > 0)
          .map((row) => ({ ...row, label: context.t(`members.channels.${row.joinChannel}`) })),
        { ...stats.total, label: context.t('cli.admission.total') },
      ];
      for (const row of rows) {
        context.out(
          [
            row.label,
            row.applications,
            row.admitted,
            row.rejected,
            row.pending,
            row.passRate === null ? '-' : `${row.passRate}%`,
          ].join('\t'),
        );
      }
      return stats;
    });
  },
};

export const groupsCommands: readonly CliCommand[] = [groupsCommand, admissionCommand];
