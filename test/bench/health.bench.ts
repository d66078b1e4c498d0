/**
 * Health dashboard benchmark (issue 9). A generated workspace of QUNDESK_BENCH_HEALTH_MESSAGES messages (default
 * 1,000,000) from 20,000 members in 8 groups over one year (members leaving and coming back included), scanned by the
 * sensitive-word scan (hits on about one message in 200, some reviewed), then:
 *   baseline   a naive full-scan aggregate of the messages (messages and speakers per group and day)
 *   fold       folding every message into the daily rollups from scratch (what the first refresh after the
 *              migration, or the rebuild job, does)
 *   dashboard  every channel the dashboard page calls, through the real dispatcher, for the biggest group and for
 *              all groups, 30 days (the page's default) and 90 (its longest choice): the first load on a fresh
 *              connection, right after new data (caches start over) and on a refetch, medians of a few runs.
 *              Targets (30 days, first load): one group < 250 ms, all groups < 600 ms.
 *              QUNDESK_BENCH_HEALTH_PROFILE=1 prints each call's time too.
 *   import     a 200,000-message export imported into this workspace (the real job, rollups folded as it goes),
 *              and the same messages counted and folded again alone as the import does: the rollups' share of the
 *              import. Target < 10 %.
 * Wall-clock and CPU time are both printed: on a shared machine the CPU time of this process is the steadier one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend, type Backend } from '../../electron/main/backend';
import type { Db } from '../../electron/main/db/connection';
import { insertGroup } from '../../electron/main/db/repositories/groups';
import { addGroupMember, insertMember } from '../../electron/main/db/repositories/members';
import {
  CountedMessages,
  foldHealthRollupsThrough,
  refreshHealthRollups,
  rollupTables,
} from '../../electron/main/db/repositories/healthRollups';
import { JsonFileSettingsStore } from '../../electron/main/services/settings';
import { SeededRandom } from '../../shared/demo/random';
import { dayOfInstant, instantOfDay } from '../../shared/domain/health/days';
import { seriesIds } from '../../shared/domain/health/metrics';
import { joinChannels, type JoinChannel, type MessageKind } from '../../shared/domain/types';
import type { ChannelInput, ChannelName } from '../../shared/ipc/contract';
import { generateChat, writeMemotraceCsv } from '../support/exportWriters';
import { trustAppOrigin, trustedSender } from '../support/tempWorkspace';

const messageCount = Number(process.env.QUNDESK_BENCH_HEALTH_MESSAGES ?? 1_000_000);
const memberCount = Number(process.env.QUNDESK_BENCH_HEALTH_MEMBERS ?? 20_000);
const importCount = Number(process.env.QUNDESK_BENCH_HEALTH_IMPORT ?? 200_000);
const groupCount = 8;
const dayMs = 86_400_000;
/** The year ends here (UTC+8 midnight of 2025-01-01). */
const end = Date.parse('2025-01-01T00:00:00+08:00');
const start = end - 365 * dayMs;

