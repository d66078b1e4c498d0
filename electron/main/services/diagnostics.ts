/**
 * The support bundle: one zip with the rotating logs, the app / Electron / Node versions, the schema version, row
 * counts per table, the start-up check and the doctor's report. It must hold no personal data, so logs are
 * rewritten on the way in: paths, WeChat IDs, phone numbers, e-mail addresses, long numbers, Chinese text and every
 * name or ID this workspace knows (members, groups, senders, operators) are replaced by placeholders.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { homedir, release, totalmem, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DiagnosticsReport } from '../../../shared/ipc/channels/recovery';
import { AppError } from '../../../shared/ipc/errors';
import type { Backend } from '../backend';
import type { Db } from '../db/connection';
import { latestSchemaVersion } from '../db/migrations';
import { storageFailure } from './diskErrors';
import { runDoctor } from './doctor';
import { openReadOnlyFile, type ReadOnlyFile } from './workspace';
import { workspaceDbFile } from './workspacePaths';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A plain zip (deflate, no encryption): enough for a handful of text files, readable by every OS. */
export function zipEntries(entries: readonly ZipEntry[], now = new Date()): Buffer {
  const dosTime = (now.getHours() << 11) | (now.getMinutes() << 5) | Math.floor(now.getSeconds() / 2);
  const dosDate = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const packed = deflateRawSync(entry.data);
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** Reads a zip written by `zipEntries` back (tests and support tooling). */
export function unzipEntries(zip: Buffer): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const packedSize = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    entries.push({ name, data: inflateRawSync(zip.subarray(start, start + packedSize)) });
    at = start + packedSize;
  }
  return entries;
}

/** Values this workspace knows to be personal (names, IDs, phones), as lower-case words to redact from logs. */
const personalColumns: [table: string, columns: string[]][] = [
  ['members', ['display_name', 'wxid', 'remark', 'phone', 'inviter_name', 'region']],
  ['member_names', ['name']],
  ['member_identities', ['value']],
  ['groups', ['name']],
  ['operators', ['name']],
  ['imports', ['file_name', 'chat_name']],
];
const maxKnownValues = 200_000;

export function knownPersonalWords(db: Db): Set<string> {
  const words = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string') return;
    for (const word of value.toLowerCase().split(/[^\p{L}\p{N}_@.+-]+/u))
      if (word.length >= 2) words.add(word);
  };
  for (const [table, columns] of personalColumns) {
    for (const column of columns) {
      try {
        for (const value of db
          .prepare(`SELECT DISTINCT ${column} FROM ${table} LIMIT ${maxKnownValues}`)
          .pluck()
          .iterate())
          add(value);
      } catch {
        // A damaged or older table: the pattern rules below still apply.
      }
    }
  }
  try {
    for (const value of db
      .prepare(`SELECT DISTINCT sender_name FROM messages LIMIT ${maxKnownValues}`)
      .pluck()
      .iterate())
      add(value);
  } catch {
    // As above.
  }
  return words;
}

const codeFile = /\.(m?[jt]sx?|cjs|node)$/;
/** Rewrites one piece of log text so it carries no personal data; structure (scopes, code locations) stays. */
export function redactText(text: string, knownWords: ReadonlySet<string>): string {
  const home = homedir();
  let out = home.length > 1 ? text.split(home).join('~') : text;
  // Paths: code locations keep their file name (stack traces); any other path (an export, a vault) is dropped.
  out = out.replace(/(?:[A-Za-z]:[\\/]|~?\/)[^\s"'`<>|,;()]+/g, (path) => {
    const [file] = path.split(/[\\/]/).slice(-1);
    const name = (file ?? '').replace(/:\d+(:\d+)?$/, '');
    return codeFile.test(name) ? `<path>/${file}` : '<path>';
  });
  out = out.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<email>');
  out = out.replace(/wxid_[\w-]+/gi, '<wxid>');
  out = out.replace(/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g, '<phone>');
  out = out.replace(/\d{7,}/g, '<number>');
  // Chinese (and other CJK / full-width) text: names and message text are mostly written in it.
  out = out.replace(/[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+/g, '＊');
  if (knownWords.size > 0) {
    out = out.replace(/[\p{L}\p{N}_@.+-]{2,}/gu, (word) =>
      knownWords.has(word.toLowerCase()) ? '＊' : word,
    );
  }
  return out;
}

/** One log file, redacted entry by entry (JSON lines: level, time and scope stay, message and stack are rewritten). */
export function redactLog(content: string, knownWords: ReadonlySet<string>): string {
  return content
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        const safe: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(entry)) {
          safe[key] = ['at', 'level'].includes(key)
            ? value
            : typeof value === 'string'
              ? redactText(value, knownWords)
              : null;
        }
        return JSON.stringify(safe);
      } catch {
        return redactText(line, knownWords);
      }
    })
    .join('\n');
}

