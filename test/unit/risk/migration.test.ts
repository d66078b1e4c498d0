import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import riskMigration from '../../../electron/main/db/migrations/0008-risk';
import riskRulesMigration from '../../../electron/main/db/migrations/0016-risk-rules';

const hitColumns = `(message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list, category,
  severity, action, rule, detector, version, found_at, status, decided_by, decided_at, reason)`;

describe('migration 0016 (risk rules)', () => {
  it('keeps every hit, its id and the allow phrases linked to it, and accepts the two newer rules', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, riskMigration.version);
    db.exec(`
      INSERT INTO groups (id, name, type, created_at, updated_at) VALUES (1, '读书会', 'content', 0, 0);
      INSERT INTO members (id, display_name, created_at, updated_at) VALUES (1, '小李', 0, 0);
      INSERT INTO messages (id, group_id, member_id, sender_name, sent_at, kind, content, fingerprint)
        VALUES (1, 1, 1, '小李', 1000, 'text', '加我微信', 'f1'), (2, 1, 1, '小李', 2000, 'text', '刷单返利', 'f2');
      INSERT INTO risk_hits (id, ${hitColumns.slice(1)}
        VALUES (7, 1, 1, 1, 1000, 0, 4, '加我微信', '加我微信', '广告', 'ads', 'medium', 'remind', 'literal', NULL, 1, 5,
                'dismissed', '管理员', 6, '老朋友'),
               (9, 2, 1, 1, 2000, 0, 4, '刷单返利', '刷单返利', '诈骗', 'scam', 'high', 'remove', 'normalised', NULL, 1, 5,
                'open', NULL, NULL, NULL);
      INSERT INTO risk_allow_phrases (id, phrase, hit_id, word, added_by, added_at)
        VALUES (3, '加我微信聊读书', 7, '加我微信', '管理员', 6);
    `);
    const hitsBefore = db.prepare('SELECT * FROM risk_hits ORDER BY id').all();

    migrate(db, riskRulesMigration.version);

    expect(db.prepare('SELECT * FROM risk_hits ORDER BY id').all()).toEqual(hitsBefore);
    expect(db.prepare('SELECT hit_id FROM risk_allow_phrases WHERE id = 3').pluck().get()).toBe(7);
    const insert = db.prepare(
      `INSERT INTO risk_hits ${hitColumns} VALUES (2, 1, 1, 2000, 1, 3, ?, '微信', '广告', 'ads', 'low', 'remind', ?,
        NULL, 2, 7, 'open', NULL, NULL, NULL)`,
    );
    insert.run('信微', 'reversed');
    expect(() => insert.run('威信', 'homophone')).toThrow(/UNIQUE/); // same span and word: the key still holds
    expect(() =>
      db
        .prepare(
          `INSERT INTO risk_hits ${hitColumns} VALUES (2, 1, 1, 2000, 0, 2, '刷单', '刷单', '诈骗', 'scam', 'low',
            'remind', 'guess', NULL, 2, 7, 'open', NULL, NULL, NULL)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    // Deleting a message still removes its hits; deleting a hit still unlinks its allow phrase.
    db.prepare('DELETE FROM risk_hits WHERE id = 7').run();
    expect(db.prepare('SELECT hit_id FROM risk_allow_phrases WHERE id = 3').pluck().get()).toBeNull();
    db.prepare('DELETE FROM messages WHERE id = 2').run();
    expect(db.prepare('SELECT count(*) FROM risk_hits WHERE message_id = 2').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(
      db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'risk_hits' ORDER BY name",
        )
        .pluck()
        .all(),
    ).toEqual(['risk_hits_group_time', 'risk_hits_key', 'risk_hits_queue', 'risk_hits_violation']);
    db.close();
  });
});
