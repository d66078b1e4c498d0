/**
 * The health rollups as the migrations define them, computed here in plain TypeScript from the message, scan-state
 * and hit rows (not with the rollups' SQL), and the rows the rollup tables hold, both as text lines for comparison.
 */
import type { Db } from '../../../electron/main/db/connection';
import type {
  complaintRollupTables,
  rollupTables,
} from '../../../electron/main/db/repositories/healthRollups';
import { dayOfInstant, moderatorUtcOffsetMs } from '../../../shared/domain/health/days';

export type RollupTable = (typeof rollupTables)[number] | (typeof complaintRollupTables)[number];
export type RollupLines = Record<RollupTable, string[]>;

const complaintCategories = ['complaint', 'crisis'];

/** The complaint rollups: messages scanned and messages with a live complaint hit per (group, day), hits by category. */
function expectedComplaints(db: Db): Pick<RollupLines, (typeof complaintRollupTables)[number]> {
  const scanned = db
    .prepare('SELECT m.group_id, m.sent_at FROM risk_scan_state s JOIN messages m ON m.id = s.message_id')
    .all() as { group_id: number; sent_at: number }[];
  const hits = db
    .prepare("SELECT message_id, group_id, sent_at, category FROM risk_hits WHERE status <> 'dismissed'")
    .all() as { message_id: number; group_id: number; sent_at: number; category: string }[];
  const days = new Map<string, { scanned: number; complaints: Set<number> }>();
  const dayOf = (groupId: number, sentAt: number) => {
    const key = `${groupId}|${dayOfInstant(sentAt)}`;
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { scanned: 0, complaints: new Set() }));
    return entry;
  };
  for (const row of scanned) dayOf(row.group_id, row.sent_at).scanned += 1;
  const categories = new Map<string, number>();
  for (const hit of hits) {
    const key = `${hit.group_id}|${dayOfInstant(hit.sent_at)}|${hit.category}`;
    categories.set(key, (categories.get(key) ?? 0) + 1);
    if (complaintCategories.includes(hit.category))
      dayOf(hit.group_id, hit.sent_at).complaints.add(hit.message_id);
  }
  return {
    health_scanned_daily: [...days].map(([key, day]) => `${key}|${day.scanned}|${day.complaints.size}`),
    health_hit_categories: [...categories].map(([key, n]) => `${key}|${n}`),
  };
}

/** The rollups as the migrations define them, computed from the rows in TypeScript. */
export function expectedRollups(db: Db): RollupLines {
  const rows = db
    .prepare("SELECT group_id, member_id, sent_at, kind FROM messages WHERE kind <> 'system'")
    .all() as { group_id: number; member_id: number | null; sent_at: number; kind: string }[];
  const count = new Map<string, number>();
  const bump = (key: string) => count.set(key, (count.get(key) ?? 0) + 1);
  const memberDays = new Map<
    string,
    { group: number; member: number; day: number; n: number; first: number; last: number }
  >();
  const speakers = new Map<string, { first: number; last: number }>();
  const memberMonths = new Map<string, number>();
  for (const row of rows) {
    const day = dayOfInstant(row.sent_at);
    const hour = new Date(row.sent_at + moderatorUtcOffsetMs).getUTCHours();
    bump(`daily|${row.group_id}|${day}`);
    bump(`hourly|${row.group_id}|${day}|${hour}`);
    bump(`kinds|${row.group_id}|${day}|${row.kind}`);
    if (row.member_id === null) continue;
    const key = `${row.group_id}|${day}|${row.member_id}`;
    const seen = memberDays.get(key);
    if (!seen)
      memberDays.set(key, {
        group: row.group_id,
        member: row.member_id,
        day,
        n: 1,
        first: row.sent_at,
        last: row.sent_at,
      });
    else {
      seen.n += 1;
      seen.first = Math.min(seen.first, row.sent_at);
      seen.last = Math.max(seen.last, row.sent_at);
    }
    const local = new Date(row.sent_at + moderatorUtcOffsetMs);
    const month = `${row.group_id}|${row.member_id}|${local.getUTCFullYear() * 12 + local.getUTCMonth()}`;
    memberMonths.set(month, Math.max(memberMonths.get(month) ?? -Infinity, row.sent_at));
    const speaker = `${row.group_id}|${row.member_id}`;
    const spoke = speakers.get(speaker);
    speakers.set(speaker, {
      first: Math.min(spoke?.first ?? Infinity, row.sent_at),
      last: Math.max(spoke?.last ?? -Infinity, row.sent_at),
    });
  }
  const speakersPerDay = new Map<string, number>();
  for (const key of memberDays.keys()) {
    const [group, day] = key.split('|');
    speakersPerDay.set(`${group}|${day}`, (speakersPerDay.get(`${group}|${day}`) ?? 0) + 1);
  }
  // Each member-day links to the last message of the member's previous day in the group.
  const previousLast = new Map<string, number | null>();
  const byMember = new Map<string, { day: number; last: number; key: string }[]>();
  for (const [key, day] of memberDays) {
    const member = `${day.group}|${day.member}`;
    byMember.set(member, [...(byMember.get(member) ?? []), { day: day.day, last: day.last, key }]);
  }
  for (const days of byMember.values()) {
    days.sort((a, b) => a.day - b.day);
    days.forEach((day, index) => previousLast.set(day.key, index === 0 ? null : days[index - 1]!.last));
  }
  const of = (prefix: string) =>
    [...count]
      .filter(([key]) => key.startsWith(`${prefix}|`))
      .map(([key, n]) => `${key.slice(prefix.length + 1)}|${n}`);
  return {
    health_daily: of('daily').map((line) => {
      const [group, day, n] = line.split('|');
      return `${group}|${day}|${n}|${speakersPerDay.get(`${group}|${day}`) ?? 0}`;
    }),
    health_hourly: of('hourly'),
    health_kinds: of('kinds'),
    health_member_days: [...memberDays].map(
      ([key, value]) => `${key}|${value.n}|${value.first}|${value.last}|${previousLast.get(key) ?? ''}`,
    ),
    health_member_months: [...memberMonths].map(([key, last]) => `${key}|${last}`),
    health_speakers: [...speakers].map(([key, spoke]) => `${key}|${spoke.first}|${spoke.last}`),
    ...expectedComplaints(db),
  };
}

const columns: Record<RollupTable, string> = {
  health_daily: 'group_id, day, messages, speakers',
  health_hourly: 'group_id, day, hour, messages',
  health_kinds: 'group_id, day, kind, messages',
  health_member_days: 'group_id, day, member_id, messages, first_at, last_at, previous_last_at',
  health_member_months: 'group_id, member_id, month, last_at',
  health_speakers: 'group_id, member_id, first_at, last_at',
  health_scanned_daily: 'group_id, day, scanned, complaint_messages',
  health_hit_categories: 'group_id, day, category, hits',
};

export function storedRollups(db: Db): RollupLines {
  return Object.fromEntries(
    (Object.keys(columns) as RollupTable[]).map((table) => [
      table,
      (db.prepare(`SELECT ${columns[table]} FROM ${table}`).raw().all() as unknown[][]).map((row) =>
        row.map((value) => value ?? '').join('|'),
      ),
    ]),
  ) as RollupLines;
}

export const sorted = (tables: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, [...rows].sort()]));
