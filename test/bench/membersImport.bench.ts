/**
 * Member CSV import benchmark (issue 4): QUNDESK_BENCH_IMPORT_ROWS rows (default 200,000; seeded: name, wxid, phone,
 * remark on some, channel, tag, group, join date) imported through the real job into an empty workspace with three
 * groups. Target: 200,000 rows < 5 s. Prints wall and CPU time (the machine is shared, so wall time mostly measures
 * the neighbours) and, as the floor, reading the same file through the member table reader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMemberTable, suggestMapping } from '../../electron/main/services/membersCsv';
import { givenNameChars, nicknames, surnames } from '../../shared/demo/names';
import { SeededRandom } from '../../shared/demo/random';
import type { JobState } from '../../shared/domain/types';
import type { MemberImportReport } from '../../shared/ipc/channels/members';
import { trustAppOrigin, trustedSender } from '../support/tempWorkspace';
import { backendWithGroups, measure } from './membersXlsx.bench';

const rowCount = Number(process.env.QUNDESK_BENCH_IMPORT_ROWS ?? 200_000);
const groupNames = ['读书服务群', '周末活动群', '新人群'];

function csvText(count: number): string {
  const random = new SeededRandom(11);
  const lines = ['昵称,微信号,手机号,备注,渠道,标签,群名,入群时间'];
  for (let i = 0; i < count; i += 1) {
    const name = random.chance(0.2)
      ? random.pick(nicknames) + random.int(1, 999)
      : random.pick(surnames) +
        random.pick(givenNameChars) +
        (random.chance(0.6) ? random.pick(givenNameChars) : '');
    lines.push(
      [
        name,
        `wxid_import_${i}`,
        String(13_000_000_000 + i),
        random.chance(0.1) ? `客户${i}` : '',
        random.pick(['公众号', '小程序', '朋友邀请', '线下', '短视频']),
        random.pick(['尝鲜客', '忠实粉', '社交达人']),
        random.pick(groupNames),
        `2024-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      ].join(','),
    );
  }
  return lines.join('\n');
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qundesk-bench-import-'));
  try {
    console.log(`generating ${rowCount.toLocaleString('en')} member rows (seeded) in ${dir}`);
    const path = join(dir, 'members.csv');
    writeFileSync(path, csvText(rowCount));
    const backend = backendWithGroups(dir, groupNames);
    try {
      const { db } = backend.context;
      const read = await measure(() => readMemberTable(path));
      const dispatch = backend.createDispatch(trustAppOrigin);
      const imported = await measure(async () => {
        const started = await dispatch(
          'members.import',
          { path, mapping: suggestMapping(read.result.headers) },
          trustedSender,
        );
        if (!started.ok) throw new Error(JSON.stringify(started.error));
        const job: JobState = await backend.jobs.wait((started.value as { jobId: string }).jobId);
        if (job.status !== 'done') throw new Error(`import ${job.status}: ${JSON.stringify(job.error)}`);
        return job.result as MemberImportReport;
      });
      if (!imported.result.applied || imported.result.created !== rowCount)
        throw new Error(`import refused: ${JSON.stringify(imported.result.errors.slice(0, 3))}`);
      const rate = (ms: number) => Math.round(rowCount / (ms / 1000)).toLocaleString('en');
      const seconds = (ms: number) => (ms / 1000).toFixed(2);
      console.table([
        {
          phase: 'csv read (floor)',
          'wall s': seconds(read.ms),
          'cpu s': seconds(read.cpuMs),
          'rows/cpu-s': rate(read.cpuMs),
        },
        {
          phase: 'import (read, check, write)',
          'wall s': seconds(imported.ms),
          'cpu s': seconds(imported.cpuMs),
          'rows/cpu-s': rate(imported.cpuMs),
        },
      ]);
      console.log(
        `member CSV import of ${rowCount.toLocaleString('en')} rows: ${(imported.ms / 1000).toFixed(2)} s wall, ` +
          `${(imported.cpuMs / 1000).toFixed(2)} s CPU (target < 5 s); ` +
          `${(imported.cpuMs / read.cpuMs).toFixed(1)}× the read; ` +
          `${(db.prepare('SELECT count(*) FROM member_name_pieces').pluck().get() as number).toLocaleString('en')} member search documents`,
      );
    } finally {
      await backend.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
