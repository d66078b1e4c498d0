/**
 * Member database benchmark (issue 4). A generated workspace of 200,000 members in 20 groups, with tags, points,
 * violations, phones and wxids, and QUNDESK_BENCH_MESSAGES messages over 90 days (default 1,000,000; the issue's
 * full size is 2,000,000). Measures, through the real dispatcher:
 *   - member list pages with filter + sort (+ search): p50 / p95, target p95 < 20 ms
 *   - pinyin and initials search: p50 / p95, target p95 < 30 ms
 *   - tier recompute for all members (the job, in-process, and, when `electron-vite build` has written the app's
 *     job worker, on a job worker thread as the app runs it): target < 3 s
 * Floor: a bare indexed SELECT of one page (name order, random start), measured in the same run.
 *
 * Messages are written without the full-text trigger (the FTS index plays no part in member queries and would
 * only make generation slow); everything the member queries touch is exactly as in the app.
 */
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createBackend, type Backend } from '../../electron/main/backend';
import type { Db } from '../../electron/main/db/connection';
import { insertGroup } from '../../electron/main/db/repositories/groups';
import { NewMembers } from '../../electron/main/db/repositories/membersBulk';
import { appendPoints } from '../../electron/main/db/repositories/points';
import { insertViolation } from '../../electron/main/db/repositories/violations';
import { JsonFileSettingsStore } from '../../electron/main/services/settings';
import { givenNameChars, nicknames, surnames } from '../../shared/demo/names';
import { SeededRandom } from '../../shared/demo/random';
import { joinChannels, type JoinChannel } from '../../shared/domain/types';
import type { TiersRecomputeResult } from '../../shared/ipc/channels/members';
import { makeTempDir, trustAppOrigin, trustedSender } from '../support/tempWorkspace';
import { builtJobWorker } from './import.bench';

const memberCount = Number(process.env.QUNDESK_BENCH_MEMBERS ?? 200_000);
const messageCount = Number(process.env.QUNDESK_BENCH_MESSAGES ?? 1_000_000);
const groupCount = 20;
const dayMs = 86_400_000;
const iterations = 200;

function memberName(random: SeededRandom): string {
  if (random.chance(0.2))
    return random.pick(nicknames) + (random.chance(0.7) ? String(random.int(1, 999)) : '');
  return (
    random.pick(surnames) +
    random.pick(givenNameChars) +
    (random.chance(0.6) ? random.pick(givenNameChars) : '')
  );
}

function phoneNumber(random: SeededRandom): string {
  let digits = random.pick(['138', '139', '150', '186', '177']);
  for (let i = 0; i < 8; i += 1) digits += String(random.int(0, 9));
  return digits;
}

interface Generated {
  groupIds: number[];
  tagIds: number[];
  seconds: number;
}

