-- The canonical documents, as validated (JSONB), with their revision and entity tag.
-- Ids sort bytewise (COLLATE "C"), as in SQLite, so both engines page in the same order.
CREATE TABLE articles (
    id          text COLLATE "C" PRIMARY KEY,
    revision    integer NOT NULL CHECK (revision > 0),
    etag        text NOT NULL,
    document    jsonb NOT NULL,
    summary     bytea NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- One row per collection member, with the columns filters test; `document` is its JSON, served as is.
CREATE TABLE items (
    collection  text COLLATE "C" NOT NULL,
    article_id  text COLLATE "C" NOT NULL,
    id          text COLLATE "C" NOT NULL,
    kind        text NOT NULL,
    sub_kind    text,
    date_start  date,
    date_end    date,
    updated_at  timestamptz NOT NULL,
    document    bytea NOT NULL,
    names       bytea,
    PRIMARY KEY (collection, article_id, id)
);
CREATE INDEX items_by_kind ON items (collection, kind, article_id, id);
CREATE INDEX items_by_update ON items (collection, updated_at);
CREATE INDEX items_by_article ON items (article_id);

-- What actor, location and country filters match (see service/store/index.py).
CREATE TABLE item_keys (
    collection  text COLLATE "C" NOT NULL,
    facet       text COLLATE "C" NOT NULL,
    value       text COLLATE "C" NOT NULL,
    article_id  text COLLATE "C" NOT NULL,
    item_id     text COLLATE "C" NOT NULL,
    PRIMARY KEY (collection, facet, value, article_id, item_id)
);
CREATE INDEX item_keys_by_article ON item_keys (article_id);

-- Deleted article ids, for pipelines that sync (GET /v1/deletions).
CREATE TABLE deletions (
    article_id  text COLLATE "C" NOT NULL,
    deleted_at  timestamptz NOT NULL,
    PRIMARY KEY (deleted_at, article_id)
);

-- Bumped by every write: corpus-wide representations are tagged with it.
CREATE TABLE store_version (
    one      integer PRIMARY KEY CHECK (one = 1),
    version  bigint NOT NULL
);
INSERT INTO store_version VALUES (1, 0);
