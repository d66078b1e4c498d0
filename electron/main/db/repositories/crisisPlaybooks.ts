import type { Playbook } from '../../../../shared/domain/crisis/playbook';
import type { PlaybookOrigin } from '../../../../shared/domain/crisis/views';
import type { Db } from '../connection';

export interface PlaybookRow {
  id: number;
  key: string;
  name: string;
  riskType: Playbook['riskType'];
  currentVersion: number;
  origin: PlaybookOrigin;
  createdAt: number;
  updatedAt: number;
}

export interface PlaybookVersionRow {
  playbookId: number;
  version: number;
  /** Canonical JSON of the definition. */
  definition: string;
  note: string;
  createdAt: number;
  createdBy: string;
}

interface PlaybookDbRow {
  id: number;
  key: string;
  name: string;
  risk_type: Playbook['riskType'];
  current_version: number;
  origin: PlaybookOrigin;
  created_at: number;
  updated_at: number;
}

interface VersionDbRow {
  playbook_id: number;
  version: number;
  definition: string;
  note: string;
  created_at: number;
  created_by: string;
}

const toPlaybook = (row: PlaybookDbRow): PlaybookRow => ({
  id: row.id,
  key: row.key,
  name: row.name,
  riskType: row.risk_type,
  currentVersion: row.current_version,
  origin: row.origin,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toVersion = (row: VersionDbRow): PlaybookVersionRow => ({
  playbookId: row.playbook_id,
  version: row.version,
  definition: row.definition,
  note: row.note,
  createdAt: row.created_at,
  createdBy: row.created_by,
});

export function listPlaybookRows(db: Db): PlaybookRow[] {
  return (db.prepare('SELECT * FROM crisis_playbooks ORDER BY name, id').all() as PlaybookDbRow[]).map(
    toPlaybook,
  );
}

export function findPlaybookRow(db: Db, id: number): PlaybookRow | null {
  const row = db.prepare('SELECT * FROM crisis_playbooks WHERE id = ?').get(id) as PlaybookDbRow | undefined;
  return row ? toPlaybook(row) : null;
}

export function findPlaybookIdByKey(db: Db, key: string): number | null {
  const row = db.prepare('SELECT id FROM crisis_playbooks WHERE key = ?').get(key) as
    { id: number } | undefined;
  return row?.id ?? null;
}

export function insertPlaybookRow(
  db: Db,
  fields: { key: string; name: string; riskType: string; origin: PlaybookOrigin },
  now: number,
): number {
  const result = db
    .prepare(
      `INSERT INTO crisis_playbooks (key, name, risk_type, current_version, origin, created_at, updated_at)
       VALUES (@key, @name, @riskType, 1, @origin, @now, @now)`,
    )
    .run({ ...fields, now });
  return Number(result.lastInsertRowid);
}

export function setCurrentVersion(
  db: Db,
  id: number,
  version: number,
  fields: { name: string; riskType: string },
  now: number,
): void {
  db.prepare(
    'UPDATE crisis_playbooks SET current_version = @version, name = @name, risk_type = @riskType, updated_at = @now WHERE id = @id',
  ).run({ id, version, ...fields, now });
}

export function insertPlaybookVersion(db: Db, row: PlaybookVersionRow): void {
  db.prepare(
    `INSERT INTO crisis_playbook_versions (playbook_id, version, definition, note, created_at, created_by)
     VALUES (@playbookId, @version, @definition, @note, @createdAt, @createdBy)`,
  ).run(row);
}

export function findPlaybookVersion(db: Db, playbookId: number, version: number): PlaybookVersionRow | null {
  const row = db
    .prepare('SELECT * FROM crisis_playbook_versions WHERE playbook_id = ? AND version = ?')
    .get(playbookId, version) as VersionDbRow | undefined;
  return row ? toVersion(row) : null;
}

/** Newest first, without the definitions. */
export function listPlaybookVersions(db: Db, playbookId: number): Omit<PlaybookVersionRow, 'definition'>[] {
  const rows = db
    .prepare(
      `SELECT playbook_id, version, note, created_at, created_by
       FROM crisis_playbook_versions WHERE playbook_id = ? ORDER BY version DESC`,
    )
    .all(playbookId) as Omit<VersionDbRow, 'definition'>[];
  return rows.map((row) => {
    const { definition: _definition, ...info } = toVersion({ ...row, definition: '' });
    return info;
  });
}

/** Current definitions of every playbook (for trigger evaluation and prevention audits). */
export function listCurrentDefinitions(db: Db): { row: PlaybookRow; definition: string }[] {
  const rows = db
    .prepare(
      `SELECT p.*, v.definition FROM crisis_playbooks p
       JOIN crisis_playbook_versions v ON v.playbook_id = p.id AND v.version = p.current_version
       ORDER BY p.name, p.id`,
    )
    .all() as (PlaybookDbRow & { definition: string })[];
  return rows.map((row) => ({ row: toPlaybook(row), definition: row.definition }));
}

export function playbookKeys(db: Db): Set<string> {
  return new Set(
    (db.prepare('SELECT key FROM crisis_playbooks').all() as { key: string }[]).map((row) => row.key),
  );
}
