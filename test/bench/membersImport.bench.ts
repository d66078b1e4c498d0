/**
 * Member CSV import benchmark (issue 4): QUNDESK_BENCH_IMPORT_ROWS rows (default 200,000; seeded: name, wxid, phone,
 * remark on some, channel, tag, group, join date) imported through the real job into an empty workspace with three
 * groups. Target: 200,000 rows < 5 s. Prints wall and CPU time (the machine is shared, so wall time mostly measures
 * the neighbours) and, as the floor, reading the same file through the member table reader.
 *
 * The job runs on this thread, and, when `electron-vite build` has written the app's job worker, also as the app
 * runs it: on a job worker thread, once on a new worker (the app's first job after 30 s without one: the worker
 * loads the job code and its JIT is cold), once after the preview the import dialog shows first (which starts a
 * worker ahead; the user is taken to look at it for a second) and once on a worker that has just run another job.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readMemberTable, suggestMapping } from '../../electron/main/services/membersCsv';
import { givenNameChars, nicknames, surnames } from '../../shared/demo/names';
import { SeededRandom } from '../../shared/demo/random';
import type { JobState } from '../../shared/domain/types';
import type { MemberImportReport } from '../../shared/ipc/channels/members';
import { trustAppOrigin, trustedSender } from '../support/tempWorkspace';
import { builtJobWorker } from './import.bench';
import { backendWithGroups, measure } from './membersXlsx.bench';

const rowCount = Number(process.env.QUNDESK_BENCH_IMPORT_ROWS ?? 200_000);
const groupNames = ['读书服务群', '周末活动群', '新人群'];
type Runs = 'in-process' | 'new worker' | 'new worker, after the preview' | 'warm worker';

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

/** One import of the file into a new workspace, the job run as `runs` says. */
async function importOnce(dir: string, path: string, runs: Runs) {
  const workspace = mkdtempSync(join(dir, 'workspace-'));
  const backend = backendWithGroups(
    workspace,
    groupNames,
    runs === 'in-process' ? { mode: 'in-process' } : { mode: 'worker', workerFile: pathToFileURL(builtJobWorker) },
  );
  try {
    const dispatch = backend.createDispatch(trustAppOrigin);
    const runJob = async (channel: string, input: unknown) => {
      const started = await dispatch(channel, input, trustedSender);
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      const job: JobState = await backend.jobs.wait((started.value as { jobId: string }).jobId);
      if (job.status !== 'done') throw new Error(`${channel} ${job.status}: ${JSON.stringify(job.error)}`);
      return job.result;
    };
    // A job just before (a recompute of the empty workspace) leaves the worker waiting with the job code loaded.
    if (runs === 'warm worker') await runJob('tiers.recompute', {});
    const headers = (await readMemberTable(path)).headers;
    if (runs === 'new worker, after the preview') {
      const preview = await dispatch(
        'members.importPreview',
        { path, mapping: suggestMapping(headers) },
        trustedSender,
      );
      if (!preview.ok) throw new Error(JSON.stringify(preview.error));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const imported = await measure(
      async () =>
        (await runJob('members.import', { path, mapping: suggestMapping(headers) })) as MemberImportReport,
    );
    if (!imported.result.applied || imported.result.created !== rowCount)
      throw new Error(`import refused: ${JSON.stringify(imported.result.errors.slice(0, 3))}`);
    const documents = backend.context.db
      .prepare('SELECT count(*) FROM member_name_pieces')
      .pluck()
      .get() as number;
    return { ...imported, documents };
  } finally {
    await backend.close();
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qundesk-bench-import-'));
  try {
    console.log(`generating ${rowCount.toLocaleString('en')} member rows (seeded) in ${dir}`);
    const path = join(dir, 'members.csv');
    writeFileSync(path, csvText(rowCount));
    const read = await measure(() => readMemberTable(path));
    const runs: Runs[] = existsSync(builtJobWorker)
      ? ['in-process', 'new worker', 'new worker, after the preview', 'warm worker']
      : ['in-process'];
    const results: [Runs, Awaited<ReturnType<typeof importOnce>>][] = [];
    for (const runsOn of runs) results.push([runsOn, await importOnce(dir, path, runsOn)]);
    const rate = (ms: number) => Math.round(rowCount / (ms / 1000)).toLocaleString('en');
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    console.table([
      {
        phase: 'csv read (floor)',
        'wall s': seconds(read.ms),
        'cpu s': seconds(read.cpuMs),
        'rows/cpu-s': rate(read.cpuMs),
      },
      ...results.map(([runsOn, imported]) => ({
        phase: `import (read, check, write), ${runsOn}`,
        'wall s': seconds(imported.ms),
        'cpu s': seconds(imported.cpuMs),
        'rows/cpu-s': rate(imported.cpuMs),
      })),
    ]);
    if (runs.length === 1) console.log('(no built job worker: run `npx electron-vite build` to measure the app’s way too)');
    for (const [runsOn, imported] of results)
      console.log(
        `member CSV import of ${rowCount.toLocaleString('en')} rows, ${runsOn}: ${seconds(imported.ms)} s wall, ` +
          `${seconds(imported.cpuMs)} s CPU (target < 5 s); ${(imported.cpuMs / read.cpuMs).toFixed(1)}× the read; ` +
          `${imported.documents.toLocaleString('en')} member search documents`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