function generate(db: Db): { groupIds: number[]; seconds: number } {
  const started = performance.now();
  const random = new SeededRandom(9);
  const groupIds: number[] = [];
  const speakers: { memberId: number; groups: number[] }[] = [];
  const weights: number[] = [];
  db.transaction(() => {
    for (let g = 0; g < groupCount; g += 1)
      groupIds.push(
        insertGroup(
          db,
          { name: `健康基准群${g + 1}`, type: 'content', positioning: '', coreGoal: '', memberCap: 5000 },
          start - 30 * dayMs,
        ),
      );
    const event = db.prepare(
      'INSERT OR IGNORE INTO membership_events (group_id, member_id, event, at) VALUES (?, ?, ?, ?)',
    );
    for (let i = 0; i < memberCount; i += 1) {
      const memberId = insertMember(
        db,
        {
          displayName: `成员${i}`,
          wxid: `wxid_health${i}`,
          joinChannel: random.pick(joinChannels) as JoinChannel,
        },
        start,
      );
      // Bigger groups first: the first group holds about a third of the members.
      const home = Math.min(groupCount - 1, Math.floor(groupCount * random.next() ** 1.8));
      const groups = [home];
      if (random.chance(0.2)) groups.push((home + 1 + random.int(0, groupCount - 2)) % groupCount);
      for (const g of groups) {
        const joinedAt = start + random.int(-60, 330) * dayMs + random.int(0, dayMs - 1);
        const roll = random.next();
        // 8 % leave for good, 4 % leave and come back (their row holds the return, the notices the history).
        if (roll < 0.04) {
          const leftAt = joinedAt + random.int(1, 20) * dayMs;
          const backAt = leftAt + random.int(1, 30) * dayMs;
          addGroupMember(db, {
            groupId: groupIds[g]!,
            memberId,
            role: 'member',
            groupNickname: null,
            joinedAt: backAt,
          });
          event.run(groupIds[g]!, memberId, 'join', joinedAt);
          event.run(groupIds[g]!, memberId, 'leave', leftAt);
          event.run(groupIds[g]!, memberId, 'join', backAt);
        } else {
          addGroupMember(db, {
            groupId: groupIds[g]!,
            memberId,
            role: 'member',
            groupNickname: null,
            joinedAt,
            leftAt: roll < 0.12 ? joinedAt + random.int(1, 90) * dayMs : null,
          });
        }
      }
      speakers.push({ memberId, groups: groups.map((g) => groupIds[g]!) });
      weights.push(random.chance(0.3) ? 0 : random.next() ** 4);
    }
  })();

  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((weight, index) => (cumulative[index] = sum += weight));
  const pick = (): number => {
    const target = random.next() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  // One finished import owns the rows, so the full-text trigger (for rows outside imports) stays out of it.
  const importId = Number(
    db
      .prepare(
        `INSERT INTO imports (file_name, file_size, sha256, format, encoding, started_at, finished_at, status)
         VALUES ('bench.csv', 0, 'bench', 'bench', 'utf-8', ?, ?, 'done')`,
      )
      .run(end, end).lastInsertRowid,
  );
  const insert = db.prepare(
    `INSERT INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint, import_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const kinds = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'image', 'emoji', 'link'] as const;
  const contents = ['早上好', '今天打卡', '收到，谢谢群主', '这个活动什么时候开始', '[图片]', '哈哈哈'];
  const perDay = messageCount / 365;
  let written = 0;
  for (let day = 0; day < 365 && written < messageCount; day += 1) {
    const count = day === 364 ? messageCount - written : Math.round(perDay * (0.6 + 0.8 * random.next()));
    // Sorted times within the day, busier in the evening: rows go in in time order, as imports write them.
    const times = Array.from({ length: count }, () => {
      const hour = random.chance(0.4) ? random.int(19, 23) : random.int(7, 23);
      return start + day * dayMs + hour * 3_600_000 + random.int(0, 3_599_999);
    }).sort((a, b) => a - b);
    db.transaction(() => {
      for (const at of times) {
        const speaker = speakers[pick()]!;
        const groupId = speaker.groups[Math.floor(random.next() * speaker.groups.length)]!;
        const system = random.chance(0.01);
        insert.run(
          groupId,
          system ? null : speaker.memberId,
          system ? '' : `成员${speaker.memberId}`,
          at,
          system ? 'system' : random.pick(kinds),
          random.pick(contents),
          `health-bench-${written}`,
          importId,
        );
        written += 1;
      }
    })();
  }
  writeScanResults(db, random);
  db.exec('ANALYZE');
  return { groupIds, seconds: (performance.now() - started) / 1000 };
}

/**
 * What a finished sensitive-word scan leaves (the complaint rate's source): every message scanned, and hits on about
 * one message in 200, a third of them complaints or crisis signals, some dismissed on review, a few messages with two.
 */
function writeScanResults(db: Db, random: SeededRandom): void {
  db.transaction(() => {
    db.prepare('INSERT INTO risk_scan_state (message_id, version) SELECT id, 1 FROM messages').run();
    const hit = db.prepare(
      `INSERT INTO risk_hits (message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list,
         category, severity, action, rule, version, found_at, status, decided_by, decided_at)
       VALUES (@id, @groupId, @memberId, @sentAt, @start, @start + 2, '投诉', '投诉', '基准词表', @category, 'medium',
         'remind', 'literal', 1, @sentAt, @status, @decidedBy, @decidedAt)`,
    );
    const categories = ['complaint', 'crisis', 'ads', 'scam', 'abuse', 'privacy'] as const;
    const byId = db.prepare(
      "SELECT id, group_id AS groupId, member_id AS memberId, sent_at AS sentAt FROM messages WHERE id = ? AND kind <> 'system'",
    );
    const lastId = db.prepare('SELECT max(id) FROM messages').pluck().get() as number;
    for (let id = 1; id <= lastId; id += 1) {
      if (!random.chance(0.005)) continue;
      const message = byId.get(id) as
        { id: number; groupId: number; memberId: number | null; sentAt: number } | undefined;
      if (!message) continue;
      for (let n = random.chance(0.1) ? 2 : 1, start = 0; n > 0; n -= 1, start += 3) {
        const status = random.pick(['open', 'open', 'confirmed', 'dismissed'] as const);
        const decided = status !== 'open';
        hit.run({
          ...message,
          start,
          category: random.pick(categories),
          status,
          decidedBy: decided ? 'bench' : null,
          decidedAt: decided ? message.sentAt + dayMs : null,
        });
      }
    }
  })();
}

/** Wall-clock and CPU time (user + system of this process: the in-process jobs and SQLite run on this thread). */
interface Took {
  ms: number;
  cpuMs: number;
}

const cpuNow = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

function timed<T>(work: () => T): Took & { value: T } {
  const [started, cpu] = [performance.now(), cpuNow()];
  const value = work();
  return { value, ms: performance.now() - started, cpuMs: cpuNow() - cpu };
}

async function timedAsync(work: () => Promise<unknown>): Promise<Took> {
  const [started, cpu] = [performance.now(), cpuNow()];
  await work();
  return { ms: performance.now() - started, cpuMs: cpuNow() - cpu };
}

/** Every call the dashboard page makes for one group (or all), in the order the page makes them. */
function dashboardCalls(groupId: number | undefined, days: number): [ChannelName, object][] {
  const group = groupId === undefined ? {} : { groupId };
  return [
    ['health.overview', { ...group, days }],
    ...seriesIds.map((series): [ChannelName, object] => ['health.metric', { series, ...group, days }]),
    ['health.heatmap', { ...group, days }],
    ['health.cohorts', { ...group, months: 6 }],
    ['health.top', { ...group, days, limit: 10 }],
    ['health.channels', { ...group, days }],
    ['tiers.distribution', group],
  ];
}

/**
 * The whole dashboard. `first`: the first load on a fresh connection (no prepared statements, no in-memory caches,
 * SQLite's page cache empty); `cold` right after the data changed (the caches of membership flows and top words
 * start over, as after an import); `warm` when the page refetches with nothing changed. Medians of a few runs.
 */
async function dashboard(
  openBackend: () => Backend,
  groupId: number | undefined,
  days: number,
): Promise<Record<'first' | 'cold' | 'warm', Took>> {
  const backend = openBackend();
  try {
    const dispatch = backend.createDispatch(trustAppOrigin);
    const { db } = backend.context;
    const run = () =>
      timedAsync(async () => {
        for (const [name, input] of dashboardCalls(groupId, days)) {
          const result = await dispatch(name, input as ChannelInput<typeof name>, trustedSender);
          if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
        }
      });
    const changed = () => db.prepare('UPDATE health_rollup_state SET generation = generation + 1').run();
    const first = await run();
    if (process.env.QUNDESK_BENCH_HEALTH_PROFILE) {
      changed();
      for (const [name, input] of dashboardCalls(groupId, days)) {
        const took = await timedAsync(() =>
          dispatch(name, input as ChannelInput<typeof name>, trustedSender),
        );
        console.log(
          `  ${groupId ?? 'all'} ${days}d ${name} ${JSON.stringify(input)}: ${took.ms.toFixed(1)} ms, cpu ${took.cpuMs.toFixed(1)} ms`,
        );
      }
    }
    const median = (runs: Took[]) => ({
      ms: runs.map((took) => took.ms).sort((a, b) => a - b)[runs.length >> 1]!,
      cpuMs: runs.map((took) => took.cpuMs).sort((a, b) => a - b)[runs.length >> 1]!,
    });
    const cold: Took[] = [];
    for (let i = 0; i < 5; i += 1) {
      changed();
      cold.push(await run());
    }
    const warm: Took[] = [];
    for (let i = 0; i < 5; i += 1) warm.push(await run());
    return { first, cold: median(cold), warm: median(warm) };
  } finally {
    await backend.close();
  }
}

/**
 * Imports a generated export into the workspace, then folds the same messages again alone the way the import does:
 * counted as written, folded every five batches of 20,000.
 */
async function importShare(backend: Backend, dir: string): Promise<{ import: Took; fold: Took }> {
  const path = join(dir, '基准增量群_utf8.csv');
  await writeMemotraceCsv(path, generateChat({ seed: 5, count: importCount, startAt: start + 200 * dayMs }));
  const { db } = backend.context;
  const imported = await timedAsync(async () => {
    const job = await backend.jobs.wait(
      backend.jobs.start('import.file', { path, timeZone: '+08:00', groupName: '基准增量群' }, 'bench'),
    );
    if (job.status !== 'done') throw new Error(`import ${job.status}: ${JSON.stringify(job.error)}`);
  });
  // The imported group is new and holds the newest ids: take its rollups out and fold its rows in again.
  const groupId = db.prepare("SELECT id FROM groups WHERE name = '基准增量群'").pluck().get() as number;
  const ids = db
    .prepare('SELECT min(id) AS first, max(id) AS last FROM messages WHERE group_id = ?')
    .get(groupId) as { first: number; last: number };
  db.transaction(() => {
    for (const table of rollupTables) db.prepare(`DELETE FROM ${table} WHERE group_id = ?`).run(groupId);
    db.prepare('UPDATE health_rollup_state SET rolled_through = ?').run(ids.first - 1);
  })();
  const fold = { ms: 0, cpuMs: 0 };
  const chunk = 100_000;
  const rowsAfter = db.prepare(
    'SELECT id, member_id, sent_at, kind FROM messages WHERE id > ? AND id <= ? ORDER BY id',
  );
  for (let after = ids.first - 1; after < ids.last; after += chunk) {
    const through = Math.min(after + chunk, ids.last);
    const rows = rowsAfter.raw().all(after, through) as [number, number | null, number, MessageKind][];
    const took = timed(() => {
      const counted = new CountedMessages(groupId);
      counted.reset(after);
      for (const [id, memberId, sentAt, kind] of rows) counted.add(id, memberId, sentAt, kind);
      foldHealthRollupsThrough(db, through, counted);
    });
    fold.ms += took.ms;
    fold.cpuMs += took.cpuMs;
  }
  return { import: imported, fold };
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

interface Row {
  measure: string;
  wall: string;
  cpu: string;
  target: string;
}
const row = (measure: string, took: Took, target = ''): Row => ({
  measure,
  wall: fmt(took.ms),
  cpu: fmt(took.cpuMs),
  target,
});

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qundesk-health-bench-'));
  const openBackend = () =>
    createBackend({
      workspaceDir: join(dir, 'workspace'),
      settings: new JsonFileSettingsStore(join(dir, 'settings.json')),
      appVersion: 'bench',
      jobs: { mode: 'in-process' },
      now: () => end,
      logError: (scope, error) => console.error(scope, error),
    });
  // The generating connection is closed before the dashboard runs, which open their own.
  let backend: Backend | null = openBackend();
  try {
    let { db } = backend.context;
    console.log(
      `generating ${messageCount.toLocaleString('en-US')} messages, ${memberCount.toLocaleString('en-US')} members, ${groupCount} groups, one year`,
    );
    const { groupIds, seconds } = generate(db);
    console.log(`generated in ${seconds.toFixed(1)} s`);

    const baseline = timed(
      () =>
        db
          .prepare(
            `SELECT group_id, (sent_at + 28800000) / 86400000 AS day, COUNT(*) AS messages,
               COUNT(DISTINCT member_id) AS speakers
             FROM messages WHERE kind <> 'system' GROUP BY group_id, day`,
          )
          .all().length,
    );
    const fold = timed(() => refreshHealthRollups(db));
    await backend.close();
    backend = null;
    const biggest = groupIds[0]!;
    const rows: Row[] = [
      row('baseline: naive full-scan aggregate (group × day)', baseline),
      row(`fold all ${messageCount.toLocaleString('en-US')} messages into the rollups`, fold),
    ];
    for (const days of [30, 90]) {
      const one = await dashboard(openBackend, biggest, days);
      const all = await dashboard(openBackend, undefined, days);
      const target = (limit: string) => (days === 30 ? limit : '');
      rows.push(
        row(`dashboard, biggest group, ${days} days, first load`, one.first, target('< 250 ms')),
        row(`dashboard, biggest group, ${days} days, after new data`, one.cold, target('< 250 ms')),
        row(`dashboard, biggest group, ${days} days, refetch`, one.warm, target('< 250 ms')),
        row(`dashboard, all groups, ${days} days, first load`, all.first, target('< 600 ms')),
        row(`dashboard, all groups, ${days} days, after new data`, all.cold, target('< 600 ms')),
        row(`dashboard, all groups, ${days} days, refetch`, all.warm, target('< 600 ms')),
      );
    }
    backend = openBackend();
    db = backend.context.db;
    const share = await importShare(backend, dir);
    const added = (took: 'ms' | 'cpuMs') =>
      ((share.fold[took] / (share.import[took] - share.fold[took])) * 100).toFixed(1);
    rows.push(
      row(`import ${importCount.toLocaleString('en-US')} messages into the workspace`, share.import),
      row(`  of which rollup folds (${added('ms')} % added, cpu ${added('cpuMs')} %)`, share.fold, '< 10 %'),
    );
    console.table(rows);
    console.log(
      `group sizes: ${groupIds
        .map((id) => db.prepare('SELECT count(*) FROM group_members WHERE group_id = ?').pluck().get(id))
        .join(
          ', ',
        )} memberships; days ${dayOfInstant(start)}..${dayOfInstant(instantOfDay(dayOfInstant(end)) - 1)}`,
    );
  } finally {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
