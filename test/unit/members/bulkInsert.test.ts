import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulkInsert } from '../../../electron/main/db/repositories/membersBulk';

/** Typed and untyped columns: a value bound once for many rows must land as it does bound per row, in either. */
const schema = 'id INTEGER PRIMARY KEY, n INTEGER, r REAL, t TEXT, b BLOB, any_value';
const columns = ['n', 'r', 't', 'b', 'any_value'];

/** Few distinct values, so that whole statements often hold one value in a column (null, 0, -0, 1.5, '', text). */
const cell = fc.constantFrom<unknown>(null, 0, -0, 1, 1.5, 2 ** 53 - 1, '', '成员', "it's", 'x');
const row = fc.array(cell, { minLength: columns.length, maxLength: columns.length });
/** Rows in runs of one row repeated (whole statements alike), of rows alike in some columns, or of mixed rows. */
const rows = fc
  .array(
    fc.oneof(
      fc
        .tuple(row, fc.integer({ min: 1, max: 1200 }))
        .map(([one, times]) => Array.from({ length: times }, () => one)),
      fc
        .tuple(
          row,
          fc.array(fc.boolean(), { minLength: columns.length, maxLength: columns.length }),
          fc.array(row, { minLength: 2, maxLength: 700 }),
        )
        .map(([fixed, keep, varied]) =>
          varied.map((values) => values.map((value, column) => (keep[column] ? fixed[column] : value))),
        ),
      fc.array(row, { minLength: 1, maxLength: 40 }),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((runs) => runs.flat());

const stored = (db: Database.Database, table: string) =>
  db
    .prepare(
      `SELECT ${columns.map((column) => `${column}, typeof(${column}) AS ${column}_type`).join(', ')} FROM ${table} ORDER BY id`,
    )
    .all();

/** The rows of each statement `flush` runs: 500 at a time, then 256, 128 … 1. */
function statementRows(count: number): number[] {
  const sizes: number[] = [];
  let left = count;
  for (; left >= 500; left -= 500) sizes.push(500);
  for (let size = 256; size >= 1; size /= 2)
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  return sizes;
}

/** How many columns hold one value in every row of each statement (as `flush` decides: Object.is, 2 rows or more). */
function sharedColumns(queued: unknown[][]): number[] {
  let start = 0;
  return statementRows(queued.length).map((size) => {
    const statement = queued.slice(start, (start += size));
    return columns.filter(
      (_, column) =>
        size > 1 && statement.every((values) => Object.is(values[column], statement[0]![column])),
    ).length;
  });
}

describe('BulkInsert', () => {
  it('stores every row as a statement per row would, whichever columns a statement binds once for all its rows', () => {
    const statements = { allShared: 0, someShared: 0, noneShared: 0 };
    fc.assert(
      fc.property(rows, (queued) => {
        const db = new Database(':memory:');
        db.exec(`CREATE TABLE per_row (${schema}); CREATE TABLE bulk (${schema});`);
        const insert = db.prepare(`INSERT INTO per_row (${columns.join(', ')}) VALUES (?, ?, ?, ?, ?)`);
        for (const values of queued) insert.run(values);
        const bulk = new BulkInsert(db, `INSERT INTO bulk (${columns.join(', ')})`, columns.length);
        for (const values of queued) bulk.add(...values);
        bulk.flush();
        expect(stored(db, 'bulk')).toEqual(stored(db, 'per_row'));
        for (const shared of sharedColumns(queued)) {
          if (shared === columns.length) statements.allShared += 1;
          else if (shared > 0) statements.someShared += 1;
          else statements.noneShared += 1;
        }
        db.close();
      }),
      { numRuns: 60 },
    );
    expect(statements.allShared).toBeGreaterThan(20);
    expect(statements.someShared).toBeGreaterThan(20);
    expect(statements.noneShared).toBeGreaterThan(20);
  });
});
