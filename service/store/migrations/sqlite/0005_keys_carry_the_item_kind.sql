-- Each key carries its item's kind, in the key table (its primary key's B-tree): a facet filter with a
-- type (location=…&type=Battles) is answered from the keys alone, where it probed the items for each
-- candidate key. The table is written again in key order.
CREATE TABLE item_keys_with_kind (
    collection  TEXT NOT NULL,
    facet       TEXT NOT NULL,
    value       TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    PRIMARY KEY (collection, facet, value, article_id, item_id)
) STRICT, WITHOUT ROWID;
INSERT INTO item_keys_with_kind
    SELECT k.collection, k.facet, k.value, k.article_id, k.item_id, i.kind
    FROM item_keys k JOIN items i ON i.collection = k.collection AND i.article_id = k.article_id AND i.id = k.item_id
    ORDER BY k.collection, k.facet, k.value, k.article_id, k.item_id;
DROP TABLE item_keys;
ALTER TABLE item_keys_with_kind RENAME TO item_keys;