function tableCounts(db: Db): Record<string, number | string> {
  const counts: Record<string, number | string> = {};
  let names: string[];
  try {
    names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
  } catch (error) {
    return { error: (error as { code?: string }).code ?? 'unreadable' };
  }
  for (const name of names) {
    try {
      counts[name] = db
        .prepare(`SELECT count(*) FROM "${name.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number;
    } catch (error) {
      counts[name] = (error as { code?: string }).code ?? 'unreadable';
    }
  }
  return counts;
}

/** Runs `read` on the real workspace file: the open connection normally, a read-only one while it is damaged. */
function withWorkspaceDb<T>(backend: Backend, read: (db: Db) => T, fallback: T): T {
  if (backend.workspace.state !== 'damaged') return read(backend.workspace.db);
  let connection: ReadOnlyFile | null = null;
  try {
    connection = openReadOnlyFile(workspaceDbFile(backend.workspace.dir));
    return read(connection.db);
  } catch {
    return fallback;
  } finally {
    connection?.close();
  }
}

/** The bundle's files, in memory. */
export function collectDiagnostics(backend: Backend): ZipEntry[] {
  const knownWords = withWorkspaceDb(backend, knownPersonalWords, new Set<string>());
  const doctor = runDoctor(backend);
  const report = {
    generatedAt: new Date(backend.context.now()).toISOString(),
    app: { version: backend.appVersion },
    runtime: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      v8: process.versions.v8,
      sqlite: withWorkspaceDb(
        backend,
        (db) => db.prepare('SELECT sqlite_version()').pluck().get() as string,
        null,
      ),
      platform: process.platform,
      arch: process.arch,
      osRelease: release(),
      cpus: cpus().length,
      memoryMb: Math.round(totalmem() / 2 ** 20),
    },
    workspace: {
      state: backend.workspace.state,
      startupCheck: backend.workspace.check,
      schemaVersion: doctor.schemaVersion,
      latestSchemaVersion,
      tables: withWorkspaceDb(backend, tableCounts, {}),
    },
    doctor,
    jobs: backend.jobs.list().map((job) => ({
      kind: job.kind,
      status: job.status,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      error: job.error ? { code: job.error.code, message: job.error.message } : null,
    })),
  };
  const entries: ZipEntry[] = [
    {
      name: 'report.json',
      data: Buffer.from(redactText(JSON.stringify(report, null, 2), knownWords), 'utf8'),
    },
  ];
  const logDir = backend.logDir ?? join(dirname(backend.workspace.dir), 'logs');
  const logs = existsSync(logDir)
    ? readdirSync(logDir)
        .filter((name) => /^qundesk(\.\d+)?\.log$/.test(name))
        .sort()
    : [];
  for (const name of logs) {
    const content = readFileSync(join(logDir, name), 'utf8');
    entries.push({ name: `logs/${name}`, data: Buffer.from(redactLog(content, knownWords), 'utf8') });
  }
  return entries;
}

const stamp = (at: number) => new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Writes the zip (atomically: a temporary name, then a rename); the default is `<logs>/../diagnostics/`. */
export function exportDiagnostics(backend: Backend, input: { path?: string | undefined }): DiagnosticsReport {
  const entries = collectDiagnostics(backend);
  const logDir = backend.logDir ?? join(dirname(backend.workspace.dir), 'logs');
  const path = resolve(
    input.path ??
      join(dirname(logDir), 'diagnostics', `qundesk-diagnostics-${stamp(backend.context.now())}.zip`),
  );
  // The rename below would fail on a folder (EISDIR) after writing the whole zip beside it.
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
    throw new AppError('BAD_FILE', 'recovery.errors.targetIsFolder', { path });
  const zip = zipEntries(entries, new Date(backend.context.now()));
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, zip);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw storageFailure(error, dirname(path)) ?? error;
  }
  return { path, bytes: zip.length, entries: entries.map((entry) => entry.name) };
}
