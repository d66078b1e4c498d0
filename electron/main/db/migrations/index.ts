import type Database from 'better-sqlite3';
import { AppError } from '../../../../shared/ipc/errors';
import m0001 from './0001-initial';
import m0002 from './0002-import-provenance';
import m0003 from './0003-members';
import m0004 from './0004-backup';
import m0005 from './0005-crisis';
import m0006 from './0006-calendar';
import m0007 from './0007-health';
import m0008 from './0008-risk';
import m0009 from './0009-groups-admission';
import m0010 from './0010-member-views';
import m0011 from './0011-operators';
import m0012 from './0012-calendar-materials';
import m0013 from './0013-health-rollups';
import m0014 from './0014-activity-keyword';
import m0015 from './0015-import-speed';
import m0016 from './0016-risk-rules';
import m0017 from './0017-health-complaint-rollups';
import m0018 from './0018-member-check-speed';
import m0019 from './0019-health-outreach';
import m0020 from './0020-member-pieces-qr-images';
import m0021 from './0021-fts-automerge';
import m0022 from './0022-member-name-documents';
import m0023 from './0023-fts-detail-none';
import m0024 from './0024-drop-member-display-name-index';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Ordered; one file per schema version. Never edit a migration that has shipped: add the next one. */
export const migrations: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
  m0020,
  m0021,
  m0022,
  m0023,
  m0024,
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;

/** Applies every migration above the database's user_version, each in its own transaction. */
export function migrate(db: Database.Database, target = latestSchemaVersion): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latestSchemaVersion) {
    throw new AppError('UNSUPPORTED', 'errors.newerDatabase', {
      found: current,
      supported: latestSchemaVersion,
    });
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
