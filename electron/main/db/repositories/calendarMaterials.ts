/** The material library's rows: materials with their tags; `search_text` is what a search matches. */
import type { MaterialKind, MaterialTag } from '../../../../shared/domain/calendar/materials';
import type { Db } from '../connection';

export interface MaterialFields {
  kind: MaterialKind;
  title: string;
  body: string;
  reference: string;
  tags: string[];
  searchText: string;
}

export interface StoredMaterial extends Omit<MaterialFields, 'searchText'> {
  id: number;
  createdAt: number;
  updatedAt: number;
}

interface MaterialDbRow {
  id: number;
  kind: MaterialKind;
  title: string;
  body: string;
  reference: string;
  tags: string | null;
  created_at: number;
  updated_at: number;
}

/** Tags come back joined with a separator no tag holds (they are trimmed text without control characters). */
const tagSeparator = '\u001f';

const selectMaterials = `
  SELECT m.id, m.kind, m.title, m.body, m.reference, m.created_at, m.updated_at,
    (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM calendar_material_tags t WHERE t.material_id = m.id ORDER BY tag)) AS tags
  FROM calendar_materials m`;

function toStored(row: MaterialDbRow): StoredMaterial {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    reference: row.reference,
    tags: row.tags ? row.tags.split(tagSeparator) : [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function findMaterial(db: Db, id: number): StoredMaterial | null {
  const row = db.prepare(`${selectMaterials} WHERE m.id = ?`).get(id) as MaterialDbRow | undefined;
  return row ? toStored(row) : null;
}

export interface MaterialFilter {
  /** Every term must occur in the search text (already lower-case, NFKC). */
  terms: string[];
  tag?: string | undefined;
  kind?: MaterialKind | undefined;
  limit: number;
}

/** LIKE patterns match the terms literally: %, _ and the escape character itself are escaped. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Newest changes first. */
export function listMaterials(db: Db, filter: MaterialFilter): StoredMaterial[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const term of filter.terms) {
    conditions.push("m.search_text LIKE ? ESCAPE '\\'");
    params.push(likePattern(term));
  }
  if (filter.tag !== undefined) {
    conditions.push(
      'EXISTS (SELECT 1 FROM calendar_material_tags t WHERE t.material_id = m.id AND t.tag = ?)',
    );
    params.push(filter.tag);
  }
  if (filter.kind !== undefined) {
    conditions.push('m.kind = ?');
    params.push(filter.kind);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = db
    .prepare(`${selectMaterials} ${where} ORDER BY m.updated_at DESC, m.id DESC LIMIT ?`)
    .all(...params, filter.limit) as MaterialDbRow[];
  return rows.map(toStored);
}

export function materialTags(db: Db): MaterialTag[] {
  return db
    .prepare(
      `SELECT tag, count(*) AS count FROM calendar_material_tags GROUP BY tag ORDER BY count DESC, tag`,
    )
    .all() as MaterialTag[];
}

function writeTags(db: Db, id: number, tags: readonly string[]): void {
  db.prepare('DELETE FROM calendar_material_tags WHERE material_id = ?').run(id);
  const insert = db.prepare('INSERT INTO calendar_material_tags (material_id, tag) VALUES (?, ?)');
  for (const tag of tags) insert.run(id, tag);
}

export function insertMaterial(db: Db, fields: MaterialFields, now: number): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO calendar_materials (kind, title, body, reference, search_text, created_at, updated_at)
         VALUES (@kind, @title, @body, @reference, @searchText, @now, @now)`,
      )
      .run({ ...fields, now }).lastInsertRowid,
  );
  writeTags(db, id, fields.tags);
  return id;
}

export function updateMaterial(db: Db, id: number, fields: MaterialFields, now: number): void {
  db.prepare(
    `UPDATE calendar_materials SET kind = @kind, title = @title, body = @body, reference = @reference,
       search_text = @searchText, updated_at = @now
     WHERE id = @id`,
  ).run({ ...fields, id, now });
  writeTags(db, id, fields.tags);
}

export function deleteMaterial(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM calendar_materials WHERE id = ?').run(id).changes > 0;
}
