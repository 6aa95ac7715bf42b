-- The canonical documents, as validated, with their revision and entity tag.
CREATE TABLE articles (
    id          TEXT PRIMARY KEY,
    revision    INTEGER NOT NULL CHECK (revision > 0),
    etag        TEXT NOT NULL,
    document    BLOB NOT NULL,
    summary     BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- One row per collection member, with the columns filters test; `document` is its JSON, served as is.
CREATE TABLE items (
    collection  TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sub_kind    TEXT,
    date_start  TEXT,
    date_end    TEXT,
    updated_at  TEXT NOT NULL,
    document    BLOB NOT NULL,
    names       BLOB,
    PRIMARY KEY (collection, article_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX items_by_kind ON items (collection, kind, article_id, id);
CREATE INDEX items_by_update ON items (collection, updated_at);
CREATE INDEX items_by_article ON items (article_id);

-- What actor, location and country filters match (see service/store/index.py).
CREATE TABLE item_keys (
    collection  TEXT NOT NULL,
    facet       TEXT NOT NULL,
    value       TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    PRIMARY KEY (collection, facet, value, article_id, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX item_keys_by_article ON item_keys (article_id);

-- Deleted article ids, for pipelines that sync (GET /v1/deletions).
CREATE TABLE deletions (
    article_id  TEXT NOT NULL,
    deleted_at  TEXT NOT NULL,
    PRIMARY KEY (deleted_at, article_id)
) STRICT;

-- Bumped by every write: corpus-wide representations are tagged with it.
CREATE TABLE store_version (
    one      INTEGER PRIMARY KEY CHECK (one = 1),
    version  INTEGER NOT NULL
) STRICT;
INSERT INTO store_version VALUES (1, 0);
