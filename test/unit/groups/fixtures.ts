/** A real backend on a temp workspace with a clock the test moves, and helpers to call channels as the UI does. */
import type { Db } from '../../../electron/main/db/connection';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { addGroupMember, insertMember } from '../../../electron/main/db/repositories/members';
import { createGroup } from '../../../electron/main/services/groups';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/errors';
import type { QuestionnaireInput } from '../../../shared/domain/admission';
import type { GroupType, JoinChannel } from '../../../shared/domain/types';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';

export const dayMs = 86_400_000;

/** Maximum 22: q1 10 (knockout on 不同意), q2 up to 8 (one option −5), q3 4 for any answer; pass at 14. */
export const sampleQuestionnaire: QuestionnaireInput = {
  questions: [
    {
      id: 'q1',
      kind: 'single',
      prompt: '是否同意遵守群规？',
      required: true,
      options: [
        { id: 'o1', label: '同意', score: 10 },
        { id: 'o2', label: '不同意', score: 0, knockout: true },
      ],
    },
    {
      id: 'q2',
      kind: 'multi',
      prompt: '你关心哪些内容？',
      required: false,
      options: [
        { id: 'o1', label: '育儿', score: 5 },
        { id: 'o2', label: '团购', score: 3 },
        { id: 'o3', label: '广告合作', score: -5 },
      ],
    },
    { id: 'q3', kind: 'text', prompt: '简单介绍一下自己', required: true, textScore: 4 },
  ],
  passScore: 14,
};
/** 2024-05-01 10:00 in China. */
export const startOfTest = Date.UTC(2024, 4, 1, 2, 0);

export function groupsBackend() {
  const clock = { now: startOfTest };
  const backend = makeTestBackend({ now: () => clock.now });
  const dispatch: Dispatch = backend.createDispatch(trustAppOrigin);
  const context = backend.context;
  return {
    backend,
    context,
    db: backend.workspace.db as Db,
    clock,
    advance(days: number) {
      clock.now += days * dayMs;
    },
    /** Calls a channel through the dispatcher (validation included) and returns its envelope. */
    async send<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>> {
      return (await dispatch(name, input, trustedSender)) as Result<ChannelOutput<K>>;
    },
    /** Calls a channel and unwraps its value, failing loudly on an error. */
    async call<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
      const result = (await dispatch(name, input, trustedSender)) as Result<ChannelOutput<K>>;
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    group(name: string, type: GroupType = 'service', memberCap = 500) {
      return createGroup(context, { name, type, positioning: '', coreGoal: '', memberCap }).id;
    },
    /** A member in the group (joined a month ago). */
    member(
      groupId: number | null,
      displayName: string,
      wxid: string | null,
      joinChannel: JoinChannel | null = null,
    ) {
      const id = insertMember(
        backend.workspace.db,
        { displayName, wxid, joinChannel },
        clock.now - 40 * dayMs,
      );
      if (groupId !== null) {
        addGroupMember(backend.workspace.db, {
          groupId,
          memberId: id,
          role: 'member',
          groupNickname: null,
          joinedAt: clock.now - 30 * dayMs,
        });
      }
      return id;
    },
    /** Row counts of the tables a change may touch, to prove a refused change wrote nothing. */
    counts() {
      const db = backend.workspace.db;
      const count = (table: string) =>
        (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        applications: count('admission_applications'),
        decisions: count('admission_decisions'),
        members: count('members'),
        memberships: count('group_members'),
        audit: count('audit_log'),
        rules: count('group_rule_versions'),
        qr: count('group_qr_codes'),
        details: count('group_details'),
        stages: JSON.stringify(
          db.prepare('SELECT group_id, stages, questionnaire FROM admission_configs').all(),
        ),
        states: JSON.stringify(
          db.prepare('SELECT id, stage, status, member_id FROM admission_applications').all(),
        ),
        roles: JSON.stringify(
          db.prepare('SELECT group_id, member_id, role, left_at FROM group_members ORDER BY 1, 2').all(),
        ),
      };
    },
    dispose: () => backend.dispose(),
  };
}

export type GroupsTestBackend = ReturnType<typeof groupsBackend>;
