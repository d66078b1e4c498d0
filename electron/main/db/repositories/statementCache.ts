import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection';

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement kept per connection: hot paths (member inserts during an import, list pages) would
 * otherwise compile the same SQL on every call.
 */
export function cachedStatement(db: Db, sql: string, options: { pluck?: boolean } = {}): Statement {
  const key = options.pluck ? `pluck:${sql}` : sql;
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    // Pluck mode sticks to the statement, so plucking statements are cached apart.
    if (options.pluck) statement.pluck();
    // Dynamic SQL (list filters) has a bounded number of shapes; the cap only guards against surprises.
    if (cache.size > 500) cache.clear();
    cache.set(key, statement);
  }
  return statement;
}
