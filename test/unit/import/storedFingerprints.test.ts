/**
 * StoredFingerprints answers whether the group stores a fingerprint, reading the group's messages a time window at
 * a time. It tries the stored order first (a re-imported export brings its messages in that order) and looks up
 * anything else: whatever the order of the questions, its answers must be those of a plain set.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/connection';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import { StoredFingerprints } from '../../../electron/main/import/writer';
import { makeTestBackend } from '../../support/tempWorkspace';

let backend: ReturnType<typeof makeTestBackend>;
beforeEach(() => {
  backend = makeTestBackend();
});
afterEach(async () => backend.dispose());

const start = Date.parse('2024-05-01T00:00:00Z');

interface Stored {
  fingerprint: string;
  sentAt: number;
}

/** A group holding `count` messages, several to a millisecond now and then, and another group's messages between. */
function storedGroup(db: Db, count: number, seed: number): { groupId: number; stored: Stored[] } {
  const group = (name: string) =>
    insertGroup(db, { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 }, start);
  const groupId = group(`读书会${seed}`);
  const otherId = group(`活动群${seed}`);
  const insert = prepareMessageInsert(db);
  const stored: Stored[] = [];
  let sentAt = start;
  for (let index = 0; index < count; index += 1) {
    // Every fifth message shares its predecessor's millisecond.
    if (index % 5 !== 1) sentAt += 1 + ((index * 7919 + seed) % 3000);
    const fingerprint = `${groupId}:${seed}:${index}`;
    const message = { memberId: null, senderName: '甲', sentAt, kind: 'text' as const, importId: null };
    insert({ ...message, groupId, content: `第${index}条`, fingerprint });
    insert({
      ...message,
      groupId: otherId,
      content: `别群${index}`,
      fingerprint: `${otherId}:${seed}:${index}`,
    });
    stored.push({ fingerprint, sentAt });
  }
  return { groupId, stored };
}

describe('StoredFingerprints', () => {
  it('finds every stored message of an export read again in order, across windows, and nothing else', () => {
    const { db } = backend.context;
    const { groupId, stored } = storedGroup(db, 200, 1);
    const fingerprints = new StoredFingerprints(db, groupId, 16);
    for (const message of stored) expect(fingerprints.has(message.fingerprint, message.sentAt)).toBe(true);
    // The other group's messages of the same times are not this group's.
    for (const message of stored.slice(0, 40))
      expect(
        fingerprints.has(message.fingerprint.replace(`${groupId}:`, `${groupId + 1}:`), message.sentAt),
      ).toBe(false);
  });

  it('answers as a set would, whatever the order and whatever is missing', () => {
    const { db } = backend.context;
    const { groupId, stored } = storedGroup(db, 120, 2);
    const storedSet = new Set(stored.map((message) => message.fingerprint));
    // A question: a stored message (by index), or one never stored, at the time of a stored one.
    const question = fc.oneof(
      fc.nat({ max: stored.length - 1 }).map((index) => stored[index]!),
      fc
        .tuple(fc.nat({ max: stored.length - 1 }), fc.nat({ max: 1000 }))
        .map(([index, other]) => ({ fingerprint: `${groupId}:new:${other}`, sentAt: stored[index]!.sentAt })),
    );
    // Runs of stored messages in order (a re-import) with skips and strays between: the cursor's own cases.
    const inOrderRun = fc
      .tuple(fc.nat({ max: stored.length - 1 }), fc.integer({ min: 1, max: 30 }), fc.nat({ max: 3 }))
      .map(([from, length, skip]) =>
        stored.slice(from, from + length).filter((_, index) => skip === 0 || index % (skip + 1) !== 0),
      );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            question.map((one) => [one]),
            inOrderRun,
          ),
          { maxLength: 20 },
        ),
        fc.integer({ min: 1, max: 64 }),
        (groups, windowRows) => {
          const fingerprints = new StoredFingerprints(db, groupId, windowRows);
          for (const message of groups.flat())
            expect(fingerprints.has(message.fingerprint, message.sentAt)).toBe(
              storedSet.has(message.fingerprint),
            );
        },
      ),
      { numRuns: 200 },
    );
  });
});
