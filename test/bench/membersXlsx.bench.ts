/**
 * Member XLSX benchmark (issue 4). Generates, seeded, a member sheet of N rows (QUNDESK_BENCH_XLSX_ROWS, default
 * 200,000: name, wxid, phone typed as a number, tags, group, join date as an Excel date) and the same rows as CSV,
 * then measures in one run:
 *   csv read    the CSV through the member table reader (the floor: the same rows, no zip, no XML)
 *   xlsx read   the XLSX through the member table reader (streamed: zip → XML → cells as text)
 *   xlsx import read + check every row + write all members in one transaction, into an empty workspace
 *   xlsx export those members back out as a workbook (header, widths, dates, text contacts)
 * The import and export take the first M rows (QUNDESK_BENCH_XLSX_IMPORT_ROWS, default 20,000) so the suite stays
 * within a minute: their cost is mostly the member inserts and name index shared with the CSV import, measured at
 * full size by members.bench.ts. Wall time is printed beside CPU time: the machine is shared, so wall time mostly
 * measures the neighbours. The XLSX read is compared with the CSV read of the same rows.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend, type Backend, type BackendOptions } from '../../electron/main/backend';
import { insertGroup } from '../../electron/main/db/repositories/groups';
import {
  exportMembers,
  importMembers,
  readMemberTable,
  suggestMapping,
} from '../../electron/main/services/membersCsv';
import { xlsxTable, type XlsxCell } from '../../electron/main/services/membersXlsx';
import { JsonFileSettingsStore } from '../../electron/main/services/settings';
import { givenNameChars, surnames } from '../../shared/demo/names';
import { SeededRandom } from '../../shared/demo/random';

const rowCount = Number(process.env.QUNDESK_BENCH_XLSX_ROWS ?? 200_000);
const importCount = Math.min(rowCount, Number(process.env.QUNDESK_BENCH_XLSX_IMPORT_ROWS ?? 20_000));
const groupNames = ['读书服务群', '周末活动群', '新人群'];
const tagNames = ['尝鲜客', '忠实粉', '社交达人'];

function generateRows(count: number): XlsxCell[][] {
  const random = new SeededRandom(7);
  const rows: XlsxCell[][] = [];
  for (let index = 0; index < count; index += 1) {
    const name = random.pick(surnames) + random.pick(givenNameChars) + random.pick(givenNameChars);
    rows.push([
      `${name}${index}`,
      `wxid_bench_${index}`,
      // Typed as a number, as Excel stores a phone column nobody formatted as text.
      13_000_000_000 + index,
      random.pick(tagNames),
      random.pick(groupNames),
      new Date(Date.UTC(2024, 0, 1 + random.int(0, 365))),
    ]);
  }
  return rows;
}

/** A backend (jobs in-process) on a new workspace in `dir`, with these groups. */
export function backendWithGroups(
  dir: string,
  groups: readonly string[],
  jobs: BackendOptions['jobs'] = { mode: 'in-process' },
): Backend {
  const backend = createBackend({
    workspaceDir: join(dir, 'workspace'),
    settings: new JsonFileSettingsStore(join(dir, 'settings.json')),
    appVersion: 'bench',
    jobs,
  });
  for (const name of groups)
    insertGroup(
      backend.context.db,
      { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
      Date.now(),
    );
  return backend;
}

/** Wall and CPU time of one run (CPU: this process's, the work itself apart from waiting for a core). */
export async function measure<T>(run: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qundesk-bench-xlsx-'));
  try {
    console.log(`generating ${rowCount.toLocaleString('en')} member rows (seeded) in ${dir}`);
    const rows = generateRows(rowCount);
    const headers = ['昵称', '微信号', '手机号', '标签', '群名', '入群时间'];
    const columns = headers.map((header, index) => ({
      header,
      kind: index === 2 ? ('number' as const) : index === 5 ? ('date' as const) : ('text' as const),
    }));
    const xlsxPath = join(dir, 'members.xlsx');
    const importPath = join(dir, 'import.xlsx');
    const csvPath = join(dir, 'members.csv');
    writeFileSync(xlsxPath, await xlsxTable('成员', columns, rows));
    writeFileSync(importPath, await xlsxTable('成员', columns, rows.slice(0, importCount)));
    const csvCell = (cell: XlsxCell) =>
      cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
    writeFileSync(csvPath, [headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\n'));

    const csvRead = await measure(() => readMemberTable(csvPath));
    const xlsxRead = await measure(() => readMemberTable(xlsxPath));
    if (xlsxRead.result.rows.length !== rowCount || xlsxRead.result.rows[0]![2] !== '13000000000')
      throw new Error('the XLSX read did not give the rows written');

    const backend = backendWithGroups(dir, groupNames);
    try {
      const { db } = backend.context;
      const mapping = suggestMapping(xlsxRead.result.headers);
      const imported = await measure(() =>
        importMembers(db, importPath, mapping, { operator: 'bench', now: Date.now() }),
      );
      if (!imported.result.applied || imported.result.created !== importCount)
        throw new Error(`import refused: ${JSON.stringify(imported.result.errors.slice(0, 3))}`);
      const exportPath = join(dir, 'export.xlsx');
      const exported = await measure(() =>
        exportMembers(db, exportPath, {}, true, { operator: 'bench', now: Date.now() }),
      );
      const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en');
      const phases: [string, { ms: number; cpuMs: number }, number, string][] = [
        ['csv read (floor)', csvRead, rowCount, csvPath],
        ['xlsx read', xlsxRead, rowCount, xlsxPath],
        ['xlsx import', imported, importCount, importPath],
        ['xlsx export', exported, importCount, exportPath],
      ];
      console.table(
        phases.map(([phase, { ms, cpuMs }, count, path]) => ({
          phase,
          rows: count.toLocaleString('en'),
          'wall s': (ms / 1000).toFixed(2),
          'cpu s': (cpuMs / 1000).toFixed(2),
          'rows/cpu-s': rate(count, cpuMs),
          'file MB': (statSync(path).size / 1e6).toFixed(1),
        })),
      );
      console.log(
        `xlsx read / csv read (cpu): ${(xlsxRead.cpuMs / csvRead.cpuMs).toFixed(1)}×; ` +
          `peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
      );
    } finally {
      await backend.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
