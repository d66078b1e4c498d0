/**
 * Deleting and moving messages through foreign-key actions keeps the rollups exact. SQLite runs an ON DELETE SET
 * NULL / CASCADE action with ABORT conflict handling, which overrides an `INSERT OR IGNORE` in the triggers it
 * fires: the second message of the same (group, day) used to fail with "UNIQUE constraint failed:
 * health_rollup_dirty". Each step here changes many messages of the same day and of other days, then the rollups must
 * equal both the plain-TypeScript reference and a rebuild from scratch.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/connection';
import {
  clearHealthRollups,
  refreshHealthRollups,
} from '../../../electron/main/db/repositories/healthRollups';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { messageFingerprint } from '../../../electron/main/services/fingerprint';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { at, seedHealth, type Fixture, type MemberKey } from './fixtures';
import { expectedRollups, sorted, storedRollups } from './rollupReference';

function caller(dispatch: Dispatch) {
  return async <K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> => {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    return result.value as ChannelOutput<K>;
  };
}

/** Several messages a day from A, C and D in both groups, on the same days and on others. */
function addBusyDays(db: Db, fixture: Fixture): void {
  const insert = prepareMessageInsert(db);
  const say = (groupId: number, key: MemberKey, sentAt: number) => {
    const content = `第${sentAt}条`;
    insert({
      groupId,
      memberId: fixture.members[key],
      senderName: `成员${key}`,
      sentAt,
      kind: 'text',
      content,
      fingerprint: messageFingerprint(groupId, key, sentAt, content),
      importId: null,
    });
  };
  db.transaction(() => {
    for (const date of ['2024-03-01', '2024-03-02', '2024-03-04'])
      for (const time of ['00:00', '07:59', '08:00', '12:00', '23:59'])
        for (const key of ['A', 'C', 'D'] as const) {
          say(fixture.groups.reading, key, at(date, time));
          if (key === 'A') say(fixture.groups.running, key, at(date, time));
        }
  })();
}

/** Refreshes the rollups, then checks them against the reference and against a rebuild from scratch. */
function expectExact(db: Db): void {
  refreshHealthRollups(db);
  const expected = sorted(expectedRollups(db));
  expect(sorted(storedRollups(db))).toEqual(expected);
  clearHealthRollups(db);
  refreshHealthRollups(db);
  expect(sorted(storedRollups(db))).toEqual(expected);
}

async function withBusyWorkspace(
  run: (db: Db, fixture: Fixture, call: ReturnType<typeof caller>) => unknown,
) {
  const backend = makeTestBackend({ now: () => at('2024-06-01') });
  try {
    const { db } = backend.context;
    const fixture = seedHealth(db);
    addBusyDays(db, fixture);
    refreshHealthRollups(db);
    await run(db, fixture, caller(backend.createDispatch(trustAppOrigin)));
  } finally {
    await backend.dispose();
  }
}

const messagesOf = (db: Db, memberId: number) =>
  db.prepare('SELECT count(*) FROM messages WHERE member_id = ?').pluck().get(memberId) as number;

describe('health rollups after deletes through foreign keys', () => {
  it('deleting a member with many messages on the same day keeps their messages, unattributed', () =>
    withBusyWorkspace((db, fixture) => {
      const before = messagesOf(db, fixture.members.A);
      expect(before).toBeGreaterThan(10);
      db.prepare('DELETE FROM members WHERE id = ?').run(fixture.members.A);
      expect(messagesOf(db, fixture.members.A)).toBe(0);
      expect(
        db
          .prepare("SELECT count(*) FROM messages WHERE member_id IS NULL AND kind <> 'system'")
          .pluck()
          .get(),
      ).toBe(before);
      expectExact(db);
    }));

  it('merging two members moves every message and the rollups follow', () =>
    withBusyWorkspace(async (db, fixture, call) => {
      const moved = messagesOf(db, fixture.members.C);
      const result = await call('members.merge', {
        sourceId: fixture.members.C,
        targetId: fixture.members.D,
      });
      expect(result).toBeTruthy();
      expect(messagesOf(db, fixture.members.C)).toBe(0);
      expect(messagesOf(db, fixture.members.D)).toBeGreaterThanOrEqual(moved);
      expectExact(db);
    }));

  it('forgetting a member keeps their anonymous counts', () =>
    withBusyWorkspace(async (db, fixture, call) => {
      const before = sorted(storedRollups(db));
      await call('members.forget', { id: fixture.members.A, confirmName: '成员A' });
      expectExact(db);
      expect(sorted(storedRollups(db))).toEqual(before);
    }));

  it('deleting a group with many messages a day removes exactly its rollups', () =>
    withBusyWorkspace(async (db, fixture, call) => {
      await call('groups.delete', { id: fixture.groups.reading });
      expect(
        db.prepare('SELECT count(*) FROM messages WHERE group_id = ?').pluck().get(fixture.groups.reading),
      ).toBe(0);
      expectExact(db);
      expect(
        db
          .prepare('SELECT count(*) FROM health_daily WHERE group_id = ?')
          .pluck()
          .get(fixture.groups.running),
      ).toBeGreaterThan(0);
    }));

  it('deleting messages of several days at once', () =>
    withBusyWorkspace((db, fixture) => {
      db.prepare('DELETE FROM messages WHERE group_id = ? AND sent_at < ?').run(
        fixture.groups.reading,
        at('2024-03-03', '00:00'),
      );
      expectExact(db);
    }));
});
