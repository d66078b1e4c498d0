import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../../electron/main/db/migrations';

describe('migration 0005 (crisis)', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  afterAll(() => db.close());
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
      .map((row) => row.detail)
      .join(' | ');

  it('is registered as version 5', () => {
    expect(migrations.find((migration) => migration.name === 'crisis')?.version).toBe(5);
  });

  it('uses indexes for timelines, lists and the latest prevention check', () => {
    expect(plan('SELECT * FROM crisis_events WHERE incident_id = 1 ORDER BY at, id')).toMatch(
      /crisis_events_incident/,
    );
    expect(plan('SELECT * FROM crisis_events WHERE drill_id = 1 ORDER BY at, id')).toMatch(
      /crisis_events_drill/,
    );
    expect(plan("SELECT * FROM crisis_incidents WHERE status = 'open' ORDER BY opened_at DESC")).toMatch(
      /crisis_incidents_opened/,
    );
    expect(plan("SELECT * FROM crisis_drills WHERE participant = 'x' ORDER BY started_at DESC")).toMatch(
      /crisis_drills_participant/,
    );
    expect(
      plan(
        "SELECT id FROM crisis_prevention_checks WHERE group_id = 1 AND playbook_id = 1 AND measure_id = 'm' ORDER BY checked_at DESC LIMIT 1",
      ),
    ).toMatch(/crisis_prevention_checks_latest/);
  });

  it('keeps runs pinned to an existing playbook version, and an event on exactly one run', () => {
    db.exec(`INSERT INTO crisis_playbooks (id, key, name, risk_type, current_version, origin, created_at, updated_at)
             VALUES (1, 'k', 'n', 'other', 1, 'user', 0, 0)`);
    db.exec(
      `INSERT INTO crisis_playbook_versions (playbook_id, version, definition, created_at, created_by) VALUES (1, 1, '{}', 0, 't')`,
    );
    const insertIncident = (version: number) =>
      db
        .prepare(
          `INSERT INTO crisis_incidents (title, playbook_id, playbook_version, source_kind, status, opened_at, opened_by)
           VALUES ('t', 1, ?, 'manual', 'open', 0, 't')`,
        )
        .run(version);
    expect(() => insertIncident(2)).toThrow(/FOREIGN KEY/);
    const incident = Number(insertIncident(1).lastInsertRowid);
    expect(() => db.exec(`DELETE FROM crisis_playbook_versions WHERE playbook_id = 1`)).toThrow(
      /FOREIGN KEY/,
    );
    expect(() =>
      db.exec(
        `INSERT INTO crisis_events (incident_id, drill_id, at, kind, actor) VALUES (${incident}, NULL, 0, 'note', 't')`,
      ),
    ).not.toThrow();
    expect(() =>
      db.exec(
        `INSERT INTO crisis_events (incident_id, drill_id, at, kind, actor) VALUES (NULL, NULL, 0, 'note', 't')`,
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      db.exec(
        `INSERT INTO crisis_events (incident_id, drill_id, at, kind, actor) VALUES (${incident}, NULL, 0, 'party', 't')`,
      ),
    ).toThrow(/CHECK/);
  });
});
