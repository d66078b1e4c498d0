/**
 * The permission each channel needs, checked by the dispatcher after validation (the renderer only uses it to
 * hide what would be refused). In order: the table below; else a method named `export…` needs `export` and one
 * named `delete…`/`remove…` needs `delete`; else a channel in `readChannels` needs nothing; else `edit`. So a
 * channel added later is refused to a read-only role (观察员) until it is listed here on purpose.
 */
import type { Permission } from '../domain/operators';
import { lockScreenChannels } from './channels/session';
import type { ChannelName, ChannelParsedInput } from './contract';

type Rule<K extends ChannelName> =
  readonly Permission[] | ((input: ChannelParsedInput<K>) => readonly Permission[]);

const none: readonly Permission[] = [];
const edit: readonly Permission[] = ['edit'];
const manage: readonly Permission[] = ['manageOperators'];

/**
 * Channels that change nothing in the workspace: reads, previews, checks, file pickers, and (through
 * `lockScreenChannels`) the session and the language/theme switches. Writing only the audit log (a revealed
 * profile) does not count as a change.
 */
export const readChannels: ReadonlySet<string> = new Set([
  ...lockScreenChannels,
  'workspace.info',
  'groups.list',
  'groups.get',
  'jobs.list',
  'audit.list',
  'audit.facets',
  'messages.search',
  'messages.context',
  'members.list',
  'members.get',
  'members.messages',
  'members.merges',
  'members.listViews',
  'members.mergeSuggestions',
  'members.pickImportFile',
  'members.importPreview',
  'tags.list',
  'roles.list',
  'fields.list',
  'points.list',
  'violations.list',
  'violations.suggestion',
  'violations.thresholds',
  'blacklist.list',
  'blacklist.check',
  'tiers.rules',
  'tiers.distribution',
  'calendar.items',
  'calendar.get',
  'calendar.gaps',
  'calendar.capWarnings',
  'calendar.caps',
  'calendar.specialDates',
  'materials.list',
  'materials.tags',
  'cadence.get',
  'cadence.templates',
  'activities.list',
  'activities.get',
  'activities.templates',
  'activities.points',
  'activities.report',
  'checkins.list',
  'checkins.streaks',
  'backup.vaults',
  'backup.snapshots',
  'backup.pickPath',
  'backup.status',
  'backup.settings',
  'playbooks.list',
  'playbooks.get',
  'playbooks.renderTemplate',
  'playbooks.evaluateTriggers',
  'incidents.list',
  'incidents.get',
  'incidents.renderTemplate',
  'incidents.suggestions',
  'drills.get',
  'drills.list',
  'drills.overview',
  'prevention.status',
  'imports.preview',
  'imports.list',
  'imports.pickFiles',
  'health.overview',
  'health.metric',
  'health.heatmap',
  'health.cohorts',
  'health.top',
  'health.channels',
  'health.thresholds',
  'health.conversions',
  'health.violations',
  'health.outreach',
  'health.wakeSettings',
  'risk.summary',
  'risk.check',
  'risk.lists',
  'risk.getList',
  'risk.lint',
  'risk.parseWords',
  'risk.backtest',
  'risk.queue',
  'risk.stats',
  'operators.list',
  // Files without personal data (templates, word lists, the plan, a support bundle): see the table.
  'playbooks.export',
  'risk.exportList',
  'calendar.export',
  'diagnostics.export',
  // Only narrows what the app may do: a damaged workspace opened read-only.
  'recovery.openReadOnly',
  'groupinfo.get',
  'standby.list',
  'rules.list',
  'qrcodes.list',
  'qrcodes.expiring',
  'qrcodes.image',
  'admission.config',
  'admission.list',
  'admission.get',
  'admission.stats',
]);

export const channelPermissions: { [K in ChannelName]?: Rule<K> } = {
  'members.get': (input) => (input.reveal ? ['reveal'] : none),
  'members.export': (input) => (input.reveal ? ['export', 'reveal'] : ['export']),
  'members.exportFile': (input) => (input.reveal ? ['export', 'reveal'] : ['export']),
  'members.forget': ['delete'],
  'incidents.export': ['export'],
  'audit.export': ['export'],
  'audit.recordExport': ['export'],
  // Templates, word lists, the content plan, a saved list view and support bundles: no personal data.
  'playbooks.export': none,
  'risk.exportList': none,
  'calendar.export': none,
  'diagnostics.export': none,
  // A saved list view is a preference, not personal data: deleting one is an everyday edit.
  'members.deleteView': edit,
  'qrcodes.removeImage': edit, // an entry QR code's picture, not personal data
  // An outreach record is a note of the operator's own work, like the activities it stands beside.
  'health.deleteOutreach': edit,
  // A dry run only counts the check-ins it would record.
  'checkins.fromMessages': (input) => (input.dryRun ? none : edit),

  'risk.saveList': ['editLists'],
  'risk.importList': ['editLists'],
  'risk.enableList': ['editLists'],
  'risk.deleteList': ['editLists', 'delete'],
  'blacklist.add': ['editLists'],
  'blacklist.remove': ['editLists'],

  'backup.restore': ['restore'],
  'backup.importArchive': ['restore'],
  'backup.openWorkspace': ['restore'],
  'recovery.restoreLatest': ['restore'],
  'backup.removeVault': ['delete', 'restore'],
  'backup.prune': ['delete'],

  'operators.create': manage,
  'operators.update': manage,
  'operators.resetPassphrase': manage,
  'operators.delete': manage,
  'operators.saveRole': manage,
  'operators.deleteRole': manage,
  'operators.updateSettings': manage,
};

/** Permissions a call needs, from the table or from the method's name. */
export function requiredPermissions<K extends ChannelName>(
  channel: K,
  input: ChannelParsedInput<K>,
): readonly Permission[] {
  const rule = channelPermissions[channel] as Rule<K> | undefined;
  if (rule !== undefined) return typeof rule === 'function' ? rule(input) : rule;
  const method = channel.slice(channel.indexOf('.') + 1);
  if (/^export/i.test(method)) return ['export'];
  if (/^(delete|remove)/i.test(method)) return ['delete'];
  return readChannels.has(channel) ? none : edit;
}
