import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import operatorsMigration from '../../../electron/main/db/migrations/0011-operators';

describe('migration 0011 (operators)', () => {
  it('adds the operator tables and an operator id to existing audit entries, which stay as they were', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, operatorsMigration.version - 1);
    db.prepare(
      "INSERT INTO audit_log (at, operator, action, entity) VALUES (1, 'local', 'create', 'group')",
    ).run();
    migrate(db, operatorsMigration.version);
    expect(db.prepare('SELECT operator, operator_id FROM audit_log').get()).toEqual({
      operator: 'local',
      operator_id: null,
    });
    const insert = db.prepare(
      `INSERT INTO operators (name, role, custom_role_id, passphrase_hash, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1)`,
    );
    insert.run('甲', 'owner', null, 'scrypt$1$1$1$a$b');
    expect(() => insert.run('甲', 'admin', null, 'scrypt$x')).toThrow(/UNIQUE/);
    expect(() => insert.run('乙', 'custom', null, 'scrypt$x')).toThrow(/CHECK/);
    expect(() => insert.run('丙', 'admin', null, 'plain-text')).toThrow(/CHECK/);
    expect(() => insert.run('丁', 'custom', 42, 'scrypt$x')).toThrow(/FOREIGN KEY/);
    const role = db
      .prepare(
        "INSERT INTO operator_roles (name, permissions, created_at, updated_at) VALUES ('客服', '[\"reveal\"]', 1, 1)",
      )
      .run().lastInsertRowid;
    insert.run('戊', 'custom', role, 'scrypt$x');
    expect(() => db.prepare('DELETE FROM operator_roles WHERE id = ?').run(role)).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO operator_roles (name, permissions, created_at, updated_at) VALUES ('x', '{}', 1, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