export function generate(db: Db, now: number): Generated {
  const started = performance.now();
  const random = new SeededRandom(4);
  const groupIds: number[] = [];
  const memberIds: number[] = [];
  const weights: number[] = [];
  const homeGroup: number[] = [];
  db.transaction(() => {
    for (let g = 0; g < groupCount; g += 1) {
      groupIds.push(
        insertGroup(
          db,
          {
            name: `基准群${g + 1}`,
            type: (['service', 'activity', 'content'] as const)[g % 3]!,
            positioning: '',
            coreGoal: '',
            memberCap: 500,
          },
          now - 400 * dayMs,
        ),
      );
    }
  })();
  const batch = 10_000;
  for (let start = 0; start < memberCount; start += batch) {
    db.transaction(() => {
      // Written as the member import writes them (see NewMembers), a batch at a time.
      const added = new NewMembers(db, now - 300 * dayMs);
      for (let i = start; i < Math.min(memberCount, start + batch); i += 1) {
        const id = added.add({
          displayName: memberName(random),
          wxid: random.chance(0.8) ? `wxid_${i.toString(36)}${random.int(100, 999)}` : null,
          joinChannel: random.pick(joinChannels) as JoinChannel,
          phone: random.chance(0.6) ? phoneNumber(random) : null,
          remark: random.chance(0.05) ? `客户${i}` : null,
        });
        memberIds.push(id);
        const group = i % groupCount;
        homeGroup.push(group);
        const joinedAt = now - random.int(1, 360) * dayMs;
        const left = random.chance(0.08);
        added.addMembership(id, {
          groupId: groupIds[group]!,
          role: i < groupCount ? 'owner' : i < groupCount * 4 ? 'admin' : 'member',
          groupNickname: random.chance(0.3) ? memberName(random) : null,
          joinedAt,
          leftAt: left ? joinedAt + random.int(1, 30) * dayMs : null,
        });
        if (random.chance(0.15)) {
          added.addMembership(id, {
            groupId: groupIds[(group + 1 + random.int(0, groupCount - 2)) % groupCount]!,
            role: 'member',
            groupNickname: null,
            joinedAt: now - random.int(1, 200) * dayMs,
          });
        }
        // Activity spread: many silent or near-silent, a long tail of heavy speakers.
        weights.push(left || random.chance(0.15) ? 0 : random.next() ** 4);
      }
      added.flush();
    })();
  }

  const tagIds: number[] = [];
  db.transaction(() => {
    for (const name of [
      '尝鲜客',
      '忠实粉',
      '社交达人',
      '团长',
      '宝妈',
      '学生',
      '上班族',
      '高消费',
      '待激活',
      '老客户',
      '新客',
      '意见领袖',
    ]) {
      tagIds.push(
        Number(
          db.prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid,
        ),
      );
    }
    const assign = db.prepare(
      'INSERT OR IGNORE INTO member_tags (tag_id, member_id, created_at) VALUES (?, ?, ?)',
    );
    for (const memberId of memberIds) {
      if (random.chance(0.3)) assign.run(random.pick(tagIds), memberId, now);
      if (random.chance(0.1)) assign.run(random.pick(tagIds), memberId, now);
    }
  })();

  db.transaction(() => {
    for (let i = 0; i < 150_000; i += 1) {
      const memberId = random.pick(memberIds);
      appendPoints(
        db,
        {
          memberId,
          groupId: null,
          amount: random.int(1, 20),
          source: random.pick(['check_in', 'speaking', 'activity'] as const),
          reason: '基准',
          occurredAt: now - random.int(0, 60) * dayMs,
          operator: 'bench',
        },
        now,
      );
    }
    for (let i = 0; i < 5_000; i += 1) {
      insertViolation(
        db,
        {
          memberId: random.pick(memberIds),
          groupId: null,
          category: 'spam',
          points: random.int(1, 4),
          messageId: null,
          evidenceExcerpt: null,
          note: '基准',
          decayDays: 90,
          action: 'remind',
          occurredAt: now - random.int(0, 60) * dayMs,
          operator: 'bench',
        },
        now,
      );
    }
  })();

  // Cumulative weights: each message picks a speaker by weight and goes to their home group.
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((weight, index) => {
    sum += weight;
    cumulative[index] = sum;
  });
  const pickSpeaker = (): number => {
    const target = random.next() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  // Put back exactly as the migrations define it, whichever version that is.
  const ftsTrigger = db
    .prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'messages_fts_insert'")
    .pluck()
    .get() as string;
  db.exec('DROP TRIGGER messages_fts_insert');
  const insertMessage = db.prepare(
    `INSERT INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint)
     VALUES (?, ?, ?, ?, 'text', ?, ?)`,
  );
  for (let start = 0; start < messageCount; start += 50_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(messageCount, start + 50_000); i += 1) {
        const speaker = pickSpeaker();
        insertMessage.run(
          groupIds[homeGroup[speaker]!]!,
          memberIds[speaker]!,
          'x',
          now - random.int(0, 90 * 24 * 60) * 60_000,
          '基准消息',
          `b${i}`,
        );
      }
    })();
  }
  db.exec(ftsTrigger);
  return { groupIds, tagIds, seconds: (performance.now() - started) / 1000 };
}

interface Timing {
  p50: number;
  p95: number;
  max: number;
  /** p95 of this thread's CPU time: the work itself, apart from waiting for a core on a busy machine. */
  cpuP95: number;
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function time(runOnce: (iteration: number) => unknown): Promise<Timing> {
  for (let i = 0; i < 5; i += 1) await runOnce(i);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await runOnce(i);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    p50: percentile(wall, 0.5),
    p95: percentile(wall, 0.95),
    max: Math.max(...wall),
    cpuP95: percentile(cpu, 0.95),
  };
}

/** Calls a channel through the backend's dispatcher as the renderer does. */
function caller(backend: Backend) {
  const dispatch = backend.createDispatch(trustAppOrigin);
  return async (channel: string, input: unknown) => {
    const result = await dispatch(channel, input, trustedSender);
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    return result.value;
  };
}

