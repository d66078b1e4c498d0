import type { membersChannels } from '../../../../shared/ipc/channels/members';
import type { DataEntity } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import {
  addNotes,
  getMemberProfile,
  listMemberPage,
  memberMerges,
  memberMessages,
  updateMember,
} from '../../services/members';
import {
  addIdentity,
  addToBlacklist,
  blacklistPage,
  checkBlacklist,
  removeFromBlacklist,
  removeIdentity,
} from '../../services/membersIdentities';
import {
  addPoints,
  addViolation,
  pointsHistory,
  updateViolationThresholds,
  violationPage,
  violationSuggestion,
  violationThresholds,
} from '../../services/membersLedgers';
import {
  changeTags,
  createCustomField,
  createRole,
  createTag,
  createTagGroup,
  editRole,
  listCustomFields,
  listRoles,
  removeCustomField,
  removeRole,
  removeTag,
  tagList,
} from '../../services/membersTags';
import {
  exportMembers,
  memberExportFile,
  pickMemberTable,
  previewMemberImport,
} from '../../services/membersCsv';
import { forgetMember } from '../../services/membersForget';
import { memberViews, removeMemberView, saveMemberView } from '../../services/membersViews';
import { mergeMember, mergeSuggestions, undoMerge } from '../../services/membersMerge';
import { tierDistributionFor, tierRulesView, updateTierRules } from '../../services/membersTiers';
import type { Handlers } from '../dispatcher';

type MembersChannel = keyof typeof membersChannels;

const memberChange: DataEntity[] = ['members', 'audit'];

export function membersHandlers(backend: Backend): Pick<Handlers, MembersChannel> {
  const { context, jobs } = backend;
  const change = <T>(run: () => T): T => backend.changed(memberChange, run);
  /** Announces the change once an asynchronous one (a file written, then audited) is done. */
  const auditedAfter = async <T>(run: () => Promise<T>): Promise<T> => {
    const result = await run();
    return backend.changed(['audit'], () => result);
  };
  return {
    'members.list': ({ offset, limit, ...filter }) => listMemberPage(context, { ...filter, offset, limit }),
    'members.get': ({ id, reveal }) =>
      reveal
        ? backend.changed(['audit'], () => getMemberProfile(context, id, true))
        : getMemberProfile(context, id),
    'members.update': ({ id, patch }) => change(() => updateMember(context, id, patch)),
    'members.addNote': ({ memberIds, filter, body }) =>
      change(() => addNotes(context, { memberIds, filter }, body)),
    'members.forget': ({ id, confirmName }) =>
      backend.changed(['members', 'messages', 'activities', 'groups', 'audit'], () =>
        forgetMember(context, id, confirmName),
      ),
    'members.messages': (query) => memberMessages(context, query),
    'members.merges': ({ memberId }) => memberMerges(context, memberId),
    'members.exportFile': ({ memberIds, filter, reveal, format }) =>
      auditedAfter(() =>
        memberExportFile(context.db, { memberIds, filter }, reveal, format, {
          operator: context.operator(),
          now: context.now(),
        }),
      ),
    'members.listViews': () => memberViews(context),
    'members.saveView': ({ id, ...fields }) => change(() => saveMemberView(context, id, fields)),
    'members.deleteView': ({ id }) =>
      change(() => {
        removeMemberView(context, id);
        return { deleted: true as const };
      }),
    'members.pickImportFile': () => pickMemberTable(backend.ports, backend.settings.get().locale),
    'members.importPreview': ({ path, mapping, sheet }) => {
      // The import usually follows: its job worker starts meanwhile.
      jobs.prepare();
      return previewMemberImport(context.db, path, mapping, sheet);
    },
    'members.import': ({ path, mapping, sheet }) => ({
      jobId: jobs.start('members.import', { path, mapping, sheet }, context.operator()),
    }),
    'members.export': ({ path, filter, reveal }) =>
      auditedAfter(() =>
        exportMembers(context.db, path, filter, reveal, {
          operator: context.operator(),
          now: context.now(),
        }),
      ),
    'members.mergeSuggestions': ({ limit, memberId }) => mergeSuggestions(context, limit, memberId),
    'members.merge': ({ sourceId, targetId }) => change(() => mergeMember(context, sourceId, targetId)),
    'members.undoMerge': ({ mergeId }) => change(() => undoMerge(context, mergeId)),

    'tags.list': () => tagList(context),
    'tags.create': (input) => change(() => createTag(context, input)),
    'tags.createGroup': ({ name }) => change(() => createTagGroup(context, name)),
    'tags.delete': ({ id }) =>
      change(() => {
        removeTag(context, id);
        return { deleted: true as const };
      }),
    'tags.assign': ({ tagIds, memberIds, filter }) =>
      change(() => changeTags(context, 'assign', tagIds, { memberIds, filter })),
    'tags.unassign': ({ tagIds, memberIds, filter }) =>
      change(() => changeTags(context, 'unassign', tagIds, { memberIds, filter })),

    'roles.list': () => listRoles(context.db),
    'roles.create': ({ name, permissions }) => change(() => createRole(context, name, permissions)),
    'roles.update': ({ id, ...patch }) => change(() => editRole(context, id, patch)),
    'roles.delete': ({ id }) =>
      change(() => {
        removeRole(context, id);
        return { deleted: true as const };
      }),

    'fields.list': () => listCustomFields(context.db),
    'fields.create': (input) => change(() => createCustomField(context, input)),
    'fields.delete': ({ id }) =>
      change(() => {
        removeCustomField(context, id);
        return { deleted: true as const };
      }),

    'points.add': (input) => change(() => addPoints(context, input)),
    'points.list': ({ memberId, offset, limit }) => pointsHistory(context, memberId, offset, limit),

    'violations.add': (input) => change(() => addViolation(context, input)),
    'violations.list': (query) => violationPage(context, query),
    'violations.suggestion': ({ memberId }) => violationSuggestion(context, memberId),
    'violations.thresholds': () => violationThresholds(context),
    'violations.setThresholds': ({ thresholds }) =>
      change(() => updateViolationThresholds(context, thresholds)),

    'blacklist.list': ({ offset, limit, memberId }) => blacklistPage(context, offset, limit, memberId),
    'blacklist.add': (input) => change(() => ({ entries: addToBlacklist(context, input) })),
    'blacklist.remove': ({ id }) =>
      change(() => {
        removeFromBlacklist(context, id);
        return { removed: true as const };
      }),
    'blacklist.check': ({ identities }) => checkBlacklist(context, identities),

    'identities.add': ({ memberId, platform, value, source }) =>
      change(() => addIdentity(context, memberId, { platform, value }, source)),
    'identities.remove': ({ id }) =>
      change(() => {
        removeIdentity(context, id);
        return { removed: true as const };
      }),

    'tiers.rules': ({ groupId }) => tierRulesView(context, groupId),
    'tiers.updateRules': ({ groupId, rules }) => change(() => updateTierRules(context, groupId, rules)),
    'tiers.recompute': ({ groupIds }) => ({
      jobId: jobs.start('tiers.recompute', groupIds ? { groupIds } : {}, context.operator()),
    }),
    'tiers.distribution': ({ groupId }) => tierDistributionFor(context, groupId),
  };
}
