import type { Migration } from './index';

/**
 * Content calendar, second part: the material library (素材库: reusable texts, templates, image references and
 * links, with tags and a search key that holds pinyin too) and the operator's results of an activity for its
 * post-event report (participants counted by hand, conversions, money actually spent). NULL results mean "not
 * entered yet", which the report tells apart from zero.
 */
const migration: Migration = {
  version: 12,
  name: 'calendar-materials',
  up(db) {
    db.exec(`
      CREATE TABLE calendar_materials (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'template', 'image', 'link')),
        title TEXT NOT NULL,
        -- The text of a text or template; a description of an image or link.
        body TEXT NOT NULL DEFAULT '',
        -- An image's file name or path (the file stays where it is), a link's URL; '' otherwise.
        reference TEXT NOT NULL DEFAULT '',
        -- Lower-case title, body, reference and tags plus the pinyin of title and tags: what search matches.
        search_text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX calendar_materials_updated ON calendar_materials (updated_at);

      CREATE TABLE calendar_material_tags (
        material_id INTEGER NOT NULL REFERENCES calendar_materials (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (material_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX calendar_material_tags_tag ON calendar_material_tags (tag);

      ALTER TABLE activities ADD COLUMN participants_entered INTEGER CHECK (participants_entered >= 0);
      ALTER TABLE activities ADD COLUMN conversions INTEGER CHECK (conversions >= 0);
      ALTER TABLE activities ADD COLUMN spent_cents INTEGER CHECK (spent_cents >= 0);
    `);
  },
};

export default migration;
