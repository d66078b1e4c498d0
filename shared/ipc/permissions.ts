/**
 * The permission each channel needs, checked by the dispatcher after validation (the renderer only uses it to
 * hide what would be refused). Channels not listed need none, except that any method named `export…` needs
 * `export` and any named `delete…`/`remove…` needs `delete` — so a channel added later fails closed until it is
 * listed here on purpose.
 */
import type { Permission } from '../domain/operators';
import type { ChannelName, ChannelParsedInput } from './contract';

type Rule<K extends ChannelName> =
  readonly Permission[] | ((input: ChannelParsedInput<K>) => readonly Permission[]);

const none: readonly Permission[] = [];
const manage: readonly Permission[] = ['manageOperators'];

export const channelPermissions: { [K in ChannelName]?: Rule<K> } = {
  'members.get': (input) => (input.reveal ? ['reveal'] : none),
  'members.export': (input) => (input.reveal ? ['export', 'reveal'] : ['export']),
  'members.exportFile': (input) => (input.reveal ? ['export', 'reveal'] : ['export']),
  'members.forget': ['delete'],
  'incidents.export': ['export'],
  'audit.export': ['export'],
  // Templates, word lists, the content plan, a saved list view and support bundles: no personal data.
  'playbooks.export': none,
  'risk.exportList': none,
  'calendar.export': none,
  'diagnostics.export': none,
  'members.deleteView': none,

  'risk.saveList': ['editLists'],
  'risk.importList': ['editLists'],
  'risk.enableList': ['editLists'],
  'risk.deleteList': ['editLists', 'delete'],
  'blacklist.add': ['editLists'],
  'blacklist.remove': ['editLists'],

  'backup.restore': ['restore'],
  'backup.importArchive': ['restore'],
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
  return none;
}
