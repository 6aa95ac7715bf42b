-- One row per article: the canonical JSON document as it was validated, with its revision.
CREATE TABLE articles (
    id          TEXT PRIMARY KEY,
    revision    INTEGER NOT NULL CHECK (revision > 0),
    document    BLOB NOT NULL,
    summary     BLOB NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
