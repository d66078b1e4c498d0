import { z } from 'zod';
import { generateDemo } from '../../../shared/demo/generator';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import { insertGroup } from '../db/repositories/groups';
import { addGroupMember, insertMember } from '../db/repositories/members';
import { countRows, prepareMessageInsert } from '../db/repositories/messages';
import { messageFingerprint } from '../services/fingerprint';
import { defineJob } from './types';

const inputSchema = z.object({ seed: z.number().int(), scale: z.number().positive().max(1).optional() });
const batchSize = 2000;

/** Fills an empty workspace with the demo: groups, members and their memberships in one batch, then messages in batches. */
export const demoJob = defineJob({
  kind: 'demo.load',
  titleKey: 'jobs.demoLoad',
  changes: ['workspace', 'groups', 'members', 'messages', 'audit'],
  async run(rawInput, context) {
    const input = inputSchema.parse(rawInput);
    const { db } = context;
    if (countRows(db, 'groups') > 0 || countRows(db, 'messages') > 0) {
      throw new AppError('CONFLICT', 'demo.errors.notEmpty');
    }
    context.progress(0, 1, 'jobs.steps.generating');
    const demo = generateDemo({ seed: input.seed, endAt: context.now(), scale: input.scale });
    const total = demo.messages.length + demo.members.length;
    context.progress(0, total, 'jobs.steps.members');

    const now = context.now();
    const groupIds: number[] = [];
    const memberIds: number[] = [];
    db.transaction(() => {
      for (const group of demo.groups) {
        groupIds.push(insertGroup(db, { ...group, memberCap: 500 }, group.createdAt));
      }
      for (const member of demo.members) {
        memberIds.push(insertMember(db, member, now));
      }
      for (const membership of demo.memberships) {
        addGroupMember(db, {
          groupId: groupIds[membership.group]!,
          memberId: memberIds[membership.member]!,
          role: membership.role,
          groupNickname: membership.groupNickname,
          joinedAt: membership.joinedAt,
        });
        if (membership.leftAt !== null) {
          db.prepare('UPDATE group_members SET left_at = ? WHERE group_id = ? AND member_id = ?').run(
            membership.leftAt,
            groupIds[membership.group],
            memberIds[membership.member],
          );
        }
      }
      recordAudit(db, now, {
        operator: context.operator,
        action: 'load-demo',
        entity: 'workspace',
        detail: { seed: input.seed, groups: demo.groups.length, members: demo.members.length, messages: demo.messages.length },
      });
    })();
    let done = demo.members.length;
    context.progress(done, total, 'jobs.steps.messages');

    const insertMessage = prepareMessageInsert(db);
    // What was stored: the generator can, rarely, give two messages of one sender the same minute and text, which
    // the archive keeps once (its fingerprint), as an import would.
    let stored = 0;
    for (let start = 0; start < demo.messages.length; start += batchSize) {
      context.throwIfCancelled();
      const batch = demo.messages.slice(start, start + batchSize);
      db.transaction(() => {
        for (const message of batch) {
          const groupId = groupIds[message.group]!;
          const inserted = insertMessage({
            groupId,
            memberId: message.member === null ? null : memberIds[message.member]!,
            senderName: message.senderName,
            sentAt: message.sentAt,
            kind: message.kind,
            content: message.content,
            fingerprint: messageFingerprint(groupId, message.senderName, message.sentAt, message.content),
            importId: null,
          });
          if (inserted) stored += 1;
        }
      })();
      done += batch.length;
      context.progress(done, total, 'jobs.steps.messages');
      await context.yieldToLoop();
    }
    return { groups: demo.groups.length, members: demo.members.length, messages: stored };
  },
});
