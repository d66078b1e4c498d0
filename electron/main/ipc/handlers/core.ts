import type { ChannelName } from '../../../../shared/ipc/contract';
import { listAudit } from '../../db/repositories/audit';
import { createGroup, editGroup, getGroup, listGroups, removeGroup } from '../../services/groups';
import { workspaceInfo } from '../../services/workspace';
import type { Backend } from '../../backend';
import type { Handlers } from '../dispatcher';

type CoreChannel = Extract<
  ChannelName,
  `workspace.${string}` | `settings.${string}` | `groups.${string}` | `jobs.${string}` | 'audit.list'
>;

export function coreHandlers(backend: Backend): Pick<Handlers, CoreChannel> {
  const { context, workspace, settings, jobs, events } = backend;
  return {
    'workspace.info': () => workspaceInfo(workspace, backend.appVersion),
    'workspace.loadDemo': ({ seed }) => ({ jobId: jobs.start('demo.load', { seed }, context.operator()) }),

    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const next = settings.update(patch);
      events.emit('data.changed', { entities: ['settings'] });
      return next;
    },

    'groups.list': () => listGroups(context.db),
    'groups.get': ({ id }) => getGroup(context, id),
    'groups.create': (input) => backend.changed(['groups', 'audit'], () => createGroup(context, input)),
    'groups.update': ({ id, patch }) => backend.changed(['groups', 'audit'], () => editGroup(context, id, patch)),
    'groups.delete': ({ id }) =>
      backend.changed(['groups', 'members', 'messages', 'audit'], () => {
        removeGroup(context, id);
        return { deleted: true as const };
      }),

    'jobs.list': () => jobs.list(),
    'jobs.cancel': ({ id }) => ({ cancelled: jobs.cancel(id) }),

    'audit.list': ({ offset, limit, ...filter }) => listAudit(context.db, offset, limit, filter),
  };
}
