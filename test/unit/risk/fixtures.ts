/** A small hand-made workspace for the risk tests: one group, three members, ordinary and risky messages. */
import { afterEach, beforeEach } from 'vitest';
import type { Backend } from '../../../electron/main/backend';
import type { Db } from '../../../electron/main/db/connection';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { addGroupMember, insertMember } from '../../../electron/main/db/repositories/members';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import { messageFingerprint } from '../../../electron/main/services/fingerprint';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import type { MessageKind } from '../../../shared/domain/types';
import type { ApiErrorPayload } from '../../../shared/ipc/errors';
import type { RiskListDetail, RiskListInput, RiskScanResult } from '../../../shared/ipc/channels/risk';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';

export const dayMs = 86_400_000;
export const minuteMs = 60_000;
/** 2024-05-01 12:00 UTC: fixed, so days and windows are the same on every run. */
export const now = Date.UTC(2024, 4, 1, 12);

export interface SeededMessage {
  key: string;
  sender: 'zhang' | 'li' | 'wang' | null;
  content: string;
  kind?: MessageKind;
  /** Minutes before `now`. */
  ago: number;
}

/** Ordinary chat with a few risky lines (an ad, a scam, a complaint, a phone number, abuse, a refund question). */
export const seedMessages: readonly SeededMessage[] = [
  { key: 'hello', sender: 'zhang', content: '大家早上好', ago: 600 },
  { key: 'ad', sender: 'li', content: '加我微信 wx123456 免费领取资料', ago: 590 },
  { key: 'reply', sender: 'zhang', content: '群里不要发广告哦', ago: 589 },
  { key: 'scam', sender: 'li', content: '兼职刷单日赚300，私聊我', ago: 500 },
  { key: 'complaint', sender: 'wang', content: '这家店服务太差了，我要投诉！', ago: 400 },
  { key: 'phone', sender: 'wang', content: '我的手机号是13812345678有事联系', ago: 300 },
  { key: 'refund1', sender: 'zhang', content: '退款申请提交了，大概几天到账', ago: 200 },
  { key: 'abuse', sender: null, content: '你这个傻逼', ago: 150 },
  { key: 'refund2', sender: 'wang', content: '退款申请怎么弄', ago: 100 },
  { key: 'system', sender: null, content: '"李四"加入了群聊 投诉', kind: 'system', ago: 50 },
  { key: 'old', sender: 'li', content: '加我微信领取', ago: 60 * 24 * 45 },
  { key: 'thanks', sender: 'zhang', content: '谢谢老师，讲得真好', ago: 10 },
];

export interface Seeded {
  groupId: number;
  members: Record<'zhang' | 'li' | 'wang', number>;
  messages: Record<string, number>;
}

export function seedWorkspace(db: Db, messages: readonly SeededMessage[] = seedMessages): Seeded {
  const groupId = insertGroup(
    db,
    { name: '读书服务群', type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
    now - 100 * dayMs,
  );
  const add = (displayName: string, wxid: string) =>
    insertMember(db, { displayName, wxid, joinChannel: 'official_account' }, now - 90 * dayMs);
  const members = {
    zhang: add('张三', 'wxid_zhang'),
    li: add('李四', 'wxid_li'),
    wang: add('王五', 'wxid_wang'),
  };
  for (const memberId of Object.values(members)) {
    addGroupMember(db, {
      groupId,
      memberId,
      role: 'member',
      groupNickname: null,
      joinedAt: now - 80 * dayMs,
    });
  }
  const ids = addMessages(db, groupId, members, messages);
  return { groupId, members, messages: ids };
}

export function addMessages(
  db: Db,
  groupId: number,
  members: Record<'zhang' | 'li' | 'wang', number>,
  messages: readonly SeededMessage[],
): Record<string, number> {
  const insert = prepareMessageInsert(db);
  const ids: Record<string, number> = {};
  const names = { zhang: '张三', li: '李四', wang: '王五' };
  db.transaction(() => {
    for (const message of messages) {
      const sentAt = now - message.ago * minuteMs;
      const senderName = message.sender ? names[message.sender] : '系统';
      insert({
        groupId,
        memberId: message.sender ? members[message.sender] : null,
        senderName,
        sentAt,
        kind: message.kind ?? 'text',
        content: message.content,
        fingerprint: messageFingerprint(groupId, senderName, sentAt, message.content),
        importId: null,
      });
      ids[message.key] = (db.prepare('SELECT max(id) AS id FROM messages').get() as { id: number }).id;
    }
  })();
  return ids;
}

export interface RiskTestBackend {
  backend: Backend & { dispose(): Promise<void> };
  seeded: Seeded;
  /** Calls a channel through the dispatcher; throws the error payload on failure. */
  call<K extends ChannelName>(channel: K, input?: ChannelInput<K>): Promise<ChannelOutput<K>>;
  /** Calls a channel expecting it to fail; returns the error payload. */
  fail<K extends ChannelName>(channel: K, input?: ChannelInput<K>): Promise<ApiErrorPayload>;
  /** A number from the workspace database (a count, a flag). */
  count(sql: string, ...params: unknown[]): number;
  /** Runs the scan job to its end and returns its result. */
  scan(input?: { batchSize?: number }): Promise<RiskScanResult>;
  dispose(): Promise<void>;
}

export async function makeRiskBackend(): Promise<RiskTestBackend> {
  const backend = makeTestBackend({ now: () => now });
  const seeded = seedWorkspace(backend.context.db);
  const dispatch = backend.createDispatch(trustAppOrigin);
  const raw = (channel: string, input: unknown) => dispatch(channel, input ?? {}, trustedSender);
  return {
    backend,
    seeded,
    async call(channel, input) {
      const result = await raw(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value as never;
    },
    async fail(channel, input) {
      const result = await raw(channel, input);
      if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
      return result.error;
    },
    count: (sql, ...params) =>
      backend.context.db
        .prepare(sql)
        .pluck()
        .get(...params) as number,
    async scan(input = {}) {
      const state = await backend.jobs.wait(backend.jobs.start('risk.scan', input, 'test'));
      if (state.status !== 'done')
        throw new Error(`scan ended ${state.status}: ${JSON.stringify(state.error)}`);
      return state.result as never;
    },
    dispose: () => backend.dispose(),
  };
}

/** The editable part of a stored list, as `risk.saveList` takes it. */
export function listInput(detail: RiskListDetail): RiskListInput {
  const { name, kind, category, severity, action, options, words } = detail;
  return { name, kind, category, severity, action, options, words };
}

/**
 * A fresh seeded backend for each test of the file (scanned once first with `scan`), disposed after it. The object
 * returned forwards to the current test's backend.
 */
export function useRiskBackend(options: { scan?: boolean } = {}): RiskTestBackend {
  let current: RiskTestBackend | undefined;
  beforeEach(async () => {
    current = await makeRiskBackend();
    if (options.scan) await current.scan();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });
  return new Proxy({} as RiskTestBackend, {
    get: (_, key) => {
      if (!current) throw new Error('the risk backend exists only inside a test');
      return current[key as keyof RiskTestBackend];
    },
  });
}
