import type { groupsAdmissionChannels } from '../../../../shared/ipc/channels/groups';
import type { DataEntity } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import {
  addQrCode,
  admissionConfig,
  admissionStatsFor,
  applicationPage,
  applyForAdmission,
  expiringQrCodes,
  getApplication,
  groupQrCodes,
  moveApplicationTo,
  retireQr,
  saveQuestionnaire,
  saveStages,
} from '../../services/admission';
import { publishRules, listRules } from '../../services/groupRules';
import { getGroupDetail, setGroupStaff, standbyList, updateGroupInfo } from '../../services/groups';
import type { Handlers } from '../dispatcher';

type GroupsAdmissionChannel = keyof typeof groupsAdmissionChannels;

const groupChange: DataEntity[] = ['groups', 'audit'];
/** Staff roles and admissions change memberships too. */
const membershipChange: DataEntity[] = ['groups', 'members', 'audit'];

export function groupsAdmissionHandlers(backend: Backend): Pick<Handlers, GroupsAdmissionChannel> {
  const { context } = backend;
  const change = <T>(run: () => T): T => backend.changed(groupChange, run);
  return {
    'groupinfo.get': ({ groupId }) => getGroupDetail(context, groupId),
    'groupinfo.update': ({ groupId, patch }) => change(() => updateGroupInfo(context, groupId, patch)),
    'groupinfo.setStaff': ({ groupId, ownerMemberId, adminMemberIds }) =>
      backend.changed(membershipChange, () => setGroupStaff(context, groupId, ownerMemberId, adminMemberIds)),

    'standby.list': () => standbyList(context),

    'rules.list': ({ groupId }) => listRules(context, groupId),
    'rules.publish': (input) => change(() => publishRules(context, input)),

    'qrcodes.list': ({ groupId, reminderDays }) => groupQrCodes(context, groupId, reminderDays),
    'qrcodes.add': (input) => change(() => addQrCode(context, input)),
    'qrcodes.retire': ({ id }) => change(() => retireQr(context, id)),
    'qrcodes.expiring': ({ withinDays, groupId }) => expiringQrCodes(context, withinDays, groupId),

    'admission.config': ({ groupId }) => admissionConfig(context, groupId),
    'admission.saveQuestionnaire': ({ groupId, questionnaire }) =>
      change(() => saveQuestionnaire(context, groupId, questionnaire)),
    'admission.saveStages': ({ groupId, stages }) => change(() => saveStages(context, groupId, stages)),
    'admission.list': (query) => applicationPage(context, query),
    'admission.get': ({ id }) => getApplication(context, id),
    'admission.apply': (input) => change(() => applyForAdmission(context, input)),
    'admission.advance': ({ id, toStage, decidedBy, note }) =>
      backend.changed(membershipChange, () =>
        moveApplicationTo(context, id, { kind: 'advance', toStage }, { decidedBy, note }),
      ),
    'admission.reject': ({ id, decidedBy, note }) =>
      change(() => moveApplicationTo(context, id, { kind: 'reject' }, { decidedBy, note })),
    'admission.stats': ({ groupId }) => admissionStatsFor(context, groupId),
  };
}
