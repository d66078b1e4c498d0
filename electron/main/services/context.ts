import type { Db } from '../db/connection';

/** What every service function gets: the workspace connection, a clock and who is acting (for the audit log). */
export interface ServiceContext {
  db: Db;
  now(): number;
  operator(): string;
}
