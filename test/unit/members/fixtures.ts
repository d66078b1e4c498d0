/** A small hand-made workspace for the member tests: two groups, named members with known activity. */
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import type { Db } from '../../../electron/main/db/connection';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { addGroupMember, insertMember } from '../../../electron/main/db/repositories/members';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import { messageFingerprint } from '../../../electron/main/services/fingerprint';
import type { Result } from '../../../shared/ipc/errors';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';

export const dayMs = 86_400_000;

export interface Seeded {
  groups: { service: number; activity: number };
  members: Record<'zhangsan' | 'lisi' | 'wangwu' | 'shanxiongxin' | 'amy' | 'zhaoliu' | 'departed', number>;
}

/** Messages per day, over how many of the last days, per member (in the service group). */
const activity = {
  zhangsan: [4, 12],
  lisi: [5, 2],
  wangwu: [1, 1],
  shanxiongxin: [0, 0],
  amy: [1, 1],
  zhaoliu: [0, 0],
  departed: [3, 3],
} as const;

export function seedMembers(db: Db, now: number): Seeded {
  const service = insertGroup(
    db,
    { name: '读书服务群', type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
    now - 200 * dayMs,
  );
  const activityGroup = insertGroup(
    db,
    { name: '周末活动群', type: 'activity', positioning: '', coreGoal: '', memberCap: 500 },
    now - 200 * dayMs,
  );
  const add = (displayName: string, wxid: string | null, extra: { phone?: string; remark?: string } = {}) =>
    insertMember(db, { displayName, wxid, joinChannel: 'official_account', ...extra }, now - 100 * dayMs);
  const members = {
    zhangsan: add('张三', 'wxid_zhangsan', { phone: '13800138000' }),
    lisi: add('李四', 'wxid_lisi', { phone: '13912345678', remark: '老客户' }),
    wangwu: add('王五', null),
    shanxiongxin: add('单雄信', 'wxid_shan'),
    amy: add('Amy李', 'wxid_amy'),
    zhaoliu: add('赵六', 'wxid_zhaoliu'),
    departed: add('钱七', 'wxid_qian'),
  };
  for (const [key, id] of Object.entries(members)) {
    addGroupMember(db, {
      groupId: service,
      memberId: id,
      role: key === 'zhangsan' ? 'owner' : 'member',
      groupNickname: key === 'lisi' ? '书虫小李' : null,
      joinedAt: now - 90 * dayMs + (key === 'amy' ? 30 * dayMs : 0),
      leftAt: key === 'departed' ? now - 2 * dayMs : null,
    });
  }
  addGroupMember(db, {
    groupId: activityGroup,
    memberId: members.zhaoliu,
    role: 'admin',
    groupNickname: '六哥',
    joinedAt: now - 60 * dayMs,
  });
  addGroupMember(db, {
    groupId: activityGroup,
    memberId: members.zhangsan,
    role: 'member',
    groupNickname: null,
    joinedAt: now - 10 * dayMs,
  });

  const insert = prepareMessageInsert(db);
  db.transaction(() => {
    for (const [key, [perDay, days]] of Object.entries(activity)) {
      const memberId = members[key as keyof typeof members];
      for (let day = 0; day < days; day += 1) {
        for (let n = 0; n < perDay; n += 1) {
          const sentAt = now - (day + 1) * dayMs + n * 60_000 - (key === 'departed' ? 3 * dayMs : 0);
          const content = `${key} 第${day}天 第${n}条`;
          insert({
            groupId: service,
            memberId,
            senderName: key,
            sentAt,
            kind: 'text',
            content,
            fingerprint: messageFingerprint(service, key, sentAt, content),
            importId: null,
          });
        }
      }
    }
  })();
  return { groups: { service, activity: activityGroup }, members };
}

export function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

export function failure(result: Result<unknown>): {
  code: string;
  message: string;
  params?: Record<string, string | number>;
} {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

export interface MemberTestBackend {
  backend: ReturnType<typeof makeTestBackend>;
  seeded: Seeded;
  call(channel: string, input?: unknown): ReturnType<Dispatch>;
  /** Number of audit rows, to check a failed change wrote none. */
  auditCount(): number;
  dispose(): Promise<void>;
}

export function memberTestBackend(): MemberTestBackend {
  const backend = makeTestBackend();
  const dispatch = backend.createDispatch(trustAppOrigin);
  const seeded = seedMembers(backend.context.db, Date.now());
  return {
    backend,
    seeded,
    call: (channel, input = {}) => dispatch(channel, input, trustedSender),
    auditCount: () =>
      (backend.context.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,
    dispose: () => backend.dispose(),
  };
}

/**
 * Every place a text still appears: `table.column: needle` for each text column of every table holding it. Message
 * text is the group's record and is kept by "forget" (only its sender is anonymised), so it and its full-text index
 * are left out.
 */
export function whereFound(db: Db, needles: readonly string[]): string[] {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'messages_fts%' AND name NOT LIKE 'sqlite_%'",
    )
    .pluck()
    .all() as string[];
  const found: string[] = [];
  for (const table of tables) {
    for (const column of db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]) {
      if (table === 'messages' && column === 'content') continue;
      for (const needle of needles) {
        const hit = db
          .prepare(`SELECT 1 FROM "${table}" WHERE instr(CAST("${column}" AS TEXT), ?) > 0 LIMIT 1`)
          .get(needle);
        if (hit) found.push(`${table}.${column}: ${needle}`);
      }
    }
  }
  return found;
}
