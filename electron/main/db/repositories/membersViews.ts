/** Saved views of the member list: a named filter + sort + column set, stored as JSON the app validates. */
import type {
  MemberListColumn,
  MemberSortKey,
  MemberView,
  MemberViewFilter,
} from '../../../../shared/ipc/channels/members';
import type { Db } from '../connection';

interface MemberViewDbRow {
  id: number;
  name: string;
  filter: string;
  sort: MemberSortKey;
  sort_order: 'asc' | 'desc';
  columns: string;
  created_at: number;
  updated_at: number;
}

export type MemberViewFields = Pick<MemberView, 'name' | 'filter' | 'sort' | 'order' | 'columns'>;

function toMemberView(row: MemberViewDbRow): MemberView {
  return {
    id: row.id,
    name: row.name,
    filter: JSON.parse(row.filter) as MemberViewFilter,
    sort: row.sort,
    order: row.sort_order,
    columns: JSON.parse(row.columns) as MemberListColumn[],
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function listMemberViews(db: Db): MemberView[] {
  const rows = db.prepare('SELECT * FROM member_views').all() as MemberViewDbRow[];
  // Pinyin order (沉 before 服), as the member names are sorted; a few dozen views at most.
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id).map(toMemberView);
}

export function findMemberView(db: Db, id: number): MemberView | null {
  const row = db.prepare('SELECT * FROM member_views WHERE id = ?').get(id) as MemberViewDbRow | undefined;
  return row ? toMemberView(row) : null;
}

export function findMemberViewIdByName(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM member_views WHERE name = ?').get(name) as
    { id: number } | undefined;
  return row?.id ?? null;
}

const viewParams = (view: MemberViewFields) => ({
  name: view.name,
  filter: JSON.stringify(view.filter),
  sort: view.sort,
  order: view.order,
  columns: JSON.stringify(view.columns),
});

export function insertMemberView(db: Db, view: MemberViewFields, now: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO member_views (name, filter, sort, sort_order, columns, created_at, updated_at)
         VALUES (@name, @filter, @sort, @order, @columns, @now, @now)`,
      )
      .run({ ...viewParams(view), now }).lastInsertRowid,
  );
}

export function updateMemberView(db: Db, id: number, view: MemberViewFields, now: number): void {
  db.prepare(
    `UPDATE member_views SET name = @name, filter = @filter, sort = @sort, sort_order = @order, columns = @columns,
       updated_at = @now WHERE id = @id`,
  ).run({ ...viewParams(view), now, id });
}

export function deleteMemberView(db: Db, id: number): void {
  db.prepare('DELETE FROM member_views WHERE id = ?').run(id);
}
