import type { Migration } from './index';

/**
 * Operators and the app lock:
 * - operators: local profiles with a built-in role (owner 群主 / admin 管理员 / observer 观察员) or a custom one,
 *   and a scrypt passphrase hash (`scrypt$N$r$p$salt$hash`, parameters stored so they can be raised later).
 * - operator_roles: custom roles, each a JSON list of permissions. Built-in roles live in code.
 * - audit_log.operator_id: which operator an entry belongs to (the name column stays as written at the time).
 * Lock settings and failed sign-in counts live in workspace_meta (`session.*`).
 */
const migration: Migration = {
  version: 11,
  name: 'operators',
  up(db) {
    db.exec(`
      CREATE TABLE operator_roles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        permissions TEXT NOT NULL CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX operator_roles_name ON operator_roles (name COLLATE NOCASE);

      CREATE TABLE operators (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'observer', 'custom')),
        custom_role_id INTEGER REFERENCES operator_roles (id) ON DELETE RESTRICT,
        passphrase_hash TEXT NOT NULL CHECK (passphrase_hash LIKE 'scrypt$%'),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_sign_in_at INTEGER,
        CHECK ((role = 'custom') = (custom_role_id IS NOT NULL))
      ) STRICT;
      CREATE UNIQUE INDEX operators_name ON operators (name COLLATE NOCASE);
      CREATE INDEX operators_custom_role ON operators (custom_role_id) WHERE custom_role_id IS NOT NULL;

      ALTER TABLE audit_log ADD COLUMN operator_id INTEGER;
      CREATE INDEX audit_log_operator ON audit_log (operator, at);
    `);
  },
};

export default migration;