/** One tier recompute through the dispatcher, timed until the job reports its result. */
async function recompute(backend: Backend) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const { jobId } = (await caller(backend)('tiers.recompute', {})) as { jobId: string };
  const job = await backend.jobs.wait(jobId);
  if (job.status !== 'done') throw new Error(`recompute ${job.status}: ${JSON.stringify(job.error)}`);
  const cpu = process.cpuUsage(cpuStarted);
  return {
    ms: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    result: job.result as TiersRecomputeResult,
  };
}

/**
 * The first recompute of the workspace in `workspaceDir` on a job worker (the built one), as the app runs one started
 * from the member page: on a worker that ran a job before (here the import of a one-row member table) and has
 * finished it (its checkpoint after the result; a copied workspace's first one flushes the copy, ~0.15 s).
 */
async function recomputeOnWorker(workspaceDir: string, scratchDir: string) {
  const backend = createBackend({
    workspaceDir,
    settings: new JsonFileSettingsStore(join(scratchDir, 'worker-settings.json')),
    appVersion: 'bench',
    jobs: { mode: 'worker', workerFile: pathToFileURL(builtJobWorker) },
  });
  try {
    const table = join(scratchDir, 'one-member.csv');
    writeFileSync(table, '昵称,微信号\n新成员,wxid_bench_new');
    const { jobId } = (await caller(backend)('members.import', {
      path: table,
      mapping: { 昵称: 'displayName', 微信号: 'wxid' },
    })) as { jobId: string };
    const imported = await backend.jobs.wait(jobId);
    if (imported.status !== 'done')
      throw new Error(`import ${imported.status}: ${JSON.stringify(imported.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return await recompute(backend);
  } finally {
    await backend.close();
  }
}

export async function run(): Promise<void> {
  const temp = makeTempDir('qundesk-bench-members-');
  const backend = createBackend({
    workspaceDir: join(temp.dir, 'workspace'),
    settings: new JsonFileSettingsStore(join(temp.dir, 'settings.json')),
    appVersion: 'bench',
    jobs: { mode: 'in-process' },
  });
  try {
    const db = backend.context.db;
    console.log(
      `generating ${memberCount.toLocaleString()} members in ${groupCount} groups, ${messageCount.toLocaleString()} messages…`,
    );
    const generated = generate(db, Date.now());
    console.log(`generated in ${generated.seconds.toFixed(1)} s\n`);

    const call = caller(backend);
    // The workspace as generated, for a first recompute on a job worker after the in-process ones.
    const workerCopy = join(temp.dir, 'worker-workspace');
    const onWorker = existsSync(builtJobWorker);
    if (onWorker) {
      db.pragma('wal_checkpoint(TRUNCATE)');
      cpSync(join(temp.dir, 'workspace'), workerCopy, { recursive: true });
    }
    const first = await recompute(backend);
    const steady = await recompute(backend);
    const firstOnWorker = onWorker ? await recomputeOnWorker(workerCopy, temp.dir) : null;

    let random = new SeededRandom(9);
    const resettable = { reset: () => (random = new SeededRandom(9)) };
    const group = () => random.pick(generated.groupIds);
    const offset = () => random.int(0, 50) * 100;
    const floorStatement = db.prepare(
      'SELECT id, display_name, name_sort FROM members WHERE name_sort >= ? ORDER BY name_sort, id LIMIT 100',
    );

    const scenarios: [string, () => unknown][] = [
      ['page, name order', () => ({ offset: offset() })],
      [
        'group + last spoke desc',
        () => ({ groupId: group(), sort: 'lastSpokeAt', order: 'desc', offset: offset() }),
      ],
      [
        'group + tier + name',
        () => ({ groupId: group(), tier: random.pick(['core', 'active', 'potential', 'silent']) }),
      ],
      [
        'tag + points range, points desc',
        () => ({ tagIds: [random.pick(generated.tagIds)], pointsMin: 10, sort: 'points', order: 'desc' }),
      ],
      [
        'tier + channel + joined since',
        () => ({
          tier: 'active',
          joinChannels: ['official_account', 'app'],
          joinedFrom: new Date(Date.now() - 90 * dayMs).toISOString(),
        }),
      ],
      ['violations ≥ 3, violations desc', () => ({ violationsMin: 3, sort: 'violations', order: 'desc' })],
      ['search 1 char + group', () => ({ groupId: group(), query: random.pick(surnames.slice(0, 30)) })],
      [
        'search 2 chars + sort messages',
        () => ({
          query: random.pick(surnames.slice(0, 30)) + random.pick(givenNameChars),
          sort: 'messageCount',
          order: 'desc',
        }),
      ],
      ['phone tail 4 digits', () => ({ query: String(random.int(1000, 9999)) })],
      ['wxid prefix', () => ({ query: `wxid_${random.int(1, 9999).toString(36)}` })],
    ];
    const pinyinScenarios: [string, () => unknown][] = [
      ['initials (2 letters)', () => ({ query: random.pick(['zs', 'wf', 'll', 'cj', 'hm', 'zw', 'lj']) })],
      [
        'full pinyin syllable',
        () => ({ query: random.pick(['zhang', 'wang', 'li', 'chen', 'liu', 'huang']) }),
      ],
      [
        'full pinyin name',
        () => ({ query: random.pick(['zhangwei', 'wangfang', 'lina', 'chenjie', 'liuyang']) }),
      ],
      [
        'initials + group + tier',
        () => ({ query: random.pick(['zs', 'wf', 'll']), groupId: group(), tier: 'silent' }),
      ],
    ];

    const measure = async (label: string) => {
      // The same random inputs for every configuration.
      resettable.reset();
      const floor = await time(() =>
        floorStatement.all(
          random.pick(['a', 'c', 'h', 'l', 'w', 'x', 'z']) + random.pick(['a', 'e', 'h', 'i', 'u']),
        ),
      );
      const rows: [string, Timing][] = [];
      for (const [name, input] of [...scenarios, ...pinyinScenarios]) {
        rows.push([name, await time(() => call('members.list', { limit: 100, ...(input() as object) }))]);
      }
      const fmt = (ms: number) => ms.toFixed(2).padStart(7);
      console.log(`\n## ${label}\n`);
      console.log(
        `${'query'.padEnd(36)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'cpu p95'.padStart(7)}  p95/floor`,
      );
      for (const [name, timing] of [
        ['floor: bare indexed SELECT page', floor] as [string, Timing],
        ...rows,
      ]) {
        console.log(
          `${name.padEnd(36)} ${fmt(timing.p50)} ${fmt(timing.p95)} ${fmt(timing.max)} ${fmt(timing.cpuP95)}  ${(timing.p95 / floor.p95).toFixed(1)}`,
        );
      }
      const worst = (list: [string, Timing][], pick: (t: Timing) => number) =>
        Math.max(...list.map(([, t]) => pick(t)));
      const lists = rows.slice(0, scenarios.length);
      const pinyin = rows.slice(scenarios.length);
      console.log('');
      console.log(
        `list with filter + sort + search, worst p95: ${worst(lists, (t) => t.p95).toFixed(2)} ms wall, ` +
          `${worst(lists, (t) => t.cpuP95).toFixed(2)} ms cpu (target < 20)`,
      );
      console.log(
        `pinyin search, worst p95:                   ${worst(pinyin, (t) => t.p95).toFixed(2)} ms wall, ` +
          `${worst(pinyin, (t) => t.cpuP95).toFixed(2)} ms cpu (target < 30)`,
      );
    };
    await measure('connection as openDatabase opens it');
    // What a memory-mapped database would give (a pragma of the connection, not of this feature).
    db.pragma('mmap_size = 1073741824');
    await measure('with PRAGMA mmap_size = 1 GiB');
    console.log('');
    console.log(
      `tier recompute (all members): ${(first.ms / 1000).toFixed(2)} s wall, ${(first.cpuMs / 1000).toFixed(2)} s CPU first run ` +
        `(${first.result.memberships.toLocaleString()} memberships, ${first.result.changedTiers.toLocaleString()} changed), ` +
        `${(steady.ms / 1000).toFixed(2)} s wall, ${(steady.cpuMs / 1000).toFixed(2)} s CPU steady (target < 3)`,
    );
    console.log(
      firstOnWorker
        ? `tier recompute (all members) on a job worker, as the app runs it: ${(firstOnWorker.ms / 1000).toFixed(2)} s wall first run (${firstOnWorker.result.changedTiers.toLocaleString()} changed; its checkpoint after the result)`
        : '(no built job worker: run `npx electron-vite build` to measure the recompute the app’s way too)',
    );
    const shares = first.result.distribution[0]?.shares
      .map((share) => `${share.tier} ${share.percent}%`)
      .join(', ');
    console.log(`distribution of ${first.result.distribution[0]?.groupName}: ${shares}`);
  } finally {
    await backend.close();
    temp.remove();
  }
}
